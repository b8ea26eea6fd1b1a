"""The Osservatorio opens the fairness report: groups, alerts, oversight log, PDF."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from desktop.views.indicators.fairness_dialog import FairnessDialog
from desktop.views.main_window import MainWindow
from tests.gui.conftest import wait_idle


def test_period_report_with_its_log_saved_as_pdf(window: MainWindow, qtbot: QtBot,
                                                 tmp_path: Path) -> None:
    window.show_area("osservatorio")
    page = window.pages["osservatorio"]
    wait_idle(qtbot, page.ctx.ops)
    button = next(b for b in page.findChildren(QPushButton)
                  if b.accessibleName() == "Equità dell'incrocio")
    assert button.isEnabled()
    button.click()
    dialog = button.dialogs[0]  # type: ignore[attr-defined]
    assert isinstance(dialog, FairnessDialog)
    wait_idle(qtbot, page.ctx.ops)
    assert dialog.scope.count() > 1  # the period, then the vacancies
    dialog.pdf_button.click()
    assert "prima di salvarlo" in dialog.alerts.text()  # nothing computed yet
    dialog.compute_button.click()
    wait_idle(qtbot, page.ctx.ops)
    report = dialog.report
    assert report is not None and report.scope == "period"
    assert dialog.groups.rowCount() == len(report.rows) >= 7
    assert "quattro quinti" in dialog.alerts.text()
    assert dialog.log.rowCount() == len(report.oversight) > 0
    header = dialog.groups.headerData(3, dialog.group_table.horizontalHeader().orientation())
    assert header == "proposti dai primi 10"
    target = tmp_path / "equita.pdf"
    dialog.ask_save_path = lambda parent, suggested: str(target)  # type: ignore[assignment]
    dialog.pdf_button.click()
    wait_idle(qtbot, page.ctx.ops)
    text = " ".join("".join(p.extract_text() for p in PdfReader(
        io.BytesIO(target.read_bytes())).pages).split())
    assert "Equità dell'incrocio" in text and "Registro di supervisione" in text
    assert "platea ammissibile" in text and "donne" in text
    # A vacancy's report: the first 10 and 50 of today's ranking.
    dialog.scope.setCurrentIndex(1)
    dialog.compute_button.click()
    wait_idle(qtbot, page.ctx.ops)
    assert dialog.report is not None and dialog.report.scope == "vacancy"
    assert dialog.groups.headerData(3, dialog.group_table.horizontalHeader().orientation()) \
        == "primi 10"
    dialog.close()
