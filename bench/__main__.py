"""``python -m bench NAME…`` (or ``all``): run benchmarks, print one JSON line per figure.

``--report FILE.md`` also writes the Markdown report of the run into FILE.md (between its
report markers, see bench/report/markdown.py) and the chart of the ratios beside it. A
benchmark that raises becomes one FAILED figure and the others still run. The exit status
is 1 when any figure is not ok (failed, or missed its target).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
import traceback
from collections.abc import Collection, Sequence
from pathlib import Path
from types import ModuleType

import bench
from bench.harness import Figure, crashed

NOT_BENCHMARKS = {"harness", "__main__"}


def available() -> list[str]:
    """The benchmark modules of bench/ (its packages, like bench/report, are not ones)."""
    return sorted(m.name for m in pkgutil.iter_modules(bench.__path__)
                  if not m.ispkg and m.name not in NOT_BENCHMARKS)


def load(name: str) -> ModuleType:
    return importlib.import_module(f"bench.{name}")


def run_one(name: str, quick: bool, only_failed: bool = False,
            elsewhere: Collection[str] = ()) -> list[Figure]:
    """The figures of one benchmark, printed as they come; a benchmark that raises leaves
    the figures it gave before, plus one failed figure saying what it raised.

    Some benchmarks include another's figures (agenda gives the reminders', firms the
    occupations'); those of a benchmark in ``elsewhere``, which runs on its own in the
    same command, are left to that run so that no figure is reported twice."""
    figures: list[Figure] = []
    try:
        for figure in load(name).run(quick=quick):
            if figure.bench != name and figure.bench in elsewhere:
                continue
            figures.append(figure)
            if not only_failed or figure.ok is False:
                print(figure.as_json(), flush=True)
    except Exception as exc:  # noqa: BLE001 - one broken benchmark must not stop the others
        traceback.print_exc(file=sys.stderr)
        figure = crashed(name, exc)
        figures.append(figure)
        print(figure.as_json(), flush=True)
    return figures


def why(figure: Figure) -> str:
    if figure.failed is not None:
        return figure.failed
    return f"{figure.value:g} {figure.unit} against the target {figure.target}"


def summary(figures: Sequence[Figure]) -> list[str]:
    """What goes to stderr at the end: each figure that is not ok and why, then the count."""
    bad = [f for f in figures if f.ok is False]
    return [*(f"FAILED {f.bench} {f.metric}: {why(f)}" for f in bad),
            f"{len(bad)} of {len(figures)} figures not ok"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="+", help=f"one of: {', '.join(available())}, or all")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (smoke run)")
    parser.add_argument("--report", type=Path, metavar="FILE.md",
                        help="write the Markdown report of the run into FILE.md (between its "
                        "bench-report markers) and the chart of ratios beside it")
    parser.add_argument("--only-failed", action="store_true",
                        help="print only the figures that are not ok (the report keeps all)")
    args = parser.parse_args(argv)
    names = available() if args.names == ["all"] else args.names
    unknown = [n for n in names if n not in available()]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")

    from bench.report import machine
    from bench.report.markdown import BenchRun, Run, check_target, write_report

    if args.report is not None:  # before a run of an hour, not after it
        problem = check_target(args.report)
        if problem:
            parser.error(problem)

    started, commit, load_before = machine.now(), machine.git_commit(), machine.load_average()
    benches = []
    for name in names:
        load, start = machine.load_average(), time.perf_counter()
        figures = run_one(name, args.quick, args.only_failed, elsewhere=names)
        benches.append(BenchRun(name, time.perf_counter() - start, load, tuple(figures)))
    run = Run(" ".join(["python -m bench", *argv]), args.quick, load_before,
              machine.load_average(), tuple(benches))
    print("\n".join(summary(run.figures)), file=sys.stderr)
    if args.report is not None:
        bars = write_report(args.report, run, machine.describe(started, commit))
        print(f"report written to {args.report} (chart of {bars} ratios beside it)",
              file=sys.stderr)
    return 1 if any(f.ok is False for f in run.figures) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
