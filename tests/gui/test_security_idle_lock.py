"""Idle lock: the window is covered after inactivity and opens again with the password."""

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.views.main_window import MainWindow
from tests.gui.conftest import wait_idle

REFUSED = ("Accesso non riuscito: nome utente o password errati, oppure troppi "
           "tentativi (in tal caso riprova tra qualche minuto).")


def test_idle_lock_covers_the_window_and_keeps_open_work(qtbot: QtBot,
                                                         window: MainWindow) -> None:
    page = window.pages["impostazioni"]
    window.show_area("impostazioni")
    field = page.workstation  # type: ignore[attr-defined]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "banco-7")
    lock = window.idle_lock
    with qtbot.waitSignal(lock.locked, timeout=5_000):
        lock.set_timeout(150)
    overlay = lock.overlay
    assert overlay.isVisible()
    assert overlay.geometry() == window.rect()
    # Nothing behind the cover can be reached: typing and area shortcuts are swallowed.
    qtbot.keyClicks(field, "xyz")
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == "banco-7"
    assert window.current_area() == "impostazioni"
    # A wrong password keeps it locked, with a sentence in Italian.
    qtbot.keyClicks(overlay.password, "sbagliata")
    qtbot.keyClick(overlay.password, Qt.Key.Key_Return)
    qtbot.waitUntil(overlay.error.isVisible)
    assert overlay.error.text() == REFUSED
    assert lock.is_locked
    overlay.password.clear()
    qtbot.keyClicks(overlay.password, "demo")
    with qtbot.waitSignal(lock.unlocked, timeout=10_000):
        qtbot.keyClick(overlay.password, Qt.Key.Key_Return)
    assert not overlay.isVisible()
    assert field.text() == "banco-7"  # the open work is still there
    lock.set_timeout(0)
    wait_idle(qtbot, window.ctx.ops)


def test_input_restarts_the_idle_countdown(qtbot: QtBot, window: MainWindow) -> None:
    lock = window.idle_lock
    lock.set_timeout(60_000)
    lock._timer.stop()  # as if the countdown had been running for a while
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert lock._timer.isActive()
    assert lock._timer.remainingTime() > 59_000
    assert not lock.is_locked
    lock.set_timeout(0)
    qtbot.keyClick(window.nav, Qt.Key.Key_Up)
    assert not lock._timer.isActive()  # 0 minutes: never locks
