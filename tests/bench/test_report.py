"""The benchmark report: its table, its chart, its place in docs/benchmarks.md, and the exit
status of ``python -m bench``. Fake figures and fake benchmark modules only: no real
benchmark runs here (they are never timed tests)."""

from __future__ import annotations

import math
import re
import types
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

import bench.__main__ as runner
from bench.harness import Figure, crashed
from bench.report.chart import BAR_COLOURS, write_chart
from bench.report.machine import Machine
from bench.report.markdown import END, START, BenchRun, Run, render, replace_section

MACHINE = Machine(date="2026-12-05 09:00 UTC", commit="abc123", cpu="Test CPU", cores=2,
                  ram="4.0 GiB", python="3.11", qt="PySide6 6.7", sqlite="SQLite 3.40",
                  postgresql="not installed")

LOOKUP = Figure("registration", "cf_lookup_p95_ms", 4.5, "ms", 0.03, 1.0,
                floor="the same SELECT through raw sqlite3")
IMPORT = Figure("registration", "import_people_per_s", 3492.0, "people/s", 7972.0, 4000.0,
                "min", floor="a bare executemany of the same rows")
LATENCY = Figure("queue", "display_latency_p95_ms", 12.0, "ms", 10.0, 500.0,
                 floor="LISTEN/NOTIFY in plain psycopg",
                 failed="2 notifications of 60 never arrived")
MEMORY = Figure("startup", "peak_rss_mb", 180.0, "MB", None, 250.0)
SPREAD = Figure("matching", "spread", 1.5, "x", 1.2, None)


def run_of(*figures: Figure) -> Run:
    return Run("python -m bench all --report x.md", False, "0.10 0.20 0.30", "0.40 0.50 0.60",
               (BenchRun("mixed", 1.0, "0.10 0.20 0.30", figures),))


def table_rows(markdown: str) -> dict[str, list[str]]:
    """The figures table's rows by figure name, each as its cells."""
    rows = {}
    for line in markdown.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 8 and cells[0] not in ("benchmark", "---"):
            rows[cells[1]] = cells
    return rows


# -- the figure ----------------------------------------------------------------------------


def test_a_failed_figure_is_never_ok_whatever_its_value() -> None:
    assert LATENCY.value <= (LATENCY.target or 0)  # within target, yet lost notifications
    assert LATENCY.ok is False
    assert Figure("x", "y", 1.0, "ms", None, None, failed="lost").ok is False
    assert '"failed": "2 notifications of 60 never arrived"' in LATENCY.as_json()


def test_figures_written_the_old_way_still_work() -> None:
    """Positional arguments, no floor, no failure: what every benchmark wrote before."""
    old = Figure("security", "audit_append_ms", 3.0, "ms", 1.5, 20.0)
    assert (old.ok, old.ratio, old.failed, old.floor) == (True, 2.0, None, "")


def test_the_cost_ratio_reads_the_same_way_for_times_and_rates() -> None:
    assert LOOKUP.cost_ratio == 150.0  # 150 times the floor's time
    assert IMPORT.ratio == pytest.approx(0.438)
    assert IMPORT.cost_ratio == pytest.approx(1 / 0.438, rel=1e-3)  # slower than the floor


def test_a_crash_is_a_failed_figure_with_the_errors_first_line() -> None:
    figure = crashed("sync", RuntimeError("server refused\nsecond line"))
    assert figure.ok is False and not figure.measured
    assert figure.failed == "the benchmark raised RuntimeError: server refused"
    assert '"value": null' in figure.as_json()


# -- the Markdown --------------------------------------------------------------------------


