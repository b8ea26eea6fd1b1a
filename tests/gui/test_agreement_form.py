"""The Patto form: follows the current person, shows their DID read-only, asks before
dropping unsaved edits, puts bad input next to the field, searches whole words."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QStyle
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models import Person
from desktop.services.documents.agreement_people import active_did_summary
from desktop.services.documents.agreements import search_people, versions_for_person
from desktop.views.context import ViewContext
from desktop.views.current_person import PersonRef
from desktop.views.documents.agreement_form import AgreementForm
from tests.gui.conftest import wait_idle


def _form(qtbot: QtBot, ctx: ViewContext) -> AgreementForm:
    form = AgreementForm(ctx)
    qtbot.addWidget(form)
    form.show()
    return form


def _people(ctx: ViewContext, with_did: bool, with_agreement: bool) -> list[PersonRef]:
    found = []
    for p in search_people(ctx.database, ctx.operator):
        if (active_did_summary(ctx.database, ctx.operator, p.id) is not None) == with_did \
                and bool(versions_for_person(ctx.database, ctx.operator, p.id)) \
                == with_agreement:
            found.append(PersonRef(p.id, p.fiscal_code, f"{p.surname} {p.name}"))
    return found


def _open(qtbot: QtBot, ctx: ViewContext, person: PersonRef | None) -> None:
    ctx.current.set(person)
    wait_idle(qtbot, ctx.ops)


def test_the_form_follows_the_current_person_and_shows_the_did_read_only(
        qtbot: QtBot, ctx: ViewContext) -> None:
    form = _form(qtbot, ctx)
    person = _people(ctx, with_did=True, with_agreement=True)[0]
    did = active_did_summary(ctx.database, ctx.operator, person.id)
    assert did is not None
    _open(qtbot, ctx, person)
    assert form.person is not None and form.person.id == person.id
    assert form.did_edit.text() == did.did_date.strftime("%d/%m/%Y")
    assert form.did_edit.isReadOnly() and form.profiling_edit.isReadOnly()
    assert form.profiling_edit.text() == did.profiling_class
    assert form.gol_edit.text() == did.gol_path
    assert did.patto_deadline.strftime("%d/%m/%Y") in form.deadline_edit.text()
    assert "aggiornare la DID in Accoglienza" in form.did_note.text()
    assert form.measures.rows() and form.search_acts.rows() and form.reporting_edit.text()
    assert form.person_combo.currentText().startswith(person.full_name)
    _open(qtbot, ctx, None)
    assert form.person is None and form.did_edit.text() == ""
    assert form.measures.rows() == [] and form.reporting_edit.text() == ""


def test_unsaved_edits_are_kept_unless_the_operator_agrees(
        qtbot: QtBot, ctx: ViewContext) -> None:
    form = _form(qtbot, ctx)
    first, second = _people(ctx, with_did=True, with_agreement=True)[:2]
    _open(qtbot, ctx, first)
    asked: list[str] = []
    form.ask_discard = lambda parent, what: asked.append(what) or False  # type: ignore[func-returns-value]
    qtbot.keyClicks(form.reporting_edit, " e su convocazione")
    assert not ctx.current.set(second)
    assert asked == ["il Patto di servizio"]
    wait_idle(qtbot, ctx.ops)
    assert ctx.current.person == first and form.person is not None
    assert form.person.id == first.id
    assert form.reporting_edit.text().endswith("e su convocazione")
    assert not ctx.current.clear()  # clearing asks too
    assert len(asked) == 2 and form.person is not None
    form.ask_discard = lambda parent, what: True
    _open(qtbot, ctx, second)
    assert form.person is not None and form.person.id == second.id
    assert not form.reporting_edit.text().endswith("e su convocazione")


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(
        qtbot: QtBot, ctx: ViewContext) -> None:
    form = _form(qtbot, ctx)
    nobody = _people(ctx, with_did=False, with_agreement=False)[0]
    _open(qtbot, ctx, nobody)
    assert "non ha una DID in vigore" in form.errors["did"].text()
    form.save()
    wait_idle(qtbot, ctx.ops)
    assert not form.errors["did"].isHidden()
    assert versions_for_person(ctx.database, ctx.operator, nobody.id) == []

    fresh = _people(ctx, with_did=True, with_agreement=False)
    person = fresh[0] if fresh else None
    assert person is not None, "the demo leaves someone with a DID and no Patto"
    _open(qtbot, ctx, person)
    assert form.errors["did"].isHidden()
    form.measures.add_row(["Orientamento di base", "Colloquio", "CPI Firenze", "31/02/2026", ""])
    form.save()
    assert "scrivere la data come gg/mm/aaaa" in form.errors["measures"].text()
    form.measures.set_rows([["Orientamento di base", "Colloquio", "CPI Firenze", "", ""]])
    form.appointments.add_row(["domani alle 9", "Sportello 3", "Verifica"])
    form.save()
    assert "gg/mm/aaaa hh:mm" in form.errors["appointments"].text()
    form.appointments.set_rows([])
    form.save()
    wait_idle(qtbot, ctx.ops)
    for key in ("responsible", "search_acts", "reporting", "search_proof"):
        assert form.errors[key].text().startswith("Da indicare:"), key
        assert not form.errors[key].isHidden()
    assert "operatore responsabile" in form.errors["responsible"].text()
    assert versions_for_person(ctx.database, ctx.operator, person.id) == []

    form.search_acts.add_row(["Inviare candidature", "ogni settimana"])
    form.reporting_edit.setText("una volta al mese")
    form.proof_edit.setText("elenco delle candidature")
    conti = [s.username for s in form.signers].index("m.conti")
    form.responsible_combo.setCurrentIndex(conti)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx.ops)
    saved = versions_for_person(ctx.database, ctx.operator, person.id)
    assert len(saved) == 1 and all(form.errors[k].isHidden() for k in form.errors)
    did = active_did_summary(ctx.database, ctx.operator, person.id)
    assert did is not None
    assert (saved[0].data.did_date, saved[0].data.profiling_class, saved[0].data.gol_path) \
        == (did.did_date, did.profiling_class, did.gol_path)
    assert saved[0].data.operator_name == "Marco Conti" and not form.dirty


def _rename(ctx: ViewContext, names: list[tuple[str, str]]) -> list[uuid.UUID]:
    with ctx.database.transaction() as session:
        people = list(session.scalars(select(Person).order_by(Person.fiscal_code)
                                      .limit(len(names))))
        for person, (surname, name) in zip(people, names, strict=True):
            person.surname, person.name = surname, name
        return [p.id for p in people]


def test_the_search_picks_rossi_not_grossi_and_lets_the_operator_choose(
        qtbot: QtBot, ctx: ViewContext) -> None:
    ids = _rename(ctx, [("Grossi", "Alberto"), ("Rossi", "Zeno")])
    form = _form(qtbot, ctx)
    form.search_edit.setText("rossi")
    qtbot.keyClick(form.search_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx.ops)
    labels = [form.person_combo.itemText(i) for i in range(form.person_combo.count())]
    assert not any(label.startswith("Grossi") for label in labels)
    assert form.person is not None and form.person.id == ids[1]  # the one exact match
    assert ctx.current.person is not None and ctx.current.person.id == ids[1]

    ids = _rename(ctx, [("Grossi", "Alberto"), ("Rossi", "Zeno"), ("Rossi", "Anna")])
    _open(qtbot, ctx, None)
    form.search_edit.setText("rossi")
    qtbot.keyClick(form.search_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx.ops)
    assert form.person is None and form.person_combo.currentIndex() == -1  # nobody picked
    assert [p.surname for p in form.people] == ["Rossi", "Rossi"]
    assert "scegliere" in form.status_label.text()
    form.person_combo.setCurrentIndex(1)
    form.person_combo.activated.emit(1)
    wait_idle(qtbot, ctx.ops)
    assert form.person is not None and form.person.id == form.people[1].id


def test_the_patto_tables_are_filled_from_the_keyboard(qtbot: QtBot, ctx: ViewContext) -> None:
    """Ins adds a row with the keyboard in its first cell, Tab walks the cells, Ctrl+Del
    removes the row: a measure and a job-search act without the mouse."""
    from PySide6.QtWidgets import QApplication

    form = _form(qtbot, ctx)
    form.activateWindow()
    person = _people(ctx, with_did=True, with_agreement=False)[0]
    _open(qtbot, ctx, person)

    def focused():  # type: ignore[no-untyped-def]
        return QApplication.focusWidget()

    def type_cell(text: str) -> None:
        for char in text:
            qtbot.keyClicks(focused(), char)
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)

    form.measures.table.setFocus()
    qtbot.waitUntil(form.measures.table.hasFocus)
    qtbot.keyClick(form.measures.table, Qt.Key.Key_Insert)
    assert form.measures.table.rowCount() == 1
    qtbot.keyClicks(focused(), "Orientamento di base")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    type_cell("Colloquio individuale")
    type_cell("CPI Firenze")
    assert form.measures.rows() == [["Orientamento di base", "Colloquio individuale",
                                     "CPI Firenze", "", ""]]
    form.search_acts.table.setFocus()
    qtbot.waitUntil(form.search_acts.table.hasFocus)
    qtbot.keyClick(form.search_acts.table, Qt.Key.Key_Insert)
    qtbot.keyClick(form.search_acts.table, Qt.Key.Key_Insert)
    assert form.search_acts.table.rowCount() == 2
    form.search_acts.table.setFocus()
    qtbot.keyClick(form.search_acts.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert form.search_acts.table.rowCount() == 1
    form.search_acts.table.setCurrentCell(0, 0)
    form.search_acts.table.editItem(form.search_acts.table.item(0, 0))
    type_cell("Inviare candidature")
    type_cell("ogni settimana")
    assert form.search_acts.rows() == [["Inviare candidature", "ogni settimana"]]
    assert form.dirty


def test_ctrl_s_saves_and_the_page_scrolls_to_the_field_with_the_keyboard(
        qtbot: QtBot, ctx: ViewContext) -> None:
    from desktop.views.main_window import MainWindow
    from desktop.views.pages.documenti import DocumentsPage

    window = MainWindow(ctx)
    window.confirm_quit = lambda parent: True  # type: ignore[method-assign]
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.show_area("documenti")
    page = window.pages["documenti"]
    assert isinstance(page, DocumentsPage)
    person = _people(ctx, with_did=True, with_agreement=True)[0]
    _open(qtbot, ctx, person)
    form = page.form
    scroll = form.parentWidget()
    while scroll is not None and not hasattr(scroll, "verticalScrollBar"):
        scroll = scroll.parentWidget()
    assert scroll is not None
    form.proof_edit.setFocus()
    qtbot.waitUntil(form.proof_edit.hasFocus)
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().value() > 0)
    before = len(versions_for_person(ctx.database, ctx.operator, person.id))
    qtbot.keyClicks(form.proof_edit, " e copie delle e-mail")
    qtbot.keyClick(form.proof_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx.ops)
    assert len(versions_for_person(ctx.database, ctx.operator, person.id)) == before + 1
    wait_idle(qtbot, ctx.ops)


def test_a_long_measure_description_is_shown_whole(qtbot: QtBot, ctx: ViewContext) -> None:
    """Issue 22: the description of a measure was cut at the column's edge on one line."""
    form = _form(qtbot, ctx)
    form.resize(900, 1000)
    _open(qtbot, ctx, _people(ctx, with_did=True, with_agreement=True)[0])
    long = ("Percorso di orientamento specialistico con bilancio delle competenze, "
            "colloqui individuali settimanali e laboratorio di ricerca attiva del lavoro "
            "presso il centro, con verifica finale degli esiti insieme all'operatore")
    rows = form.measures.rows()
    rows[0][1] = long
    form.measures.set_rows(rows)
    table = form.measures.table
    QApplication.processEvents()
    cell = table.visualRect(table.model().index(0, 1))
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    need = table.fontMetrics().boundingRect(
        QRect(0, 0, cell.width() - margin, 10_000),
        int(Qt.TextFlag.TextWordWrap), long).height()
    assert cell.height() >= need, (cell.height(), need)
    assert table.item(0, 1).toolTip() == long
    table.item(0, 1).setText("Tirocinio presso impresa del territorio")  # as typed
    assert table.item(0, 1).toolTip() == "Tirocinio presso impresa del territorio"
