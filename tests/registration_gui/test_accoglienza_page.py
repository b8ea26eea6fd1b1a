"""Accoglienza page: keyboard-only registration, scanner input, duplicates, model."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.people.registration import visits_of
from desktop.services.people.search import PersonRow, search_people
from desktop.views.context import ViewContext
from desktop.views.pages.accoglienza import RegistrationPage
from desktop.views.registration.people_model import PeopleModel
from tests.gui.conftest import wait_idle


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_then_tab(qtbot: QtBot, text: str) -> None:
    if text:
        qtbot.keyClicks(focused(), text)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def press_in(qtbot: QtBot, widget: QWidget, key: Qt.Key) -> None:
    """Ctrl+key with the focus in ``widget``, as an operator would press it."""
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.ControlModifier)


def make_page(qtbot: QtBot, ctx: ViewContext) -> RegistrationPage:
    page = RegistrationPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    qtbot.waitExposed(page)
    page.activated()
    wait_idle(qtbot, ctx.ops)
    return page


def test_keyboard_only_registration_with_scanner_then_did(
        qtbot: QtBot, ctx: ViewContext) -> None:
    page = make_page(qtbot, ctx)
    page.form.fiscal_code.setFocus()
    qtbot.waitUntil(page.form.fiscal_code.hasFocus)
    # The scanner types the Code 39 payload and Enter.
    qtbot.keyClicks(focused(), "*RSSMRA85T10A562S*")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert page.form.fiscal_code.text() == "RSSMRA85T10A562S"
    assert page.form.sex.currentData() == "M"
    assert page.form.birth_date.text() == "10/12/1985"
    assert "San Giuliano Terme (PI)" in page.form.birthplace.resolved.text()
    assert "10/12/1985" in page.form.decoded.text()
    assert page.form.surname.hasFocus()

    type_then_tab(qtbot, "Rossi")
    type_then_tab(qtbot, "Mario")
    for _prefilled in ("sex", "birth_date", "birthplace", "citizenship"):
        type_then_tab(qtbot, "")
    assert page.form.residence.hasFocus()
    type_then_tab(qtbot, "Firenze")
    type_then_tab(qtbot, "Via dei Servi")
    type_then_tab(qtbot, "12")
    type_then_tab(qtbot, "50122")
    assert page.form.domicile_same.hasFocus() and page.form.domicile_same.isChecked()
    type_then_tab(qtbot, "")
    type_then_tab(qtbot, "333 1234567")
    type_then_tab(qtbot, "mario.rossi@example.it")
    assert page.form.privacy.hasFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    assert page.form.privacy.isChecked()
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx.ops)
    assert page.current is not None, page.form.summary.text()
    assert "Salvata" in page.status.text()
    assert page.did.isEnabled() and page.did.education.hasFocus()

    qtbot.keyClicks(focused(), "Diploma")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Disoccupato")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "14")
    qtbot.keyClick(focused(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx.ops)
    did = page.last_did
    assert did is not None, page.did.errors.text()
    assert did.patto_deadline == dt.date.today() + dt.timedelta(days=30)
    assert "Patto di servizio" in page.did.result.text() or "patto" in page.did.result.text()
    # the index as the spin boxes write numbers, "0,73" and not "0.73"
    assert f"Indice di profilazione {did.profiling_index:.2f}".replace(".", ",") \
        in page.did.result.text()

    saved = search_people(ctx.database, ctx.operator, "RSSMRA85T10A562S")
    assert [(p.surname, p.name, p.town) for p in saved] == [("Rossi", "Mario", "Firenze")]
    kinds = [v.kind for v in visits_of(ctx.database, ctx.operator, saved[0].id)]
    assert kinds == ["registration", "did"]


def test_saving_with_errors_says_what_is_missing_and_saves_nothing(
        qtbot: QtBot, ctx: ViewContext) -> None:
    page = make_page(qtbot, ctx)
    page.form.fiscal_code.setText("RSSMRA85T10A562X")
    page.form.email.setText("senza-chiocciola")
    page.form.surname.setFocus()
    qtbot.keyClick(page.form.surname, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx.ops)
    assert page.current is None
    assert "campi" in page.form.summary.text()
    assert "controllo" in page.form.errors["fiscal_code"].text()
    assert "e-mail" in page.form.errors["email"].text()
    assert page.form.fiscal_code.hasFocus()
    assert search_people(ctx.database, ctx.operator, "RSSMRA85T10A562S") == []


def test_search_and_duplicate_panel_and_open_existing(
        qtbot: QtBot, ctx: ViewContext) -> None:
    page = make_page(qtbot, ctx)
    existing = search_people(ctx.database, ctx.operator, "a")[0]
    # Enter on a codice fiscale in the search box opens its holder
    page.search.setText(existing.fiscal_code.lower())
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx.ops)
    assert page.model.rowCount() == 1 and page.model.row_at(0).id == existing.id
    assert page.current is not None and page.current.id == existing.id
    assert visits_of(ctx.database, ctx.operator, existing.id)[-1].kind == "lookup"

    # so does scanning it into the codice fiscale of a new registration
    press_in(qtbot, page.form.mobile, Qt.Key.Key_N)
    assert page.current is None
    page.form.fiscal_code.setText(f"*{existing.fiscal_code}*")
    qtbot.keyClick(page.form.fiscal_code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.current is not None, timeout=5000)
    wait_idle(qtbot, ctx.ops)
    assert page.current is not None and page.current.id == existing.id
    assert page.form.surname.text() == existing.surname

    # a possible duplicate in the panel opens too
    press_in(qtbot, page.form.mobile, Qt.Key.Key_N)
    page.form.mobile.setText(existing.mobile)
    qtbot.waitUntil(lambda: bool(page.duplicates.candidates), timeout=5000)
    wait_idle(qtbot, ctx.ops)
    assert existing.id in [c.person.id for c in page.duplicates.candidates]
    page.ask_discard = lambda parent, what: True
    page.duplicates.open_requested.emit(str(existing.id))
    wait_idle(qtbot, ctx.ops)
    assert page.current is not None and page.current.id == existing.id


def test_people_model_passes_the_model_tester(qtmodeltester, ctx: ViewContext) -> None:  # type: ignore[no-untyped-def]
    model = PeopleModel()
    rows: list[PersonRow] = search_people(ctx.database, ctx.operator, "a", limit=10)
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.rowCount() == len(rows) > 0
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Codice fiscale"


def test_open_existing_correct_the_record_and_start_a_new_one(
        qtbot: QtBot, ctx: ViewContext) -> None:
    page = make_page(qtbot, ctx)
    existing = search_people(ctx.database, ctx.operator, "a")[0]
    page.open_person(existing.id)
    wait_idle(qtbot, ctx.ops)
    assert page.form.fiscal_code.text() == existing.fiscal_code
    assert page.form.surname.text() == existing.surname
    assert existing.fiscal_code in page.form_title.text()

    # A domicile elsewhere: the extra fields appear and are checked like the residence.
    page.form.domicile_same.setFocus()
    qtbot.keyClick(page.form.domicile_same, Qt.Key.Key_Space)
    assert page.form.domicile_box.isVisibleTo(page)
    page.form.mobile.setText("3470000001")
    qtbot.keyClick(page.form.mobile, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx.ops)
    assert page.form.errors["domicile_code"].isVisible()
    assert search_people(ctx.database, ctx.operator, existing.fiscal_code)[0].mobile \
        == existing.mobile

    page.form.domicile.setText("Prato")
    page.form.domicile_address.setText("Via Roma")
    page.form.domicile_number.setText("3")
    page.form.domicile_postcode.setText("59100")
    qtbot.keyClick(page.form.mobile, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx.ops)
    assert "Modifiche salvate" in page.status.text(), page.form.summary.text()
    again = search_people(ctx.database, ctx.operator, existing.fiscal_code)
    assert [p.id for p in again] == [existing.id] and again[0].mobile == "3470000001"

    qtbot.keyClick(page.form.mobile, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.current is None and page.form.fiscal_code.text() == ""
    assert page.form_title.text() == "Nuova scheda anagrafica (SAP)"


def test_merge_a_duplicate_into_the_open_record(qtbot: QtBot, ctx: ViewContext) -> None:
    page = make_page(qtbot, ctx)
    asked: list[tuple[str, str]] = []

    def answer(_parent: QWidget, kept: str, merged: str) -> str | None:
        asked.append((kept, merged))
        return None if len(asked) == 1 else "stessa persona, registrata due volte"

    page.ask_merge = answer
    people = search_people(ctx.database, ctx.operator, "a")
    kept, twin = people[0], people[1]
    page.open_person(kept.id)
    wait_idle(qtbot, ctx.ops)
    # The twin typed into the open record's form is what the duplicate check finds.
    page.form.fiscal_code.setText(twin.fiscal_code)
    page.check_duplicates()
    wait_idle(qtbot, ctx.ops)
    assert any(c.person.id == twin.id for c in page.duplicates.candidates)
    assert page.duplicates.merge_buttons
    page.duplicates.merge_requested.emit(str(twin.id))
    wait_idle(qtbot, ctx.ops)
    assert len(search_people(ctx.database, ctx.operator, twin.fiscal_code)) == 1  # cancelled
    page.duplicates.merge_requested.emit(str(twin.id))
    wait_idle(qtbot, ctx.ops)
    assert twin.fiscal_code in asked[1][1] and kept.fiscal_code in asked[1][0]
    assert search_people(ctx.database, ctx.operator, twin.fiscal_code) == []
    assert "Schede unite" in page.status.text()


def test_merge_dialog_wants_a_reason(qtbot: QtBot) -> None:
    from desktop.views.registration.merge_dialog import MergeDialog

    dialog = MergeDialog("Rossi Mario", "Rossi Mario (bis)")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "stessa persona" in dialog.error.text()
    qtbot.keyClicks(dialog.reason, "CF errato alla prima registrazione")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)


def test_curriculum_dialog_keyboard_entry_refusal_then_save(
        qtbot: QtBot, ctx: ViewContext) -> None:
    from desktop.services.people.curriculum import CurriculumForm, load_curriculum, save_curriculum

    page = make_page(qtbot, ctx)
    person = search_people(ctx.database, ctx.operator, "a")[0]
    # The demo records a curriculum for most people (matching needs them): start blank.
    save_curriculum(ctx.database, ctx.operator, person.id, CurriculumForm())
    page.open_person(person.id)
    wait_idle(qtbot, ctx.ops)
    assert page.curriculum_button.isEnabled()
    press_in(qtbot, page.form.surname, Qt.Key.Key_U)
    dialog = page.curriculum_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    wait_idle(qtbot, ctx.ops)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.isEnabled() and dialog.education.hasFocus()

    dialog.education.setCurrentIndex(dialog.education.findData("diploma"))
    dialog.licences["B"].setChecked(True)
    dialog.radius.setValue(40)
    for table, values in ((dialog.languages, ("inglese", "B4")),
                          (dialog.desired, ("5.1.2.2.0",)),
                          (dialog.experiences, ("Coop", "5.1.2.2.0", "47.11", "01/03/2019",
                                                "30/06/2023", "tempo determinato"))):
        table.setFocus()
        qtbot.waitUntil(table.hasFocus)
        qtbot.keyClick(table, Qt.Key.Key_Insert)
        for column, text in enumerate(values):
            item = table.item(table.rowCount() - 1, column)
            assert item is not None
            item.setText(text)
    # B4 is not a CEFR level: the save is refused, the dialog stays open.
    press_in(qtbot, dialog.education, Qt.Key.Key_S)
    wait_idle(qtbot, ctx.ops)
    assert dialog.isVisible() and "A1, A2" in dialog.error.text()
    assert load_curriculum(ctx.database, ctx.operator, person.id).languages == ()

    level = dialog.languages.item(0, 1)
    assert level is not None
    level.setText("b2")
    with qtbot.waitSignal(dialog.accepted):
        press_in(qtbot, dialog.education, Qt.Key.Key_S)
        wait_idle(qtbot, ctx.ops)
    saved = load_curriculum(ctx.database, ctx.operator, person.id)
    assert saved.education == "diploma" and saved.licences == ("B",)
    assert saved.mobility_radius_km == 40 and saved.desired == ("5.1.2.2.0",)
    assert saved.languages[0].level == "B2"
    assert saved.experiences[0].start == dt.date(2019, 3, 1)
    assert "Curriculum salvato" in page.status.text()
