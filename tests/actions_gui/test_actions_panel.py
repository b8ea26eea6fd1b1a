"""Accoglienza's actions panel: an action and a placement recorded from the keyboard on
a real database reach the Osservatorio's figures; bad input is refused in place."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.infra.database import Database
from desktop.models import Person
from desktop.models.actions import Action
from desktop.models.agreement import Agreement
from desktop.services.actions import actions_of_person, placements_of_person
from desktop.services.actions.indicators import compute
from desktop.values.indicators import Indicators, Period
from desktop.views.context import ViewContext
from desktop.views.current_person import PersonRef
from desktop.views.pages.accoglienza import RegistrationPage
from desktop.views.registration.action_dialogs import ActionDialog, PlacementDialog
from tests.gui.conftest import wait_idle
from tests.indicators.conftest import MANAGER


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def ctrl(qtbot: QtBot, key: Qt.Key, shift: bool = False) -> None:
    modifiers = Qt.KeyboardModifier.ControlModifier
    if shift:
        modifiers |= Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(focused(), key, modifiers)


def tab(qtbot: QtBot, text: str = "") -> None:
    if text:
        qtbot.keyClicks(focused(), text)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def make_page(qtbot: QtBot, ctx: ViewContext) -> RegistrationPage:
    page = RegistrationPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    qtbot.waitExposed(page)
    wait_idle(qtbot, ctx.ops)
    return page


def person_with_patto(db: Database) -> PersonRef:
    """A demo person with a patto and no action today (the demo books whole courses of
    many hours on one day, which would leave no room for today's action)."""
    busy_today = select(Action.person_id).where(Action.delivered_on == dt.date.today())
    with db.read() as session:
        person = session.scalars(select(Person).join(
            Agreement, Agreement.person_id == Person.id).where(
            Person.id.not_in(busy_today)).order_by(Person.fiscal_code)).first()
        assert person is not None
        return PersonRef(person.id, person.fiscal_code, f"{person.surname} {person.name}")


def figures(db: Database) -> Indicators:
    today = dt.date.today()
    return compute(db, MANAGER, Period(dt.date(today.year, 1, 1), today))


def open_dialog(qtbot: QtBot, page: RegistrationPage, key: Qt.Key) -> QWidget:
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.search.setFocus()
    qtbot.waitUntil(page.search.hasFocus)
    ctrl(qtbot, key, shift=True)
    qtbot.waitUntil(lambda: page.actions_panel.dialog is not None
                    and page.actions_panel.dialog.isVisible())
    dialog = page.actions_panel.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isAncestorOf(focused()))
    return dialog


def test_an_action_and_a_placement_from_the_keyboard_reach_the_osservatorio(
        qtbot: QtBot, ctx: ViewContext) -> None:
    db = ctx.database
    person = person_with_patto(db)
    before = figures(db)
    page = make_page(qtbot, ctx)
    panel = page.actions_panel
    assert not panel.action_button.isEnabled()
    ctx.current.set(person)
    wait_idle(qtbot, ctx.ops)
    assert panel.overview is not None and panel.overview.measures
    assert panel.measure_table.rowCount() == len(panel.overview.measures)
    actions_before = panel.action_table.rowCount()
    placements_before = panel.placement_table.rowCount()

    # An action: the patto's first measure, today, 30 hours (refused), then 2.
    dialog = open_dialog(qtbot, page, Qt.Key.Key_A)
    assert isinstance(dialog, ActionDialog)
    assert dialog.measure.hasFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    assert dialog.measure.currentText().startswith("Patto: ")
    tab(qtbot)
    assert dialog.delivered_on.hasFocus()
    tab(qtbot)
    assert dialog.hours.hasFocus()
    tab(qtbot, "30")
    assert dialog.provider.hasFocus()
    ctrl(qtbot, Qt.Key.Key_S)
    wait_idle(qtbot, ctx.ops)
    assert dialog.isVisible()
    assert dialog.errors["hours"].isVisible()
    assert "tra 0 e 24" in dialog.errors["hours"].text()
    assert dialog.hours.hasFocus()
    assert len(actions_of_person(db, MANAGER, person.id)) == actions_before
    dialog.hours.selectAll()
    qtbot.keyClicks(focused(), "2")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    wait_idle(qtbot, ctx.ops)
    qtbot.waitUntil(lambda: panel.dialog is None)
    wait_idle(qtbot, ctx.ops)
    assert panel.action_table.rowCount() == actions_before + 1
    assert "Azione registrata" in panel.status.text()
    # The keyboard is back on the list of actions: the next shortcut works at once.
    qtbot.waitUntil(panel.action_table.hasFocus)
    ctrl(qtbot, Qt.Key.Key_P, shift=True)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, PlacementDialog))
    panel.dialog.reject()
    qtbot.waitUntil(panel.placement_table.hasFocus)
    # Read-only lists do not keep the Tab key: it goes on to the next list.
    panel.measure_table.setFocus()
    qtbot.keyClick(panel.measure_table, Qt.Key.Key_Tab)
    assert panel.action_table.hasFocus()

    # A placement: empty employer and no contract (refused), then filled in.
    dialog = open_dialog(qtbot, page, Qt.Key.Key_P)
    assert isinstance(dialog, PlacementDialog)
    assert dialog.employer.hasFocus()
    ctrl(qtbot, Qt.Key.Key_S)
    wait_idle(qtbot, ctx.ops)
    assert dialog.isVisible()
    assert dialog.errors["employer"].text() and dialog.errors["contract_type"].text()
    assert not dialog.errors["start_date"].isVisible()
    assert dialog.employer.hasFocus()
    tab(qtbot, "Forno Bianchi srl")
    assert dialog.contract.hasFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    assert dialog.contract.currentText() == "Tempo indeterminato"
    tab(qtbot)
    assert dialog.start_date.hasFocus()
    ctrl(qtbot, Qt.Key.Key_S)
    wait_idle(qtbot, ctx.ops)
    qtbot.waitUntil(lambda: panel.dialog is None)
    wait_idle(qtbot, ctx.ops)
    assert panel.placement_table.rowCount() == placements_before + 1
    assert panel.placement_table.item(0, 1).text() == "Forno Bianchi srl"

    after = figures(db)
    assert after.actions.total == before.actions.total + 1
    assert after.placements.placements == before.placements.placements + 1
    assert after.placements.people_permanent >= before.placements.people_permanent


