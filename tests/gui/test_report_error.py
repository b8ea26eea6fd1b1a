"""report_error: one sentence on the status line or in a dialog; the detail in the log."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.errors import SportelloError
from desktop.views.errors import error_html, report_error


def test_an_expected_error_goes_on_the_status_label(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    shown = report_error(None, SportelloError("Servizio chiuso.", detail="service B"),
                         status=label)
    assert shown == label.text() == "Servizio chiuso."


def test_an_unexpected_error_inline_shows_the_generic_sentence_not_its_text(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    with caplog.at_level(logging.ERROR):
        report_error(None, KeyError("RSSMRA80A01H501U"), status=label, inline=True)
    assert "RSSMRA" not in label.text() and "errore imprevisto" in label.text()
    assert "RSSMRA80A01H501U" in caplog.text


def test_a_fallback_sentence_replaces_an_unexpected_error(qtbot: QtBot) -> None:
    said: list[str] = []
    report_error(None, OSError("/tmp/x"), status=said.append, fallback="Riprovi.")
    report_error(None, SportelloError("Carta finita."), status=said.append, fallback="Riprovi.")
    assert said == ["Riprovi.", "Carta finita."]


def test_error_html_escapes_the_sentence() -> None:
    assert "&lt;b&gt;" in error_html("<b>")
