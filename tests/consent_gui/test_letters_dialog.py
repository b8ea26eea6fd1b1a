"""The manager chooses the waiting room's letters in Impostazioni: a letter that would
reveal a service is refused in one sentence and nothing changes; a shared one is saved."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models import Service
from desktop.views.pages.impostazioni import SettingsPage
from desktop.views.queue.letters_dialog import LettersDialog
from tests.consent_gui.conftest import WindowAs, wait_idle


def _letters(window) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with window.ctx.database.read() as session:
        return {s.prefix: s.public_letter for s in session.scalars(select(Service))}


def test_letters_chosen_in_settings(window_as: WindowAs, qtbot: QtBot) -> None:
    assert window_as("m.conti").pages["impostazioni"].letters_button is None
    window = window_as("demo")
    window.show_area("impostazioni")
    page = window.pages["impostazioni"]
    assert isinstance(page, SettingsPage) and page.letters_button is not None
    page.letters_button.click()
    dialog = page.letters_dialog
    assert isinstance(dialog, LettersDialog)
    wait_idle(qtbot, window.ctx.ops)
    assert dialog.neutral.isChecked() and set(dialog.letters) == {"A", "B", "C", "D", "E"}
    before = _letters(window)
    dialog.letters["D"].setText("D")
    dialog.save()
    wait_idle(qtbot, window.ctx.ops)
    assert dialog.error.isVisible() and dialog.error.text().startswith(
        "La lettera D sarebbe usata dal solo servizio Collocamento mirato")
    assert _letters(window) == before and dialog.isVisible()
    for prefix, letter in (("C", "B"), ("D", "B"), ("E", "B")):
        dialog.letters[prefix].setText(letter)
    dialog.save()
    wait_idle(qtbot, window.ctx.ops)
    assert not dialog.isVisible()
    assert _letters(window) == {"A": "A", "B": "A", "C": "B", "D": "B", "E": "B"}
