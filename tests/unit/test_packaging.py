"""What the wheel ships: the application and the regional server, not the benchmarks;
the benchmarks still run from a source checkout."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from setuptools import find_namespace_packages

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_holds_no_benchmarks_and_no_tests() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    find = config["tool"]["setuptools"]["packages"]["find"]
    packages = find_namespace_packages(where=str(ROOT), include=find["include"],
                                       exclude=find.get("exclude", ()))
    tops = {name.split(".")[0] for name in packages}
    assert {"desktop", "server"} <= tops
    assert not tops & {"bench", "tests"}, sorted(tops)


def test_benchmarks_run_from_a_source_checkout() -> None:
    """``python -m bench`` lists them, and each imports (its shared helpers now live in
    tests/helpers, importable from the checkout)."""
    listed = subprocess.run([sys.executable, "-m", "bench", "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    names = ("documents", "indicators", "matching", "queue", "registration", "security",
             "startup", "sync")
    for name in names:
        assert name in listed.stdout
    imported = subprocess.run(
        [sys.executable, "-c", "; ".join(f"import bench.{n}" for n in names)], cwd=ROOT,
        capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
