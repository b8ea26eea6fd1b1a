from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.infra.database import Database
from desktop.views.login_dialog import LoginDialog
from desktop.views.ops import Operations
from tests.gui.conftest import wait_idle

REFUSED = ("Accesso non riuscito: nome utente o password errati, oppure troppi "
           "tentativi (in tal caso riprova tra qualche minuto).")


def make_dialog(qtbot: QtBot, ops: Operations, db: Database) -> LoginDialog:
    dialog = LoginDialog(ops, db, "CPI Firenze", demo_hint=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_wrong_password_shows_an_italian_message_and_keeps_the_dialog(
        qtbot: QtBot, ops: Operations, demo_db: Database) -> None:
    dialog = make_dialog(qtbot, ops, demo_db)
    qtbot.keyClicks(dialog.username, "demo")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.password, "sbagliata")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text() == REFUSED
    assert dialog.isVisible()
    assert dialog.operator is None
    assert dialog.password.hasFocus()


def test_keyboard_login_with_the_demo_operator(qtbot: QtBot, ops: Operations,
                                               demo_db: Database) -> None:
    dialog = make_dialog(qtbot, ops, demo_db)
    qtbot.keyClicks(dialog.username, "demo")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.password, "demo")
    with qtbot.waitSignal(dialog.logged_in, timeout=10_000) as signal:
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert signal.args[0].username == "demo"
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    wait_idle(qtbot, ops)
