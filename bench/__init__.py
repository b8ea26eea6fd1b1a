"""Benchmarks: ``python -m bench NAME…`` runs them; each figure is one JSON line.

Every benchmark measures a baseline in the same run (a raw SQLite query, a plain
ReportLab document, a bare Qt window…), so a figure can be read against what the
same machine does at the same moment: machines here are noisy. ``--report FILE.md``
writes the run's report (bench/report/); docs/benchmarks.md says how to read it.
"""
