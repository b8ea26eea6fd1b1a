"""Keyboard first (issue 22 item 1): no Alt-key clash anywhere, F1 lists every shortcut."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.views.main_window import MainWindow
from desktop.views.widgets import scoped_shortcut
from tests.a11y.surfaces import Surfaces
from tests.a11y.walk import mnemonic_clashes
from tests.gui.conftest import wait_idle


def test_no_mnemonic_clash_on_any_page_or_dialog(surfaces: Surfaces) -> None:
    problems: list[str] = []

    def visit(name: str, top: QWidget) -> None:
        problems.extend(f"{name}: {p}" for p in mnemonic_clashes(top))

    visited = surfaces.walk(visit)
    assert len(visited) > 10
    assert problems == [], "\n".join(problems)


def test_f1_lists_the_shortcuts_of_the_current_area_from_the_actions_themselves(
        qtbot: QtBot, window: MainWindow) -> None:
    window.show_area("coda")
    wait_idle(qtbot, window.ctx.ops)
    queue = dict(window.shortcut_entries())
    assert queue["F5"] == "Chiama il prossimo" and queue["F10"] == "Concludi"
    assert queue["Ctrl+Z"] == "Annulla" and queue["Ctrl+Q"] == "Esci"
    assert "Ctrl+1" in queue and "F1" in queue and "Ctrl+Shift+L" in queue
    # Every area's key, the new ones too, reads the area's Italian name.
    assert {keys: queue[keys] for keys in ("Ctrl+8", "Ctrl+9", "Ctrl+0", "Ctrl+Shift+E")} == {
        "Ctrl+8": "Imprese", "Ctrl+9": "Condizionalità", "Ctrl+0": "Agenda",
        "Ctrl+Shift+E": "Reclami"}
    assert "Ctrl+S" not in queue  # Accoglienza's, not in force here
    window.show_area("accoglienza")
    registration = dict(window.shortcut_entries())
    assert {"Ctrl+S", "Ctrl+N", "Ctrl+U", "Ctrl+D", "Ctrl+P"} <= set(registration)
    assert "F10" not in registration
    assert all(text != "?" for text in registration.values()), registration
    assert registration["Ctrl+Shift+M"] == "Iscrizione al collocamento mirato (L. 68/1999)"
    # A shortcut added to a page shows up without touching the list.
    page = window.pages["accoglienza"]
    scoped_shortcut("Ctrl+Alt+K", page, lambda: None, description="Prova")
    assert ("Ctrl+Alt+K", "Prova") in window.shortcut_entries()


def test_f1_says_what_every_key_of_every_area_does(qtbot: QtBot, window: MainWindow) -> None:
    """No key of any area is listed with a question mark: each says what it does."""
    unnamed = {}
    for area in window.pages:
        window.show_area(area)
        wait_idle(qtbot, window.ctx.ops)
        missing = [keys for keys, text in window.shortcut_entries() if text in ("", "?")]
        if missing:
            unnamed[area] = missing
    assert unnamed == {}


def test_an_area_opened_by_its_shortcut_takes_the_focus_so_its_keys_work(
        qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.nav.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    page = window.pages["incrocio"]
    assert page.isAncestorOf(QApplication.focusWidget())
    wait_idle(qtbot, window.ctx.ops)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window.ctx.ops)
    assert page.candidates.model.rowCount() > 0  # type: ignore[attr-defined]