def test_bad_dates_are_explained_next_to_the_field_and_nothing_is_saved(
        qtbot: QtBot, ctx: ViewContext) -> None:
    db = ctx.database
    person = person_with_patto(db)
    page = make_page(qtbot, ctx)
    ctx.current.set(person)
    wait_idle(qtbot, ctx.ops)
    overview = page.actions_panel.overview
    assert overview is not None and overview.did_date is not None
    day_before = (overview.did_date - dt.timedelta(days=1)).strftime("%d/%m/%Y")

    dialog = open_dialog(qtbot, page, Qt.Key.Key_A)
    assert isinstance(dialog, ActionDialog)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    for text, expected in ((day_before, "precedente alla DID"),
                           ((dt.date.today() + dt.timedelta(days=2)).strftime("%d/%m/%Y"),
                            "prima di essere erogata"),
                           ("31/02/2026", "gg/mm/aaaa")):
        dialog.delivered_on.setFocus()
        dialog.delivered_on.selectAll()
        qtbot.keyClicks(focused(), text)
        ctrl(qtbot, Qt.Key.Key_S)
        wait_idle(qtbot, ctx.ops)
        assert dialog.isVisible()
        assert expected in dialog.errors["delivered_on"].text(), text
    dialog.reject()

    dialog = open_dialog(qtbot, page, Qt.Key.Key_P)
    assert isinstance(dialog, PlacementDialog)
    tab(qtbot, "Officina Verdi")
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    tab(qtbot)
    for text, expected in ((day_before, "prima della DID"), ("domani", "gg/mm/aaaa")):
        dialog.start_date.selectAll()
        qtbot.keyClicks(focused(), text)
        ctrl(qtbot, Qt.Key.Key_S)
        wait_idle(qtbot, ctx.ops)
        assert dialog.isVisible()
        assert expected in dialog.errors["start_date"].text(), text
    dialog.reject()
    assert len(placements_of_person(db, MANAGER, person.id)) == len(overview.placements)
    assert len(actions_of_person(db, MANAGER, person.id)) == len(overview.actions)


def test_a_person_without_a_did_is_told_why_and_the_panel_follows(
        qtbot: QtBot, ctx: ViewContext) -> None:
    db = ctx.database
    with db.transaction() as session:
        person = Person(fiscal_code="NODIDX80A01H501Z", fiscal_code_base="NODIDX80A01H501Z",
                        surname="Senza", name="Did", sex="M", birth_date=dt.date(1980, 1, 1),
                        birthplace_code="H501", citizenship="italiana")
        session.add(person)
        session.flush()
        person_id: uuid.UUID = person.id
    page = make_page(qtbot, ctx)
    panel = page.actions_panel
    ctx.current.set(PersonRef(person_id, "NODIDX80A01H501Z", "Senza Did"))
    wait_idle(qtbot, ctx.ops)
    assert "Senza Did" in panel.title.text()
    assert "Nessuna DID" in panel.summary.text()
    assert panel.measure_table.rowCount() == 0
    dialog = open_dialog(qtbot, page, Qt.Key.Key_A)
    assert isinstance(dialog, ActionDialog)
    qtbot.keyClick(focused(), Qt.Key.Key_End)
    tab(qtbot)
    tab(qtbot)
    tab(qtbot, "1")
    ctrl(qtbot, Qt.Key.Key_S)
    wait_idle(qtbot, ctx.ops)
    assert dialog.isVisible()
    assert "non ha una DID in corso" in dialog.general_error.text()
    assert dialog.general_error.isVisible()
    dialog.reject()
    assert actions_of_person(db, MANAGER, person_id) == ()
    # The DID declared on the same page: the card shows it without reopening the person.
    page.open_person(person_id)
    wait_idle(qtbot, ctx.ops)
    page.did.education.setCurrentIndex(page.did.education.findData("diploma"))
    page.did.condition.setCurrentIndex(page.did.condition.findData("disoccupato"))
    page.save_did()
    wait_idle(qtbot, ctx.ops)
    assert page.last_did is not None
    assert f"DID del {page.last_did.did_date:%d/%m/%Y}" in panel.summary.text()
    ctx.current.clear()
    assert not panel.action_button.isEnabled() and not panel.placement_button.isEnabled()
    assert panel.action_table.rowCount() == 0
