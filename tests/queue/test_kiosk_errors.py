"""The kiosk faces the public: an error shows a sentence for people, never its text."""

from __future__ import annotations

import logging

import pytest
from pytestqt.qtbot import QtBot

from desktop.documents.ticket import PrinterError
from desktop.services.queue import IssuedTicket
from desktop.views.context import ViewContext
from desktop.views.queue.kiosk import KioskWindow

#: What a careless exception could carry: a path and a codice fiscale.
SECRET = "/home/operatore/archivio/RSSMRA80A01H501U.pdf"


def _idle(qtbot: QtBot, ctx: ViewContext) -> None:
    qtbot.waitUntil(lambda: ctx.ops.pending == 0, timeout=10_000)


def _broken_printer(issued: IssuedTicket) -> None:
    raise OSError(f"[Errno 13] Permission denied: '{SECRET}'")


def test_a_failed_print_shows_a_neutral_sentence_and_logs_the_detail(
        qtbot: QtBot, qctx: ViewContext, caplog: pytest.LogCaptureFixture) -> None:
    kiosk = KioskWindow(qctx, printer=_broken_printer)
    qtbot.addWidget(kiosk)
    kiosk.show()
    kiosk.load()
    _idle(qtbot, qctx)
    with caplog.at_level(logging.INFO):
        kiosk.service_buttons["A"].click()
        _idle(qtbot, qctx)
        qtbot.waitUntil(lambda: "stampa" in kiosk.ticket_label.text(), timeout=5_000)
    shown = kiosk.ticket_label.text()
    assert "A001" in shown  # the ticket stays on screen
    assert "Non è stato possibile stampare il biglietto" in shown
    assert SECRET not in shown and "RSSMRA" not in shown and "Errno" not in shown
    assert SECRET in caplog.text  # the detail is in the log for the IT staff


def test_a_printer_sentence_for_the_public_is_shown(qtbot: QtBot, qctx: ViewContext) -> None:
    def no_paper(issued: IssuedTicket) -> None:
        raise PrinterError("Stampante senza carta: ricordi il numero.", detail=SECRET)

    kiosk = KioskWindow(qctx, printer=no_paper)
    qtbot.addWidget(kiosk)
    kiosk.load()
    _idle(qtbot, qctx)
    kiosk.service_buttons["A"].click()
    _idle(qtbot, qctx)
    qtbot.waitUntil(lambda: "carta" in kiosk.ticket_label.text(), timeout=5_000)
    assert SECRET not in kiosk.ticket_label.text()


def test_a_failed_issue_never_shows_the_exception_text(
        qtbot: QtBot, qctx: ViewContext, monkeypatch: pytest.MonkeyPatch) -> None:
    kiosk = KioskWindow(qctx)
    qtbot.addWidget(kiosk)
    kiosk.load()
    _idle(qtbot, qctx)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"database file {SECRET} is locked")

    monkeypatch.setattr("desktop.views.queue.kiosk.q.issue_ticket", broken)
    kiosk.service_buttons["A"].click()
    _idle(qtbot, qctx)
    shown = kiosk.ticket_label.text()
    assert "Non è stato possibile emettere il biglietto" in shown
    assert SECRET not in shown and "locked" not in shown
    assert all(button.isEnabled() for button in kiosk.service_buttons.values())
