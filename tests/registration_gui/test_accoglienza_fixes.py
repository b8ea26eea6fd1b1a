"""Accoglienza: the defects of the registration issue, each driven as an operator would."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.people.did import did_in_force
from desktop.services.people.search import lookup_code, search_people
from desktop.views.context import ViewContext
from desktop.views.current_person import PersonRef
from desktop.views.pages.accoglienza import RegistrationPage
from desktop.views.widgets import DateField, guard_wheel
from tests.gui.conftest import wait_idle
from tests.registration_gui.test_accoglienza_page import make_page, press_in

NEW_CODE = "RSSMRA85T10A562S"


def fill_new_person(page: RegistrationPage) -> None:
    form = page.form
    form.fiscal_code.setText(f"*{NEW_CODE}*")
    form.apply_fiscal_code()
    form.surname.setText("Rossi")
    form.name.setText("Mario")
    form.residence.setText("Firenze")
    form.address.setText("Via dei Servi")
    form.number.setText("12")
    form.postcode.setText("50122")
    form.mobile.setText("333 1234567")
    form.privacy.setChecked(True)


def wheel(widget: QWidget, steps: int = -1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def open_someone(qtbot: QtBot, page: RegistrationPage, ctx: ViewContext, query: str = "a"):  # type: ignore[no-untyped-def]
    person = search_people(ctx.database, ctx.operator, query)[0]
    page.open_person(person.id)
    wait_idle(qtbot, ctx.ops)
    assert page.current is not None and page.current.id == person.id
    return person


def test_a_saved_record_is_not_offered_as_its_own_duplicate(
        qtbot: QtBot, ctx: ViewContext) -> None:
    page = make_page(qtbot, ctx)
    fill_new_person(page)
    page.save()
    page.check_duplicates()  # the debounced check firing while the save is under way
    wait_idle(qtbot, ctx.ops)
    assert page.current is not None
    assert page.current.id not in [c.person.id for c in page.duplicates.candidates]


def test_the_people_count_follows_a_save(qtbot: QtBot, ctx: ViewContext) -> None:
    page = make_page(qtbot, ctx)
    before = page.people_label.text()
    fill_new_person(page)
    page.save()
    wait_idle(qtbot, ctx.ops)
    assert page.current is not None
    count = int("".join(ch for ch in before if ch.isdigit()))
    assert page.people_label.text() == before.replace(str(count), str(count + 1))


def test_a_search_without_results_says_so(qtbot: QtBot, ctx: ViewContext) -> None:
    page = make_page(qtbot, ctx)
    page.search.setText("Zzyzxqw")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx.ops)
    assert page.model.rowCount() == 0
    assert page.search_status.isVisibleTo(page)
    assert page.search_status.text() == "Nessuna persona trovata per «Zzyzxqw»."


def test_ctrl_n_resets_the_whole_page(qtbot: QtBot, ctx: ViewContext) -> None:
    page = make_page(qtbot, ctx)
    open_someone(qtbot, page, ctx)
    page.did.months.setValue(7)
    page.did.education.setCurrentIndex(3)
    page.form_scroll.verticalScrollBar().setValue(page.form_scroll.verticalScrollBar().maximum())
    assert page.form_scroll.verticalScrollBar().value() > 0 and page.status.text()
    press_in(qtbot, page.did.months, Qt.Key.Key_N)
    assert page.current is None and ctx.current.person is None
    assert page.form.fiscal_code.text() == "" and page.status.text() == ""
    assert not page.did.isEnabled()
    assert (page.did.months.value(), page.did.education.currentIndex()) == (0, 0)
    assert page.form_scroll.verticalScrollBar().value() == 0
    qtbot.waitUntil(page.form.fiscal_code.hasFocus)


def test_the_wheel_never_changes_a_closed_drop_down_a_spin_box_or_a_date(
        qtbot: QtBot, ctx: ViewContext) -> None:
    page = make_page(qtbot, ctx)
    open_someone(qtbot, page, ctx)
    sex = page.form.sex.currentIndex()
    for widget in (page.form.sex, page.did.education, page.did.months, page.did.household):
        widget.setFocus()
        before = widget.currentIndex() if isinstance(widget, QComboBox) else widget.value()
        wheel(widget, -1)
        wheel(widget, 1)
        wheel(widget, 1)
        after = widget.currentIndex() if isinstance(widget, QComboBox) else widget.value()
        assert after == before, widget.accessibleName()
    assert page.form.sex.currentIndex() == sex
    # the shared helper works on any form, a QDateEdit included
    other = QWidget()
    qtbot.addWidget(other)
    edit = QDateEdit(other)
    QVBoxLayout(other).addWidget(edit)
    guard_wheel(other)
    day = edit.date()
    wheel(edit, 1)
    assert edit.date() == day


def test_a_date_field_is_typed_and_its_calendar_opens_on_its_date(qtbot: QtBot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClicks(field, "04122026")
    assert field.text() == "04122026" and field.date() == dt.date(2026, 12, 4)
    qtbot.keyClick(field, Qt.Key.Key_F4)
    assert field.calendar is not None
    selected = field.calendar.selectedDate()
    assert (selected.year(), selected.month(), selected.day()) == (2026, 12, 4)
    grid = field.calendar.focusProxy() or field.calendar  # where its keys go
    qtbot.keyClick(grid, Qt.Key.Key_Right)  # the next day, then Enter picks it
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert field.text() == "05/12/2026" and field.calendar is None
    field.clear()
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert field.calendar is not None
    today = field.calendar.selectedDate()
    assert (today.year(), today.month(), today.day()) == dt.date.today().timetuple()[:3]


def test_the_page_and_the_current_person_follow_each_other(
        qtbot: QtBot, ctx: ViewContext) -> None:
    page = make_page(qtbot, ctx)
    first = open_someone(qtbot, page, ctx)
    assert ctx.current.person == PersonRef(first.id, first.fiscal_code,
                                           f"{first.surname} {first.name}")
    # cleared elsewhere (Ctrl+Shift+N in the main window): an empty new form
    assert ctx.current.clear()
    assert page.current is None and page.form.fiscal_code.text() == ""
    # another person made current elsewhere: the page opens them
    other = search_people(ctx.database, ctx.operator, "b")[0]
    ctx.current.set(PersonRef(other.id, other.fiscal_code, other.surname))
    wait_idle(qtbot, ctx.ops)
    assert page.current is not None and page.current.id == other.id
    # unsaved edits: the operator is asked; Cancel keeps the person and the edits
    asked: list[str] = []
    page.ask_discard = lambda parent, what: asked.append(what) is not None
    page.form.mobile.setText("3470000009")
    assert not ctx.current.clear()
    assert asked == ["la scheda anagrafica"] and ctx.current.person is not None
    assert page.current.id == other.id and page.form.mobile.text() == "3470000009"
    page.ask_discard = lambda parent, what: True
    assert ctx.current.clear() and page.current is None
    # the DID form's edits count too
    open_someone(qtbot, page, ctx)
    qtbot.keyClicks(page.did.end_reason if page.did.end_box.isVisible()
                    else page.did.did_date, "1")
    page.ask_discard = lambda parent, what: False
    assert not ctx.current.clear()
    # saving a new person makes them current
    page.ask_discard = lambda parent, what: True
    press_in(qtbot, page.form.mobile, Qt.Key.Key_N)
    fill_new_person(page)
    page.save()
    wait_idle(qtbot, ctx.ops)
    assert ctx.current.person is not None and ctx.current.person.fiscal_code == NEW_CODE


def test_open_fiscal_code_opens_the_holder_or_starts_a_registration(
        qtbot: QtBot, ctx: ViewContext) -> None:
    page = make_page(qtbot, ctx)
    holder = search_people(ctx.database, ctx.operator, "a")[0]
    page.open_fiscal_code(f"*{holder.fiscal_code.lower()}*")
    wait_idle(qtbot, ctx.ops)
    assert page.current is not None and page.current.id == holder.id
    assert ctx.current.person is not None and ctx.current.person.id == holder.id
    page.open_fiscal_code(NEW_CODE)
    wait_idle(qtbot, ctx.ops)
    assert page.current is None and ctx.current.person is None
    assert page.form.fiscal_code.text() == NEW_CODE
    assert page.form.birth_date.text() == "10/12/1985"
    assert page.form.surname.hasFocus()


def test_a_new_persons_card_scanned_in_the_search_box_starts_the_registration(
        qtbot: QtBot, ctx: ViewContext) -> None:
    page = make_page(qtbot, ctx)
    page.search.setFocus()
    qtbot.waitUntil(page.search.hasFocus)
    qtbot.keyClicks(page.search, f"*{NEW_CODE}*")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx.ops)
    assert page.current is None
    assert page.form.fiscal_code.text() == NEW_CODE
    assert page.form.birth_date.text() == "10/12/1985"
    assert page.form.surname.hasFocus()
    assert "nuova scheda" in page.search_status.text()


def test_the_reduced_code_of_an_omocode_holder_shows_candidates(
        qtbot: QtBot, ctx: ViewContext) -> None:
    from sqlalchemy import select

    from desktop.models.person import Person

    with ctx.database.read() as session:
        omocode = session.scalars(select(Person).where(
            Person.fiscal_code != Person.fiscal_code_base)).first()
        assert omocode is not None
        code, base, person_id = omocode.fiscal_code, omocode.fiscal_code_base, omocode.id
    assert lookup_code(ctx.database, ctx.operator, base).exact is None
    page = make_page(qtbot, ctx)
    # the search box lists the holder of the omocode as a candidate, said as such
    page.search.setText(base)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx.ops)
    assert page.current is None
    assert [page.model.row_at(i).id for i in range(page.model.rowCount())] == [person_id]
    assert "omocodice" in page.search_status.text() and base in page.search_status.text()
    # scanned into a new registration: the form keeps the reduced code, the panel warns
    page.open_fiscal_code(base)
    wait_idle(qtbot, ctx.ops)
    assert page.current is None and page.form.fiscal_code.text() == base
    assert [(c.person.id, c.tier) for c in page.duplicates.candidates][:1] == [(person_id, 1)]
    assert "omocodice" in page.duplicates.candidates[0].reasons[0]
    # and the omocode itself opens its holder
    page.search.setText(code)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx.ops)
    assert page.current is not None and page.current.id == person_id


def test_did_refusals_sit_next_to_their_field_and_save_nothing(
        qtbot: QtBot, ctx: ViewContext) -> None:
    page = make_page(qtbot, ctx)
    fill_new_person(page)
    page.save()
    wait_idle(qtbot, ctx.ops)
    assert page.current is not None
    person_id = page.current.id
    did = page.did
    # under the configured minimum age
    ctx.settings = ctx.settings.with_changes(did_min_age=99)
    did.education.setCurrentIndex(did.education.findData("diploma"))
    did.condition.setCurrentIndex(did.condition.findData("disoccupato"))
    press_in(qtbot, did.education, Qt.Key.Key_D)
    wait_idle(qtbot, ctx.ops)
    assert did.field_errors["did_date"].isVisibleTo(page)
    assert "dai 99 anni" in did.field_errors["did_date"].text()
    assert page.last_did is None and did_in_force(ctx.database, ctx.operator, person_id) is None
    ctx.settings = ctx.settings.with_changes(did_min_age=16)
    press_in(qtbot, did.education, Qt.Key.Key_D)
    wait_idle(qtbot, ctx.ops)
    first = page.last_did
    assert first is not None and not did.field_errors["did_date"].isVisibleTo(page)
    assert did.unemployment.text() == "Disoccupato da 0 giorni"
    assert did.end_box.isVisibleTo(page)
    # a second DID: refused, and the DID in force is offered
    page.last_did = None
    press_in(qtbot, did.education, Qt.Key.Key_D)
    wait_idle(qtbot, ctx.ops)
    assert "già una DID in vigore" in did.field_errors["did_date"].text()
    assert did.open_active_button.isVisibleTo(page) and did.open_active_button.hasFocus()
    qtbot.keyClick(did.open_active_button, Qt.Key.Key_Space)
    wait_idle(qtbot, ctx.ops)
    assert page.last_did is not None and page.last_did.id == first.id
    # its end: bad input, each next to its field, nothing saved
    did.end_reason.setFocus()
    for day, reason, key, fragment in (
            ("01/01/2000", "Trovato lavoro", "ended_on", "precedente alla data della DID"),
            ((dt.date.today() + dt.timedelta(days=2)).strftime("%d/%m/%Y"), "Lavoro",
             "ended_on", "nel futuro"),
            (dt.date.today().strftime("%d/%m/%Y"), "", "end_reason", "Scrivi il motivo")):
        did.end_date.setText(day)
        did.end_reason.setText(reason)
        qtbot.keyClick(
            did.end_reason, Qt.Key.Key_D,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        wait_idle(qtbot, ctx.ops)
        assert fragment in did.field_errors[key].text(), did.errors.text()
        assert did.field_errors[key].isVisibleTo(page)
        in_force = did_in_force(ctx.database, ctx.operator, person_id)
        assert in_force is not None and in_force.id == first.id
    did.end_kind.setCurrentIndex(did.end_kind.findData("revoca"))
    did.end_reason.setText("Ha trovato lavoro")
    qtbot.keyClick(did.end_reason, Qt.Key.Key_D,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_idle(qtbot, ctx.ops)
    assert did_in_force(ctx.database, ctx.operator, person_id) is None
    assert "DID cessata il" in did.result.text() and not did.end_box.isVisibleTo(page)
    assert did.unemployment.text() == ""  # no DID in force any more


def test_the_unemployment_length_comes_from_the_did_in_force(
        qtbot: QtBot, ctx: ViewContext) -> None:
    from desktop.services.people.did import DidForm, declare_did

    page = make_page(qtbot, ctx)
    person = search_people(ctx.database, ctx.operator, "a")[0]
    if did_in_force(ctx.database, ctx.operator, person.id) is None:
        declare_did(ctx.database, ctx.operator, person.id, DidForm(
            did_date=dt.date.today() - dt.timedelta(days=40), education="diploma",
            employment_condition="disoccupato"))
    in_force = did_in_force(ctx.database, ctx.operator, person.id)
    assert in_force is not None
    page.open_person(person.id)
    wait_idle(qtbot, ctx.ops)
    from desktop.services.people.did import unemployment_text

    assert page.did.unemployment.text() == unemployment_text(in_force.did_date)
    assert page.did.unemployment.text().startswith("Disoccupato da ")
    assert page.did.state.text().startswith("<b>DID in vigore dal ")
