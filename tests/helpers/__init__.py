"""Helpers shared by the tests and, from a source checkout, by ``python -m bench``.

They live here, not in ``bench/``, because the tests need them and the benchmarks are
not part of the installed package.
"""
