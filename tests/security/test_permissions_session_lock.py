"""A disabled account's open window is locked at its next action (issue 19).

Before, the services trusted the role read at login, so a disabled operator's
window kept working (searching people, reading their data) until they logged out.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import AppConfig, build_view_context
from desktop.infra.database import Database
from desktop.services.security import accounts
from desktop.views.main_window import MainWindow
from desktop.views.ops import Operations
from desktop.views.pages.accoglienza import RegistrationPage
from tests.gui.conftest import config, ops, wait_idle  # noqa: F401

DISABLED = ("Il tuo account è stato disattivato: questa sessione è chiusa. Rivolgiti al "
            "responsabile del centro se devi continuare.")


@pytest.fixture
def clerk_window(qtbot: QtBot, ops: Operations, config: AppConfig,  # noqa: F811
                 demo_db: Database) -> Iterator[MainWindow]:
    """The front-desk operator g.bellini, logged in at a counter."""
    ctx = build_view_context(config, demo_db, ops, "g.bellini", demo=True)
    main = MainWindow(ctx)
    main.confirm_quit = lambda parent: True  # type: ignore[method-assign]
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    wait_idle(qtbot, ctx.ops)
    yield main
    wait_idle(qtbot, ctx.ops)


def search(qtbot: QtBot, window: MainWindow, text: str) -> RegistrationPage:
    window.show_area(RegistrationPage.area_id)
    page = window.pages[RegistrationPage.area_id]
    assert isinstance(page, RegistrationPage)
    page.search.setText(text)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    wait_idle(qtbot, window.ctx.ops)
    return page


def test_a_disabled_account_is_locked_out_at_its_next_action(
        qtbot: QtBot, clerk_window: MainWindow, demo_db: Database) -> None:
    lock = clerk_window.idle_lock
    search(qtbot, clerk_window, "Rossi")  # works while the account is active
    assert not lock.is_locked
    manager = accounts.get_operator(demo_db, "demo")
    accounts.set_active(demo_db, manager, clerk_window.ctx.operator.id, False)

    page = search(qtbot, clerk_window, "Bianchi")  # the next action
    qtbot.waitUntil(lambda: lock.is_ended)
    overlay = lock.overlay
    assert lock.is_locked and overlay.isVisible()
    assert overlay.text.text() == DISABLED
    assert overlay.title.text() == "Sessione chiusa"
    assert not overlay.password.isVisible()  # no way to unlock it with the password
    assert overlay.login_button.isVisible() and overlay.login_button.hasFocus()
    # The window behind takes no input any more.
    page.search.clear()
    qtbot.keyClicks(page.search, "Verdi")
    assert page.search.text() == ""
    # The only way on is back to the login.
    with qtbot.waitSignal(lock.session_ended, timeout=2000):
        qtbot.keyClick(overlay.login_button, Qt.Key.Key_Return)


def test_a_role_change_ends_the_session_too(
        qtbot: QtBot, clerk_window: MainWindow, demo_db: Database) -> None:
    manager = accounts.get_operator(demo_db, "demo")
    accounts.change_role(demo_db, manager, clerk_window.ctx.operator.id, "operatore")
    search(qtbot, clerk_window, "Rossi")
    qtbot.waitUntil(lambda: clerk_window.idle_lock.is_ended)
    assert clerk_window.idle_lock.overlay.text.text().startswith("Il tuo ruolo è cambiato")
    assert QApplication.activeModalWidget() is None  # no error dialog on top of it