def test_the_table_has_one_row_per_figure_with_target_floor_ratio_and_result() -> None:
    markdown = render(run_of(LOOKUP, IMPORT, LATENCY, MEMORY), MACHINE, "x-ratios.svg")
    rows = table_rows(markdown)
    assert set(rows) == {"cf_lookup_p95_ms", "import_people_per_s", "display_latency_p95_ms",
                         "peak_rss_mb"}
    assert rows["cf_lookup_p95_ms"] == [
        "registration", "cf_lookup_p95_ms", "4.50 ms", "≤ 1.00 ms", "0.03 ms", "150×",
        "the same SELECT through raw sqlite3", "**FAILED**: above target"]
    assert rows["import_people_per_s"][3] == "≥ 4,000 people/s"
    assert rows["import_people_per_s"][5] == "0.438×"
    assert rows["display_latency_p95_ms"][7] == "**FAILED**: 2 notifications of 60 never arrived"
    assert rows["peak_rss_mb"][4:8] == ["—", "—", "—", "ok"]
    assert "![Cost of each figure relative to its floor](x-ratios.svg)" in markdown


def test_the_header_says_where_and_under_what_load_it_ran() -> None:
    markdown = render(run_of(MEMORY), MACHINE, None)
    assert "Test CPU, 2 cores, 4.0 GiB RAM" in markdown
    assert "0.10 0.20 0.30 before, 0.40 0.50 0.60 after" in markdown
    for text in ("`abc123`", "2026-12-05 09:00 UTC", "PySide6 6.7", "SQLite 3.40",
                 "not installed", "Quick run"):
        assert (text in markdown) == (text != "Quick run"), text


def test_a_pipe_in_a_reason_does_not_break_the_table() -> None:
    odd = Figure("x", "odd", 1.0, "ms", None, None, failed="a | b")
    assert table_rows(render(run_of(odd), MACHINE, None))["odd"][7] == "**FAILED**: a \\| b"


DOC = "# Benchmarks\n\nHow they work.\n\n## Last report\n\n{start}\nold table\n{end}\n\n## History\n\nOld figures.\n"


def test_the_report_replaces_only_what_lies_between_the_markers() -> None:
    doc = DOC.format(start=START, end=END)
    new = replace_section(doc, "new table")
    assert new == DOC.format(start=START, end=END).replace("old table", "new table")
    assert replace_section(new, "newer") == doc.replace("old table", "newer")


def test_a_file_without_markers_keeps_its_text_and_gets_them() -> None:
    assert replace_section("", "table") == f"# Benchmark report\n\n{START}\ntable\n{END}\n"
    kept = replace_section("# Notes\n\nmine\n", "table")
    assert kept.startswith("# Notes\n\nmine\n") and kept.endswith(f"{START}\ntable\n{END}\n")


@pytest.mark.parametrize("text", [f"{END}\n{START}\n", f"{START}\nno end\n",
                                  f"{START}\n{END}\n{START}\n{END}\n"])
def test_broken_markers_are_refused_rather_than_guessed(text: str) -> None:
    with pytest.raises(ValueError, match="markers"):
        replace_section(text, "table")


# -- the chart -----------------------------------------------------------------------------


def bars_in(svg: Path) -> list[str]:
    """The fill of every bar: the rectangles painted in one of the bar colours."""
    fills = {_rgb(colour) for colour in BAR_COLOURS.values()}
    tree = ET.parse(svg)  # noqa: S314 - our own file, just written
    found = []
    for rect in tree.iter("{http://www.w3.org/2000/svg}rect"):
        fill = re.search(r"fill: (rgb\([^)]*\))", rect.get("style", ""))
        if fill and fill[1] in fills:
            found.append(fill[1])
    return found


def _rgb(hex_colour: str) -> str:
    """The colour as ReportLab's SVG renderer writes it (whole percents, truncated)."""
    from reportlab.lib import colors

    c = colors.HexColor(hex_colour)
    return "rgb({}%,{}%,{}%)".format(*(int(v * 100) for v in (c.red, c.green, c.blue)))


def test_the_chart_is_svg_with_one_bar_per_ratio(tmp_path: Path) -> None:
    svg = tmp_path / "x-ratios.svg"
    figures = [LOOKUP, IMPORT, LATENCY, MEMORY, SPREAD, crashed("sync", OSError("down"))]
    assert write_chart(figures, svg) == 4  # MEMORY has no floor, the crash no value
    bars = bars_in(svg)
    assert len(bars) == 4
    red, grey = _rgb(BAR_COLOURS[False]), _rgb(BAR_COLOURS[None])
    assert bars.count(red) == 3 and bars.count(grey) == 1
    assert "cf_lookup_p95_ms" in svg.read_text(encoding="utf-8")


