"""Entering a vacancy by keyboard, the occupation chosen by name, published, matched."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.firms.employers import list_employers
from desktop.services.firms.vacancies import list_vacancies
from desktop.views.context import ViewContext
from desktop.views.firms.vacancy_form import VacancyDialog
from desktop.views.occupation_picker import OccupationPicker
from desktop.views.pages.incrocio import MatchingPage
from tests.gui.conftest import wait_idle


def _page(qtbot: QtBot, ctx: ViewContext) -> MatchingPage:
    page = MatchingPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    qtbot.waitExposed(page)
    page.activated()
    wait_idle(qtbot, ctx.ops)
    return page


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def _type(qtbot: QtBot, widget: QWidget, text: str) -> None:
    _focus(qtbot, widget)
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def test_enter_a_vacancy_by_keyboard_publish_and_match(qtbot: QtBot, ctx: ViewContext) -> None:
    page = _page(qtbot, ctx)
    employer = list_employers(ctx.database, ctx.operator)[0]
    # Ctrl+Shift+O on the Incrocio page: choose the employer, then the form opens.
    _focus(qtbot, page.vacancy_combo)
    qtbot.keyClick(page.vacancy_combo, Qt.Key.Key_O,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_idle(qtbot, ctx.ops)
    chooser = page.vacancy_buttons.chooser
    assert chooser is not None
    qtbot.waitExposed(chooser)
    _type(qtbot, chooser.combo.lineEdit(), f"{employer.name} · {employer.fiscal_code}")
    qtbot.keyClick(chooser.combo.lineEdit(), Qt.Key.Key_Return)
    form = page.vacancy_buttons.form
    assert isinstance(form, VacancyDialog) and form.employer_id == employer.id
    qtbot.waitExposed(form)
    wait_idle(qtbot, ctx.ops)
    qtbot.waitUntil(form.title.hasFocus)

    qtbot.keyClicks(form.title, "Cameriere/a per la stagione")
    qtbot.keyClick(form.title, Qt.Key.Key_Tab)
    picker = form.occupation
    qtbot.waitUntil(picker.edit.hasFocus)
    qtbot.keyClicks(picker.edit, "cameriere")
    qtbot.waitUntil(picker.list.isVisible)
    items = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert items[:2] == ["5.2.2.3.1 — Camerieri di albergo",
                         "5.2.2.3.2 — Camerieri di ristorante"]
    # Only unità professionali are offered: a categoria such as 5.2.2.3 ("Camerieri e
    # professioni assimilate") would be refused on saving.
    assert all(item.split(" — ")[0].count(".") == 4 for item in items), items
    qtbot.keyClick(picker.edit, Qt.Key.Key_Down)
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.code() == "5.2.2.3.2" and not picker.list.isVisible()
    assert form.isVisible()  # Enter chose the occupation, it did not save the form
    _type(qtbot, form.positions, "0")
    _type(qtbot, form.skills, "sala, haccp")
    _type(qtbot, form.languages, "inglese B1")
    _type(qtbot, form.workplace, "Firenze")
    expiry = dt.date.today() + dt.timedelta(days=40)
    _type(qtbot, form.expiry, expiry.strftime("%d/%m/%Y"))

    # Zero positions: one Italian sentence next to the field, nothing saved.
    before = len(list_vacancies(ctx.database, ctx.operator, open_only=False))
    qtbot.keyClick(form.expiry, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx.ops)
    assert form.isVisible()
    assert form.errors["positions"].text() == "I posti vanno da 1 a 999."
    assert form.errors["positions"].isVisible() and form.positions.hasFocus()
    assert len(list_vacancies(ctx.database, ctx.operator, open_only=False)) == before

    _type(qtbot, form.positions, "2")
    with qtbot.waitSignal(form.saved) as saved:
        qtbot.keyClick(form.positions, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        wait_idle(qtbot, ctx.ops)
    info = saved.args[0]
    assert (info.status, info.occupation_code, info.positions) == ("bozza", "5.2.2.3.2", 2)
    wait_idle(qtbot, ctx.ops)

    # Ctrl+Shift+V: the list of vacancies; Ctrl+P publishes the selected one.
    _focus(qtbot, page.vacancy_combo)
    qtbot.keyClick(page.vacancy_combo, Qt.Key.Key_V,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = page.vacancy_buttons.dialog
    assert dialog is not None
    listed = dialog.vacancy_list  # type: ignore[attr-defined]
    qtbot.waitExposed(dialog)
    wait_idle(qtbot, ctx.ops)
    row = next(i for i, v in enumerate(listed.model.rows) if v.id == info.id)
    listed.table.selectRow(row)
    _focus(qtbot, listed.table)
    qtbot.keyClick(listed.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx.ops)
    assert listed.current().status == "aperta"
    assert "pubblicata" in listed.status.text()
    dialog.close()
    wait_idle(qtbot, ctx.ops)

    # The page lists it again: run the matching for it.
    combo = page.vacancy_combo
    index = next(i for i in range(combo.count()) if combo.itemData(i) == info.id)
    page.vacancy_combo.setCurrentIndex(index)
    _focus(qtbot, page.vacancy_combo)
    qtbot.keyClick(page.vacancy_combo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx.ops)
    assert page.candidates.model.rowCount() > 0
    assert any("Camerieri di ristorante" in line or "occupazione" in line
               for line in page.candidates.model.row_at(0).explanation)


def test_an_unknown_occupation_is_refused_next_to_the_field(qtbot: QtBot,
                                                           ctx: ViewContext) -> None:
    employer = list_employers(ctx.database, ctx.operator)[0]
    form = VacancyDialog(ctx, employer.id)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    _type(qtbot, form.title, "Fantasista")
    _type(qtbot, form.occupation.edit, "astronauta lunare")
    before = len(list_vacancies(ctx.database, ctx.operator, open_only=False))
    qtbot.keyClick(form.occupation.edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx.ops)
    assert form.errors["occupation_code"].text() == \
        "Professione non trovata: astronauta lunare."
    assert form.occupation.edit.hasFocus() and form.isVisible()
    assert len(list_vacancies(ctx.database, ctx.operator, open_only=False)) == before


def test_picker_keyboard_and_accessible_names(qtbot: QtBot, ctx: ViewContext) -> None:
    picker = OccupationPicker(ctx.ops)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    wait_idle(qtbot, ctx.ops)
    _focus(qtbot, picker.edit)
    assert picker.edit.accessibleName() == "Professione (CP2021)"
    qtbot.keyClicks(picker.edit, "sviluppatore")
    qtbot.waitUntil(picker.list.isVisible)
    labels = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert "2.7.1.1.1 — Analisti e progettisti di software" in labels[:3]
    qtbot.keyClick(picker.edit, Qt.Key.Key_Escape)
    assert not picker.list.isVisible() and picker.code() is None
    assert picker.problem() == "Professione non trovata: sviluppatore."
    # The mouse too: a click on a row of the list chooses it.
    qtbot.keyClick(picker.edit, Qt.Key.Key_Down)
    qtbot.waitUntil(picker.list.isVisible)
    rect = picker.list.visualItemRect(picker.list.item(1))
    qtbot.mouseClick(picker.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert picker.code() == picker.list.item(1).data(Qt.ItemDataRole.UserRole)
    assert not picker.list.isVisible()
    picker.set_code("2.7.1.1.1")
    assert picker.text() == "2.7.1.1.1 — Analisti e progettisti di software"
    assert picker.code() == "2.7.1.1.1" and picker.problem() is None
    assert QApplication.focusWidget() is picker.edit
