"""GUI fixtures: the real application look, a logged-in context, the main window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.app import AppConfig, build_view_context, create_qt_app, load_config
from desktop.demo import DEMO_USERNAME
from desktop.infra.database import Database
from desktop.views.context import ViewContext
from desktop.views.main_window import MainWindow
from desktop.views.ops import Operations


@pytest.fixture
def config(isolated_home) -> AppConfig:  # type: ignore[no-untyped-def]
    return load_config(isolated_home)


@pytest.fixture
def ops(qapp, config: AppConfig) -> Iterator[Operations]:  # type: ignore[no-untyped-def]
    create_qt_app(config.settings)
    operations = Operations()
    yield operations
    operations.shutdown()


@pytest.fixture
def ctx(ops: Operations, config: AppConfig, demo_db: Database) -> ViewContext:
    return build_view_context(config, demo_db, ops, DEMO_USERNAME, demo=True)


@pytest.fixture
def window(qtbot: QtBot, ctx: ViewContext) -> Iterator[MainWindow]:
    main = MainWindow(ctx)
    # pytest-qt closes widgets before fixtures tear down: never block on the question.
    main.confirm_quit = lambda parent: True  # type: ignore[method-assign]
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    wait_idle(qtbot, ctx.ops)
    yield main
    wait_idle(qtbot, ctx.ops)


def wait_idle(qtbot: QtBot, ops: Operations, timeout: int = 10_000) -> None:
    """Wait until every operation has delivered its result on the GUI thread."""
    qtbot.waitUntil(lambda: ops.pending == 0, timeout=timeout)
