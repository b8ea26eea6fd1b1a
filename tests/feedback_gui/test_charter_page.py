"""The Carta from the Documenti page: a configuration that contradicts a standard opens
the list of problems and saves nothing; the chosen period is the one printed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.infra import clock
from desktop.models import Site
from desktop.views.main_window import MainWindow
from desktop.views.pages.documenti import DocumentsPage
from tests.gui.conftest import wait_idle


def _documents(qtbot: QtBot, window: MainWindow) -> DocumentsPage:
    window.show_area("documenti")
    page = window.pages["documenti"]
    assert isinstance(page, DocumentsPage)
    wait_idle(qtbot, window.ctx.ops)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("charter"))
    return page


def test_a_contradicted_standard_is_listed_and_nothing_is_saved(
        qtbot: QtBot, window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    with window.ctx.database.transaction() as session:
        site = session.scalar(select(Site).where(Site.code == window.ctx.site.site_code))
        assert site is not None
        site.opening_hours = "Lunedì–Venerdì 9:00–12:00"
    page = _documents(qtbot, window)
    target = tmp_path / "carta.pdf"
    monkeypatch.setattr(page, "ask_save_path", lambda parent, suggested: str(target))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.ops)
    assert not target.exists()
    boxes = [b for b in page.findChildren(QMessageBox) if b.objectName() == "CharterProblems"]
    assert len(boxes) == 1 and boxes[0].isVisible()
    listed = boxes[0].text()
    assert "ne somma 15" in listed and "pomeriggi di apertura della sede sono 0" in listed
    assert page.result_label.text().startswith("La Carta non è stata stampata")
    boxes[0].close()


def test_the_year_to_date_is_the_period_printed(
        qtbot: QtBot, window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    page = _documents(qtbot, window)
    page.period_combo.setCurrentIndex(page.period_combo.findData("year_to_date"))
    target = tmp_path / "carta.pdf"
    monkeypatch.setattr(page, "ask_save_path", lambda parent, suggested: str(target))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.ops)
    text = " ".join(" ".join(p.extract_text().split())
                    for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    today = clock.today()
    assert f"Periodo 01/01/{today.year} – {today:%d/%m/%Y}" in text