def test_a_run_without_floors_still_writes_a_valid_chart(tmp_path: Path) -> None:
    svg = tmp_path / "none.svg"
    assert write_chart([MEMORY], svg) == 0
    assert bars_in(svg) == []


# -- python -m bench -----------------------------------------------------------------------


def fake_benchmark(name: str, run: types.FunctionType | None = None,
                   *figures: Figure) -> types.ModuleType:
    module = types.ModuleType(f"bench.{name}")

    def default_run(quick: bool = False) -> Iterator[Figure]:
        assert quick
        yield from figures

    module.run = run or default_run  # type: ignore[attr-defined]
    return module


@pytest.fixture
def benchmarks(monkeypatch: pytest.MonkeyPatch) -> dict[str, types.ModuleType]:
    """Fake benchmark modules standing in for bench/*.py: fill the dict before main()."""
    modules: dict[str, types.ModuleType] = {}
    monkeypatch.setattr(runner, "available", lambda: sorted(modules))
    monkeypatch.setattr(runner, "load", lambda name: modules[name])
    return modules


def boom(quick: bool = False) -> Iterator[Figure]:
    yield Figure("boom", "before the crash", 1.0, "ms", 2.0, 5.0)
    raise ConnectionRefusedError("cluster did not start")


def test_a_raising_benchmark_is_a_failed_row_and_the_others_still_run(
        benchmarks: dict[str, types.ModuleType], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    benchmarks["boom"] = fake_benchmark("boom", boom)  # type: ignore[arg-type]
    benchmarks["fine"] = fake_benchmark("fine", None, MEMORY)
    report = tmp_path / "report.md"
    assert runner.main(["all", "--quick", "--report", str(report)]) == 1
    rows = table_rows(report.read_text(encoding="utf-8"))
    assert rows["run"][0] == "boom"
    assert rows["run"][7] == ("**FAILED**: the benchmark raised ConnectionRefusedError: "
                              "cluster did not start")
    assert rows["before the crash"][7] == "ok"
    assert rows["peak_rss_mb"][7] == "ok"
    assert (tmp_path / "report-ratios.svg").exists()
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 3 and '"failed": "the benchmark raised' in printed[1]


def test_a_failed_figure_makes_the_run_exit_1(benchmarks: dict[str, types.ModuleType],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    benchmarks["fine"] = fake_benchmark("fine", None, MEMORY)
    assert runner.main(["fine", "--quick"]) == 0
    benchmarks["lost"] = fake_benchmark("lost", None, LATENCY)
    assert runner.main(["all", "--quick"]) == 1
    assert "FAILED queue display_latency_p95_ms: 2 notifications of 60 never arrived" in \
        capsys.readouterr().err


def test_a_missed_target_makes_the_run_exit_1(benchmarks: dict[str, types.ModuleType]) -> None:
    benchmarks["slow"] = fake_benchmark("slow", None, LOOKUP)
    assert runner.main(["slow", "--quick"]) == 1


def test_only_failed_prints_the_failed_figures_and_the_report_keeps_all(
        benchmarks: dict[str, types.ModuleType], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    benchmarks["mixed"] = fake_benchmark("mixed", None, MEMORY, LATENCY)
    report = tmp_path / "only.md"
    assert runner.main(["mixed", "--quick", "--only-failed", "--report", str(report)]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 1 and "display_latency_p95_ms" in printed[0]
    assert set(table_rows(report.read_text(encoding="utf-8"))) == {
        "peak_rss_mb", "display_latency_p95_ms"}


def test_the_report_rewrites_docs_in_place(benchmarks: dict[str, types.ModuleType],
                                           tmp_path: Path) -> None:
    benchmarks["fine"] = fake_benchmark("fine", None, MEMORY)
    doc = tmp_path / "benchmarks.md"
    doc.write_text(DOC.format(start=START, end=END), encoding="utf-8")
    runner.main(["fine", "--quick", "--report", str(doc)])
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nHow they work.\n\n## Last report\n\n")
    assert text.endswith(f"{END}\n\n## History\n\nOld figures.\n")
    assert "old table" not in text and "| fine | " in text


def test_the_real_benchmarks_are_listed_and_the_report_package_is_not() -> None:
    names = runner.available()
    assert {"queue", "startup", "registration"} <= set(names)
    assert not {"report", "harness", "__main__"} & set(names)


def test_nan_is_never_printed_as_json() -> None:
    figure = Figure("x", "y", math.nan, "ms", 1.0, 2.0)
    assert figure.ok is False and figure.ratio is None and "NaN" not in figure.as_json()


def test_docs_benchmarks_has_one_report_section_between_explanation_and_history() -> None:
    """``--report docs/benchmarks.md`` must land in "Last report", above the history."""
    doc = Path(__file__).resolve().parents[2] / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8")
    replaced = replace_section(text, "REPORT")
    before, after = replaced.split(f"{START}\nREPORT\n{END}")
    assert "## Targets" in before and before.rstrip().endswith("## Last report")
    assert after.lstrip().startswith("## History")


def test_a_figure_given_by_two_benchmarks_is_reported_once(
        benchmarks: dict[str, types.ModuleType], tmp_path: Path) -> None:
    """agenda includes the reminders' figure and firms the occupations': in ``all`` each
    comes once, from its own run; alone, the including benchmark still shows it."""
    own = Figure("reminders", "messages_per_s", 400.0, "msg/s", 200.0, 200.0, "min")
    benchmarks["agenda"] = fake_benchmark("agenda", None, MEMORY, own)
    benchmarks["reminders"] = fake_benchmark("reminders", None,
                                             Figure("reminders", "messages_per_s", 390.0,
                                                    "msg/s", 210.0, 200.0, "min"))
    report = tmp_path / "all.md"
    runner.main(["all", "--quick", "--report", str(report)])
    assert table_rows(report.read_text(encoding="utf-8"))["messages_per_s"][2] == "390 msg/s"
    assert report.read_text(encoding="utf-8").count("messages_per_s") == 1
    runner.main(["agenda", "--quick", "--report", str(report)])
    assert table_rows(report.read_text(encoding="utf-8"))["messages_per_s"][2] == "400 msg/s"


def test_a_report_that_could_not_be_written_stops_before_the_run(
        benchmarks: dict[str, types.ModuleType], tmp_path: Path) -> None:
    ran: list[bool] = []

    def run(quick: bool = False) -> list[Figure]:
        ran.append(quick)
        return [MEMORY]

    benchmarks["long"] = fake_benchmark("long", run)  # type: ignore[arg-type]
    broken = tmp_path / "broken.md"
    broken.write_text(f"{START}\nno end marker\n", encoding="utf-8")
    for target in (broken, tmp_path / "missing" / "report.md"):
        with pytest.raises(SystemExit) as stopped:
            runner.main(["long", "--report", str(target)])
        assert stopped.value.code == 2
    assert ran == []
    assert broken.read_text(encoding="utf-8") == f"{START}\nno end marker\n"


def test_the_report_names_the_commit_that_ran_not_the_one_after(
        benchmarks: dict[str, types.ModuleType], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.report import machine

    head = ["aaaa1111"]
    monkeypatch.setattr(machine, "git_commit", lambda: head[0])

    def run(quick: bool = False) -> list[Figure]:
        head[0] = "bbbb2222"  # someone commits while the benchmarks run
        return [MEMORY]

    benchmarks["long"] = fake_benchmark("long", run)  # type: ignore[arg-type]
    report = tmp_path / "commit.md"
    runner.main(["long", "--report", str(report)])
    text = report.read_text(encoding="utf-8")
    assert "| commit | `aaaa1111` |" in text and "bbbb2222" not in text


def test_a_direction_other_than_max_or_min_is_refused() -> None:
    """It used to count as "min": a time of 900 ms against a 15 ms target was ok."""
    with pytest.raises(ValueError, match="direction"):
        Figure("queue", "issue_p95_ms", 900.0, "ms", 8.0, 15.0, "Max")
