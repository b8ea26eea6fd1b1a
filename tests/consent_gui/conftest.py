"""GUI fixtures for consent, CV and L. 68: the demo's main window, logged in as a chosen
operator."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.app import AppConfig, build_view_context
from desktop.infra.database import Database
from desktop.views.main_window import MainWindow
from desktop.views.ops import Operations
from tests.gui.conftest import config, ctx, ops, wait_idle, window  # noqa: F401
from tests.helpers.qt_windows import windows_deleted  # noqa: F401

WindowAs = Callable[[str], MainWindow]


@pytest.fixture
def window_as(qtbot: QtBot, ops: Operations, config: AppConfig,  # noqa: F811
              demo_db: Database) -> Iterator[WindowAs]:
    """Open the main window logged in as ``username`` (a demo account)."""
    opened: list[MainWindow] = []

    def open_as(username: str) -> MainWindow:
        context = build_view_context(config, demo_db, ops, username, demo=True)
        main = MainWindow(context)
        main.confirm_quit = lambda parent: True  # type: ignore[method-assign]
        qtbot.addWidget(main)
        main.show()
        qtbot.waitExposed(main)
        wait_idle(qtbot, ops)
        opened.append(main)
        return main

    yield open_as
    wait_idle(qtbot, ops)
