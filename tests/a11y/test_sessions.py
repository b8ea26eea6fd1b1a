"""Operator sessions (issue 22 item 5): log out without quitting, Ctrl+Q asks when a
ticket is open, one title, the application's identity for the desktop."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models.audit import AuditEntry
from desktop.views.main_window import MainWindow
from desktop.views.pages.coda import QueuePage
from desktop.views.queue import questions
from tests.a11y.surfaces import Surfaces
from tests.gui.conftest import wait_idle


def test_log_out_clears_the_person_audits_and_asks_for_the_login_again(
        qtbot: QtBot, window: MainWindow, surfaces: Surfaces) -> None:
    surfaces._serve_someone()
    assert window.ctx.current.person is not None
    with qtbot.waitSignal(window.logged_out, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_L,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.ctx.current.person is None
    with window.ctx.database.read() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert last is not None and last.action == "logout"
        assert last.operator_username == window.ctx.operator.username


def test_quit_and_log_out_ask_while_a_ticket_is_open_at_the_counter(
        qtbot: QtBot, window: MainWindow) -> None:
    asked: list[list[str]] = []
    window.confirm_quit = lambda parent: asked.append(parent.busy_reasons()) or False  # type: ignore[method-assign]
    assert window.busy_reasons() == []
    window.show_area("coda")
    wait_idle(qtbot, window.ctx.ops)
    page = window.pages["coda"]
    assert isinstance(page, QueuePage)
    page.console.call_next()
    wait_idle(qtbot, window.ctx.ops)
    code = page.console.ticket_label.text()
    assert code != "—"
    assert not window.close()  # refused: the question said why
    assert asked and any(code in reason for reason in asked[-1])
    window.log_out()
    assert len(asked) == 2
    window.confirm_quit = lambda parent: True  # type: ignore[method-assign]


def test_the_coda_message_always_tells_the_latest_action(qtbot: QtBot,
                                                         window: MainWindow) -> None:
    """Issue 22: after finishing, the status line still read "A009 richiamato."."""
    window.show_area("coda")
    wait_idle(qtbot, window.ctx.ops)
    console = window.pages["coda"].console  # type: ignore[attr-defined]

    def press(key: str) -> str:
        console.buttons[key].click()
        wait_idle(qtbot, window.ctx.ops)
        return str(console.message.text())

    if console.ticket_label.text() == "—":  # the demo day may have one at the counter
        assert press("next").startswith("Chiamato ")
    code = console.ticket_label.text()
    assert press("recall") != ""  # recalled, or the cooldown's sentence
    assert press("park") == f"{code} sospeso."
    assert press("resume") == f"{code} ripreso."
    console.ask_item = lambda *args: args[-1][0]  # the first outcome
    first = next(iter(questions.outcome_choices()))
    assert press("finish") == f"{code} concluso: {first}."
    console.ask_text = lambda *args: "riunione"
    assert press("pause") == "Sportello in pausa: riunione"
    assert press("pause") == "Pausa finita: lo sportello chiama di nuovo."


def test_one_title_and_the_desktop_identity(window: MainWindow) -> None:
    window.show_area("incrocio")
    assert window.windowTitle() == "Sportello — Incrocio · Sede centrale"
    assert QGuiApplication.desktopFileName() == "sportello"
    assert QGuiApplication.applicationName() == "Sportello"


def test_the_kiosk_greets_with_the_centre_name(window: MainWindow) -> None:
    from desktop.views.queue.kiosk import KioskWindow

    kiosk = KioskWindow(window.ctx)
    assert kiosk.welcome.text().startswith("Benvenuti — CPI Firenze · Sede centrale.")
    kiosk.deleteLater()
