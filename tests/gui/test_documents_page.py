"""The Documenti page: fill the agreement form, save a version, preview and print it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from desktop.views.main_window import MainWindow
from desktop.views.pages.documenti import DocumentsPage
from tests.gui.conftest import wait_idle


def open_page(qtbot: QtBot, window: MainWindow) -> DocumentsPage:
    window.show_area("documenti")
    page = window.pages["documenti"]
    assert isinstance(page, DocumentsPage)
    wait_idle(qtbot, window.ctx.ops)
    return page


def pdf_text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_charter_is_saved_in_the_chosen_edition_and_language(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = open_page(qtbot, window)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("charter"))
    page.edition_combo.setCurrentIndex(page.edition_combo.findData("imprese"))
    page.lang_combo.setCurrentIndex(page.lang_combo.findData("en"))
    target = tmp_path / "charter.pdf"
    monkeypatch.setattr(page, "ask_save_path", lambda parent, suggested: str(target))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.ops)
    text = pdf_text(target.read_bytes())
    assert "Service Charter for Employers" in text
    assert any("Service Charter for Employers" in page.archive_list.item(i).text()
               for i in range(page.archive_list.count()))


def test_printer_is_remembered_in_the_settings(qtbot: QtBot, window: MainWindow) -> None:
    page = open_page(qtbot, window)
    class ChosenPrinter:  # what the print dialog leaves in the QPrinter
        def printerName(self) -> str:
            return "Ufficio-A4"

        def outputFormat(self) -> QPrinter.OutputFormat:
            return QPrinter.OutputFormat.NativeFormat

    page.remember_printer(ChosenPrinter())  # type: ignore[arg-type]
    wait_idle(qtbot, window.ctx.ops)
    assert window.ctx.settings.printer_name == "Ufficio-A4"
    assert "Ufficio-A4" in window.ctx.paths.settings_file.read_text()

