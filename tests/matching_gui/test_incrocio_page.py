"""The Incrocio page end to end: candidates, rosa, PDF, outcome, and the reverse."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from desktop.views.main_window import MainWindow
from desktop.views.pages.incrocio import MatchingPage
from tests.gui.conftest import wait_idle


def _page(window: MainWindow, qtbot: QtBot) -> MatchingPage:
    window.show_area("incrocio")
    page = window.pages["incrocio"]
    assert isinstance(page, MatchingPage)
    wait_idle(qtbot, page.ctx.ops)
    return page


def test_candidates_shortlist_print_and_outcome(window: MainWindow, qtbot: QtBot,
                                                tmp_path: Path) -> None:
    page = _page(window, qtbot)
    assert page.vacancy_combo.count() > 5
    for index in range(page.vacancy_combo.count()):
        page.vacancy_combo.setCurrentIndex(index)
        page.find_candidates.click()
        wait_idle(qtbot, page.ctx.ops)
        if page.candidates.model.rowCount() >= 2:
            break
    model = page.candidates.model
    assert model.rowCount() >= 2
    # The demo may already hold proposals for this vacancy (its activity depends on the
    # day it was built): propose the best candidate not yet on the shortlist.
    already = {row.person_id for row in page.shortlist_model.rows}
    index = next(i for i in range(model.rowCount()) if model.row_at(i).person_id not in already)
    first = model.row_at(index)
    page.candidates.table.selectRow(index)
    # The explanation of the selected row is beside the table.
    explanation = page.candidates.explanation.text()
    assert "occupazione" in explanation and "distanza" in explanation
    page.propose_button.click()
    wait_idle(qtbot, page.ctx.ops)
    assert page.shortlist_model.rowCount() == len(already) + 1
    rows = page.shortlist_model.rows
    mine = next(i for i, row in enumerate(rows) if row.person_id == first.person_id)

    target = tmp_path / "rosa.pdf"
    page.ask_save_path = lambda parent, suggested: str(target)  # type: ignore[assignment]
    page.anonymised.setChecked(True)
    page.print_button.click()
    wait_idle(qtbot, page.ctx.ops)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Rosa di candidati" in text and "Candidato 1" in text
    assert first.detail not in text  # anonymised: no codice fiscale

    page.shortlist_table.selectRow(mine)
    page.outcome_combo.setCurrentIndex(page.outcome_combo.findData("assunto"))
    page.outcome_button.click()
    wait_idle(qtbot, page.ctx.ops)
    assert "contratto" in page.status.text()  # hiring needs the contract type
    page.contract_combo.setCurrentIndex(page.contract_combo.findData("indeterminato"))
    page.outcome_button.click()
    wait_idle(qtbot, page.ctx.ops)
    hired = next(row for row in page.shortlist_model.rows if row.person_id == first.person_id)
    assert hired.outcome == "assunto"
    assert hired.contract_type == "indeterminato"

def test_vacancies_for_a_person(window: MainWindow, qtbot: QtBot) -> None:
    page = _page(window, qtbot)
    page.tabs.setCurrentIndex(1)
    page.fiscal_code.setText("XXX")
    page.find_vacancies.click()
    assert "16" in page.status.text()
    page.vacancy_combo.setCurrentIndex(0)
    page.search_candidates()
    wait_idle(qtbot, page.ctx.ops)
    code = page.candidates.model.row_at(0).detail
    page.fiscal_code.setText(code)
    qtbot.keyClick(page.fiscal_code, "\r")
    wait_idle(qtbot, page.ctx.ops)
    assert page.vacancies.model.rowCount() > 0
    assert page.vacancies.explanation.text().startswith("<b>")


def test_proposing_marks_the_candidate_row(window: MainWindow, qtbot: QtBot) -> None:
    page = _page(window, qtbot)
    for index in range(page.vacancy_combo.count()):
        page.vacancy_combo.setCurrentIndex(index)
        page.search_candidates()
        wait_idle(qtbot, page.ctx.ops)
        if page.candidates.model.rowCount():
            break
    page.candidates.table.selectRow(0)
    page.propose_button.click()
    wait_idle(qtbot, page.ctx.ops)
    assert page.candidates.model.row_at(0).proposal == "proposto"
    assert page.candidates.model.data(page.candidates.model.index(0, 6)) == "proposto"
