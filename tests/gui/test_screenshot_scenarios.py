"""The screenshot scenarios live in the command and drive the pages from outside."""

from __future__ import annotations

import sys

import pytest
from pytestqt.qtbot import QtBot

from desktop.commands.screenshots import scenarios_of
from desktop.views.main_window import MainWindow
from desktop.views.pages.base import Page
from tests.gui.conftest import wait_idle


def test_pages_carry_no_screenshot_code(window: MainWindow) -> None:
    for page in window.pages.values():
        assert not hasattr(page, "extra_screenshots"), page.area_id


def test_the_sync_scenario_shows_the_demo_without_a_regional_server(
        window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in sys.modules if n == "server" or n.startswith("server.")]:
        monkeypatch.delitem(sys.modules, name)
    window.show_area("sincronizzazione")
    page = window.pages["sincronizzazione"]
    shown = scenarios_of(page)["sincronizzazione-conflitto"]()
    wait_idle(qtbot, page.ctx.ops)
    assert shown is window  # the page as it is, in the main window
    assert not any(n == "server" or n.startswith("server.") for n in sys.modules)


def test_every_area_with_further_screens_is_known(window: MainWindow) -> None:
    further = {area for area, page in window.pages.items() if scenarios_of(page)}
    assert further == {"accoglienza", "coda", "documenti", "incrocio", "sincronizzazione",
                       "impostazioni", "imprese"}
    assert isinstance(window.pages["osservatorio"], Page)
