"""The curriculum's occupations chosen by name with the picker in the table's cell."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.people.curriculum import CurriculumForm, load_curriculum, save_curriculum
from desktop.services.people.search import search_people
from desktop.views.context import ViewContext
from desktop.views.occupation_picker import OccupationPicker
from desktop.views.registration.curriculum_dialog import CurriculumDialog
from tests.gui.conftest import wait_idle


def test_desired_occupation_typed_by_name_in_the_table(qtbot: QtBot, ctx: ViewContext) -> None:
    person = search_people(ctx.database, ctx.operator, "a")[0]
    save_curriculum(ctx.database, ctx.operator, person.id, CurriculumForm(
        desired=("5.1.2.2.0",)))
    dialog = CurriculumDialog(ctx, person.id, "Persona")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    wait_idle(qtbot, ctx.ops)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    # A code saved before is shown with its title.
    first = dialog.desired.item(0, 0)
    assert first is not None and first.text() == "5.1.2.2.0 — Commessi delle vendite al minuto"

    table = dialog.desired
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    table.editItem(table.item(1, 0))
    picker = table.findChild(OccupationPicker)
    assert picker is not None
    qtbot.waitUntil(picker.edit.hasFocus)
    qtbot.keyClicks(picker.edit, "cameriere ristorante")
    qtbot.waitUntil(picker.list.isVisible)
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx.ops)
    second = table.item(1, 0)
    assert second is not None and second.text() == "5.2.2.3.2 — Camerieri di ristorante"

    # A row naming no occupation: one sentence, nothing saved.
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    third = table.item(2, 0)
    assert third is not None
    third.setText("domatore di leoni")
    dialog.save()
    wait_idle(qtbot, ctx.ops)
    assert dialog.isVisible()
    assert ("Professioni desiderate, riga 3: Professione non trovata: domatore di leoni."
            in dialog.error.text())
    assert load_curriculum(ctx.database, ctx.operator, person.id).desired == ("5.1.2.2.0",)
    table.removeRow(2)
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
        wait_idle(qtbot, ctx.ops)
    assert load_curriculum(ctx.database, ctx.operator, person.id).desired == (
        "5.1.2.2.0", "5.2.2.3.2")
