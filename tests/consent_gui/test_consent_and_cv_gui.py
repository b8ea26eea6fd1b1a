"""Incrocio and Documenti by keyboard: record the consent, print the rosa (contacts only
for who consented, no codice fiscale), withdraw it after the rosa was saved, and print
the CV in Italian and in English."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.models import Person
from desktop.views.current_person import PersonRef
from desktop.views.main_window import MainWindow
from desktop.views.pages.documenti import DocumentsPage
from desktop.views.pages.incrocio import MatchingPage
from tests.consent.conftest import open_vacancy, person_with_cv
from tests.consent_gui.conftest import WindowAs, wait_idle

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
CF = re.compile(r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]")


def _flat(pdf: Path) -> str:
    return "".join("".join(p.extract_text() for p in PdfReader(
        io.BytesIO(pdf.read_bytes())).pages).split())


def _incrocio(window: MainWindow, qtbot: QtBot) -> MatchingPage:
    window.show_area("incrocio")
    page = window.pages["incrocio"]
    assert isinstance(page, MatchingPage)
    wait_idle(qtbot, page.ctx.ops)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return page


def _contacts(window: MainWindow, person_id: object) -> tuple[str, str]:
    with window.ctx.database.read() as session:
        person = session.get(Person, person_id)
        assert person is not None
        return person.mobile or person.phone, person.email


def test_consent_by_keyboard_then_the_rosa_and_a_withdrawal(
        window_as: WindowAs, qtbot: QtBot, tmp_path: Path) -> None:
    window = window_as("m.conti")
    page = _incrocio(window, qtbot)
    vacancy = open_vacancy(window.ctx.database)
    page.vacancy_combo.setCurrentIndex(next(
        i for i in range(page.vacancy_combo.count())
        if page.vacancy_combo.itemData(i) == vacancy.id))
    page.find_candidates.click()
    wait_idle(qtbot, page.ctx.ops)
    model = page.candidates.model
    already = {row.person_id for row in page.shortlist_model.rows}
    fresh = [i for i in range(model.rowCount()) if model.row_at(i).person_id not in already]
    assert len(fresh) >= 2, (page.vacancy_combo.count(), page.vacancy_combo.findData(
        vacancy.id), model.rowCount(), page.status.text(), page.candidates.notes.text())
    yes, no = model.row_at(fresh[0]), model.row_at(fresh[1])
    page.candidates.table.selectRow(fresh[0])
    page.candidates.table.setFocus()
    # Propose both, then record the consent of the first only (Ctrl+Shift+K).
    selection = page.candidates.table.selectionModel()
    selection.clearSelection()
    for row in (fresh[0], fresh[1]):
        selection.select(model.index(row, 0),
                         selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    assert {i.row() for i in selection.selectedRows()} == {fresh[0], fresh[1]}
    page.propose_button.click()
    wait_idle(qtbot, page.ctx.ops)
    page.candidates.table.selectRow(fresh[0])
    page.consent_bar.channel.setCurrentIndex(page.consent_bar.channel.findData("sportello"))
    qtbot.keyClick(page.candidates.table, Qt.Key.Key_K, CTRL_SHIFT)
    wait_idle(qtbot, page.ctx.ops)
    assert page.status.text().startswith("Consenso registrato (allo sportello)")
    consent_of = {r.person_id: r.consent for r in page.shortlist_model.rows}
    assert consent_of[yes.person_id] == "given" and consent_of[no.person_id] == ""

    target = tmp_path / "rosa.pdf"
    page.ask_save_path = lambda parent, suggested: str(target)  # type: ignore[assignment]
    page.anonymised.setChecked(False)
    page.print_button.click()
    wait_idle(qtbot, page.ctx.ops)
    text = _flat(target)
    phone, email = _contacts(window, yes.person_id)
    other_phone, other_email = _contacts(window, no.person_id)
    assert phone in text and email in text
    assert other_phone not in text and other_email not in text
    assert CF.search(text) is None and yes.detail not in text and no.detail not in text

    # Withdrawn after the rosa was saved: one sentence, and the next printout omits it.
    page.candidates.table.selectRow(fresh[0])
    page.candidates.table.setFocus()
    qtbot.keyClick(page.candidates.table, Qt.Key.Key_R, CTRL_SHIFT)
    wait_idle(qtbot, page.ctx.ops)
    assert page.status.text() == (
        f"Consenso revocato: la rosa già salvata per l'offerta {vacancy.number} riportava "
        "i recapiti del candidato; la prossima stampa li omette e lo segnala.")
    page.print_button.click()
    wait_idle(qtbot, page.ctx.ops)
    again = _flat(target)
    assert phone not in again and "consensorevocato:recapitiomessi" in again

    # The CV for the firm is refused now: the consent is withdrawn.
    cv = tmp_path / "cv-firm.pdf"
    page.consent_bar.ask_save_path = lambda parent, s: str(cv)  # type: ignore[assignment]
    qtbot.keyClick(page.candidates.table, Qt.Key.Key_C, CTRL_SHIFT)
    wait_idle(qtbot, page.ctx.ops)
    assert "revocato il consenso" in page.status.text() and not cv.exists()


def test_the_cv_from_documenti_in_italian_and_english(
        window_as: WindowAs, qtbot: QtBot, tmp_path: Path) -> None:
    window = window_as("m.conti")
    person_id, person = person_with_cv(window.ctx.database)
    window.ctx.current.set(PersonRef(person_id, person.fiscal_code,
                                     f"{person.name} {person.surname}"), ask=False)
    window.show_area("documenti")
    page = window.pages["documenti"]
    assert isinstance(page, DocumentsPage)
    wait_idle(qtbot, page.ctx.ops)
    for lang, heading in (("it", "Esperienzalavorativa"), ("en", "Workexperience")):
        target = tmp_path / f"cv-{lang}.pdf"
        page.ask_save_path = lambda parent, s, t=target: str(t)  # type: ignore[assignment]
        page.kind_combo.setCurrentIndex(page.kind_combo.findData("cv"))
        assert page.lang_combo.isEnabled()
        page.lang_combo.setCurrentIndex(page.lang_combo.findData(lang))
        page.save_pdf()
        wait_idle(qtbot, page.ctx.ops)
        qtbot.waitUntil(target.exists, timeout=10_000)
        text = _flat(target)
        assert heading in text and person.fiscal_code not in text
    wait_idle(qtbot, page.ctx.ops)
    titles = [d.kind for d in page.archive_items]
    assert titles.count("cv") >= 2  # printed means archived
