"""Forced change of an initial password at login, through the real dialogs."""

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.infra.database import Database
from desktop.services.security import accounts
from desktop.views.login_dialog import LoginDialog
from desktop.views.ops import Operations
from desktop.views.security.change_password import ChangePasswordDialog
from tests.gui.conftest import wait_idle


def test_initial_password_must_be_changed_before_login(qtbot: QtBot, ops: Operations,
                                                       demo_db: Database) -> None:
    manager = accounts.authenticate(demo_db, "demo", "demo")
    created = accounts.create_account(demo_db, manager, "n.nuovo", "Nina Nuovo", "sportello")
    dialog = LoginDialog(ops, demo_db, "CPI Firenze")
    shown: list[ChangePasswordDialog] = []

    def make(ops_, database, operator, parent):  # type: ignore[no-untyped-def]
        change = ChangePasswordDialog(ops_, database, operator, forced=True, parent=parent)
        shown.append(change)
        return change

    dialog.change_password_dialog = make  # type: ignore[method-assign]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "n.nuovo")
    qtbot.keyClicks(dialog.password, created.password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(shown) and shown[0].isVisible())
    change = shown[0]
    assert dialog.operator is None  # not logged in yet
    qtbot.keyClicks(change.current, created.password)
    qtbot.keyClicks(change.new, "corto")
    qtbot.keyClicks(change.repeat, "corto")
    qtbot.keyClick(change.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(change.error.isVisible)
    assert "almeno 8 caratteri" in change.error.text()
    for field in (change.new, change.repeat):
        field.clear()
        qtbot.keyClicks(field, "Nuova-Chiave-42")
    with qtbot.waitSignal(dialog.logged_in, timeout=10_000) as signal:
        qtbot.keyClick(change.repeat, Qt.Key.Key_Return)
    assert signal.args[0].username == "n.nuovo"
    assert not signal.args[0].must_change_password
    wait_idle(qtbot, ops)
    assert accounts.authenticate(demo_db, "n.nuovo", "Nuova-Chiave-42").username == "n.nuovo"
