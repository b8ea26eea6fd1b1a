"""The Markdown report of a benchmark run (``python -m bench … --report FILE.md``): the
machine it ran on, one table of every figure against its target and floor, and a bar chart
of the ratios to the floors beside it. Not a benchmark: ``python -m bench`` lists modules only.
"""
