"""``python -m bench NAME…`` (or ``all``): run benchmarks, print one JSON line per figure."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import bench

NOT_BENCHMARKS = {"harness", "__main__"}


def available() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(bench.__path__)
                  if m.name not in NOT_BENCHMARKS)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="+", help=f"one of: {', '.join(available())}, or all")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (smoke run)")
    args = parser.parse_args(argv)
    names = available() if args.names == ["all"] else args.names
    unknown = [n for n in names if n not in available()]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    failed = False
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        for figure in module.run(quick=args.quick):
            print(figure.as_json(), flush=True)
            failed |= figure.ok is False
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
