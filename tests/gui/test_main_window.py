from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.settings import load_settings
from desktop.views.main_window import MainWindow
from desktop.views.pages.documenti import DocumentsPage
from desktop.views.pages.impostazioni import SettingsPage
from tests.gui.conftest import wait_idle

AREAS = ["accoglienza", "coda", "documenti", "incrocio", "sincronizzazione", "impostazioni",
         "osservatorio", "imprese", "condizionalita", "agenda", "reclami"]


def test_the_window_speaks_italian_and_shows_who_and_where(window: MainWindow) -> None:
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Accoglienza", "Coda", "Documenti", "Incrocio", "Sincronizzazione", "Impostazioni",
        "Osservatorio", "Imprese", "Condizionalità", "Agenda", "Reclami"]
    assert "Operatore Demo" in window.status.operator_label.text()
    assert "Responsabile" in window.status.operator_label.text()
    assert "Sede centrale" in window.status.site_label.text()
    assert "Solo locale" in window.status.connectivity_label.text()
    assert window.windowTitle() == "Sportello — Accoglienza · Sede centrale"


#: Ctrl+1 … Ctrl+9 and Ctrl+0 in navigation order; the areas after the tenth take
#: Ctrl+Shift+letter.
KEYS = [(area, Qt.Key(Qt.Key.Key_0 + i % 10), Qt.KeyboardModifier.ControlModifier)
        for i, area in enumerate(AREAS[:10], start=1)] + [
    ("reclami", Qt.Key.Key_E,
     Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)]


def test_every_area_is_in_the_key_table() -> None:
    assert sorted(area for area, _key, _mod in KEYS) == sorted(AREAS)


@pytest.mark.parametrize("area,key,modifiers", KEYS)
def test_every_area_has_a_keyboard_shortcut(qtbot: QtBot, window: MainWindow, area: str,
                                            key: Qt.Key,
                                            modifiers: Qt.KeyboardModifier) -> None:
    window.show_area("impostazioni" if area != "impostazioni" else "accoglienza")
    qtbot.keyClick(window, key, modifiers)
    assert window.current_area() == area
    wait_idle(qtbot, window.ctx.ops)


def test_registration_area_counts_the_people(qtbot: QtBot, window: MainWindow) -> None:
    window.show_area("accoglienza")
    wait_idle(qtbot, window.ctx.ops)
    label = window.pages["accoglienza"].people_label  # type: ignore[attr-defined]
    assert label.text() == "Persone in questo database: 30"


def test_settings_rejects_a_bad_server_address_and_writes_nothing(
        qtbot: QtBot, window: MainWindow) -> None:
    page = window.pages["impostazioni"]
    assert isinstance(page, SettingsPage)
    window.show_area("impostazioni")
    page.server_url.setText("regione.toscana.it")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.errors["sync_server_url"].isVisible()
    assert "http://" in page.errors["sync_server_url"].text()
    assert page.server_url.hasFocus()
    assert not window.ctx.paths.settings_file.exists()


def test_settings_reject_a_bad_ticket_printer_then_save_a_good_one(
        qtbot: QtBot, window: MainWindow) -> None:
    page = window.pages["impostazioni"]
    assert isinstance(page, SettingsPage)
    window.show_area("impostazioni")
    page.ticket_printer.setText("escpos:192.168.1.50:99999")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.errors["ticket_printer"].isVisible()
    assert "escpos:INDIRIZZO" in page.errors["ticket_printer"].text()
    assert page.ticket_printer.hasFocus()
    assert not window.ctx.paths.settings_file.exists()
    page.ticket_printer.setText("escpos:192.168.1.50")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.ops)
    saved, warning = load_settings(window.ctx.paths.settings_file)
    assert warning is None and saved.ticket_printer == "escpos:192.168.1.50"


def test_settings_are_saved(qtbot: QtBot, window: MainWindow) -> None:
    page = window.pages["impostazioni"]
    assert isinstance(page, SettingsPage)
    window.show_area("impostazioni")
    page.server_url.setText("https://sportello.regione.example")
    page.idle_lock.setValue(10)
    page.language.setCurrentIndex(1)  # English
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.ops)
    saved, warning = load_settings(window.ctx.paths.settings_file)
    assert warning is None
    assert saved.sync_server_url == "https://sportello.regione.example"
    assert saved.idle_lock_minutes == 10
    assert saved.language == "en"
    assert "prossimo avvio" in page.saved_label.text()


def test_backup_now_writes_a_copy(qtbot: QtBot, window: MainWindow) -> None:
    page = window.pages["impostazioni"]
    assert isinstance(page, SettingsPage)
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.ops)
    copies = list(window.ctx.paths.backups.glob("manual-*.sqlite"))
    assert len(copies) == 1
    assert "Copia di sicurezza scritta" in page.backup_label.text()


def test_documents_saves_the_centre_sheet(qtbot: QtBot, window: MainWindow,
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = window.pages["documenti"]
    assert isinstance(page, DocumentsPage)
    target = tmp_path / "scheda.pdf"
    monkeypatch.setattr(page, "ask_save_path", lambda parent, suggested: str(target))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.ops)
    assert target.read_bytes().startswith(b"%PDF")
    assert str(target) in page.result_label.text()


def test_documents_reports_an_unwritable_target(qtbot: QtBot, window: MainWindow,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    page = window.pages["documenti"]
    assert isinstance(page, DocumentsPage)
    monkeypatch.setattr(page, "ask_save_path", lambda parent, suggested: "/proc/scheda.pdf")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.ops)
    assert page.result_label.text().startswith("Impossibile scrivere il file")
    assert "/proc" not in page.result_label.text()  # the reason, never the path
    assert page.save_button.isEnabled()


def test_closing_while_busy_asks_first(qtbot: QtBot, window: MainWindow,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    asked: list[bool] = []
    monkeypatch.setattr(window, "confirm_quit", lambda parent: asked.append(True) or False)
    release = threading.Event()
    window.ctx.ops.run(release.wait, 10)
    window.close()
    assert asked == [True]
    assert window.isVisible()
    release.set()
    wait_idle(qtbot, window.ctx.ops)
    window.close()
    assert not window.isVisible()
    assert asked == [True]
