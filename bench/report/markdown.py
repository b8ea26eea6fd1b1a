"""The Markdown of a report, and its place in a longer document.

The report is a section between two markers; writing it into a file that already has them
replaces only what lies between, so the explanation around it (docs/benchmarks.md) stays.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.harness import Figure
from bench.report.chart import write_chart
from bench.report.machine import Machine

START = "<!-- bench-report:start -->"
END = "<!-- bench-report:end -->"
NONE = "—"


@dataclass(frozen=True)
class BenchRun:
    """One benchmark module's run: its figures, how long it took, the load when it began."""

    name: str
    seconds: float
    load_before: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Run:
    command: str
    quick: bool
    load_before: str
    load_after: str
    benches: tuple[BenchRun, ...]

    @property
    def figures(self) -> list[Figure]:
        return [f for bench in self.benches for f in bench.figures]


def chart_path(report: Path) -> Path:
    """Where the chart of ``report`` goes: beside it, ``<stem>-ratios.svg``."""
    return report.with_name(f"{report.stem}-ratios.svg")


def number(value: float) -> str:
    if math.isnan(value):
        return NONE
    size = abs(value)
    if size >= 1000:
        return f"{value:,.0f}"
    if size >= 100:
        return f"{value:.0f}"
    if size >= 10:
        return f"{value:.1f}"
    if size >= 1 or size == 0:
        return f"{value:.2f}"
    return f"{value:.3g}"


def quantity(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return NONE
    return f"{number(value)} {unit}".strip()


def cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|") or NONE


def target(figure: Figure) -> str:
    if figure.target is None:
        return NONE
    sign = "≤" if figure.direction == "max" else "≥"
    return f"{sign} {quantity(figure.target, figure.unit)}"


def ratio(figure: Figure) -> str:
    return NONE if figure.ratio is None else f"{figure.ratio:.3g}×"


def floor_definition(figure: Figure) -> str:
    if figure.floor:
        return figure.floor
    if figure.baseline is not None:
        return f"see the docstring of `bench/{figure.bench}.py`"
    return NONE


def result(figure: Figure) -> str:
    if figure.failed is not None:
        return f"**FAILED**: {figure.failed}"
    if figure.ok is None:
        return "no target"
    if figure.ok:
        return "ok"
    return "**FAILED**: " + ("above target" if figure.direction == "max" else "below target")


def figure_row(figure: Figure) -> str:
    cells = [figure.bench, figure.metric, quantity(figure.value, figure.unit), target(figure),
             quantity(figure.baseline, figure.unit), ratio(figure), floor_definition(figure),
             result(figure)]
    return "| " + " | ".join(cell(c) for c in cells) + " |"


def figures_table(figures: Sequence[Figure]) -> list[str]:
    return ["| benchmark | figure | value | target | floor | ratio to floor | floor definition "
            "| result |",
            "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
            *(figure_row(f) for f in figures)]


def runs_table(run: Run) -> list[str]:
    lines = ["| benchmark | seconds | load average at its start | figures | not ok |",
             "| --- | ---: | --- | ---: | ---: |"]
    for bench in run.benches:
        failing = sum(f.ok is False for f in bench.figures)
        lines.append(f"| {bench.name} | {bench.seconds:.1f} | {bench.load_before} "
                     f"| {len(bench.figures)} | {failing} |")
    return lines


def machine_table(run: Run, machine: Machine) -> list[str]:
    rows = [("date", machine.date), ("commit", f"`{machine.commit}`"),
            ("machine", f"{machine.cpu}, {machine.cores} cores, {machine.ram} RAM"),
            ("load average (1, 5, 15 min)",
             f"{run.load_before} before, {run.load_after} after"),
            ("Python", machine.python), ("Qt", machine.qt), ("SQLite", machine.sqlite),
            ("PostgreSQL", machine.postgresql)]
    return ["| | |", "| --- | --- |", *(f"| {k} | {cell(v)} |" for k, v in rows)]


def render(run: Run, machine: Machine, chart: str | None) -> str:
    """The report's Markdown (what goes between the markers); ``chart``: the SVG's name
    relative to the report, or None when there is none."""
    figures = run.figures
    failed = sum(f.ok is False for f in figures)
    untargeted = sum(f.ok is None for f in figures)
    lines = [f"Taken with `{run.command}`."]
    if run.quick:
        lines.append("**Quick run** (`--quick`: smaller inputs, fewer samples): it checks "
                     "that the benchmarks work, its figures are not the ones to compare.")
    lines += ["", *machine_table(run, machine), "",
              f"{len(figures)} figures from {len(run.benches)} benchmarks: "
              f"{len(figures) - failed - untargeted} ok, {failed} FAILED, "
              f"{untargeted} without a target.", ""]
    if chart is not None:
        lines += [f"![Cost of each figure relative to its floor]({chart})", ""]
    lines += [*figures_table(figures), "", *runs_table(run)]
    return "\n".join(lines)


def replace_section(text: str, section: str) -> str:
    """``text`` with what lies between the markers replaced by ``section``; a text without
    markers gets them (with ``section``) appended, so nothing written by hand is lost."""
    block = f"{START}\n{section.strip()}\n{END}"
    start, end = text.find(START), text.find(END)
    if start == -1 and end == -1:
        if not text.strip():
            return f"# Benchmark report\n\n{block}\n"
        return f"{text.rstrip()}\n\n## Last report\n\n{block}\n"
    if start == -1 or end < start or text.count(START) != 1 or text.count(END) != 1:
        raise ValueError(f"the report markers are not one {START} followed by one {END}")
    return text[:start] + block + text[end + len(END):]


def check_target(path: Path) -> str | None:
    """Why the report could not be written into ``path``, or None when it can."""
    if not path.parent.is_dir():
        return f"no folder {path.parent} for the report"
    if path.exists():
        try:
            replace_section(path.read_text(encoding="utf-8"), "")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            return f"cannot write the report into {path}: {exc}"
    return None


def write_report(path: Path, run: Run, machine: Machine) -> int:
    """Write the report into ``path`` (between its markers) and its chart beside it;
    returns the number of bars the chart holds."""
    svg = chart_path(path)
    bars = write_chart(run.figures, svg)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(replace_section(old, render(run, machine, svg.name)), encoding="utf-8")
    return bars
