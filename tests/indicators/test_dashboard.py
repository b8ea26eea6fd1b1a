"""The Osservatorio page: opens on the demo, draws its charts, exports CSV, XLSX and PDF."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.security.accounts import get_operator
from desktop.views.context import ViewContext
from desktop.views.main_window import MainWindow
from desktop.views.pages.osservatorio import ObservatoryPage
from tests.gui.conftest import config, ctx, ops, wait_idle, window  # noqa: F401


def test_the_dashboard_shows_the_demo_year_and_exports_it(qtbot: QtBot, window: MainWindow,  # noqa: F811
                                                          tmp_path: Path) -> None:
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "osservatorio"
    page = window.pages["osservatorio"]
    assert isinstance(page, ObservatoryPage)
    wait_idle(qtbot, window.ctx.ops)
    assert page.current is not None
    people = page.current.people.total
    assert people > 0 and page.tiles["people"].value.text() == str(people)
    assert page.current.actions.total > 0 and page.current.placements.people > 0
    assert page.measure_chart.chart().series() and page.month_chart.chart().series()
    assert page.citizenship_chart.chart().series()[0].count() == 3
    assert page.site_box.count() == 2  # all sites + the demo site

    for kind, button in (("csv", page.csv_button), ("xlsx", page.xlsx_button),
                         ("pdf", page.pdf_button)):
        target = tmp_path / f"out.{kind}"
        page.ask_save_path = lambda parent, suggested, filters, t=target: str(t)  # type: ignore[method-assign]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window.ctx.ops)
        assert target.exists(), kind
    rows = list(csv.reader((tmp_path / "out.csv").read_text(encoding="utf-8-sig")
                           .splitlines(), delimiter=";"))
    assert [r[2] for r in rows if r[1] == "persone prese in carico"] == [str(people)]
    book = load_workbook(tmp_path / "out.xlsx")
    summary = {r[1]: r[2] for r in book["Sintesi"].iter_rows(min_row=3, values_only=True)}
    assert summary["persone prese in carico"] == people
    pdf = PdfReader(io.BytesIO((tmp_path / "out.pdf").read_bytes()))
    assert len(pdf.pages) == 1
    assert "Osservatorio" in pdf.pages[0].extract_text()


def test_site_filter_and_f5_refresh(qtbot: QtBot, window: MainWindow) -> None:  # noqa: F811
    window.show_area("osservatorio")
    page = window.pages["osservatorio"]
    assert isinstance(page, ObservatoryPage)
    wait_idle(qtbot, window.ctx.ops)
    page.site_box.setCurrentIndex(1)
    page.refresh_button.setFocus()
    qtbot.keyClick(page.refresh_button, Qt.Key.Key_F5)
    wait_idle(qtbot, window.ctx.ops)
    assert page.current is not None and page.current.period.site_code == "FI01-SC"
    assert page.date_from.accessibleName() and page.site_box.accessibleName()


def test_a_counter_clerk_sees_why_the_page_is_closed(qtbot: QtBot, ctx: ViewContext) -> None:  # noqa: F811
    clerk = get_operator(ctx.database, "g.bellini")
    page = ObservatoryPage(ViewContext(**{**ctx.__dict__, "operator": clerk}))
    qtbot.addWidget(page)
    page.activated()
    assert not page.refresh_button.isEnabled() and page.current is None
    assert ctx.ops.pending == 0
