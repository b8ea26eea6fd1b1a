"""Incrocio's further screens: candidates with a rosa of two, vacancies for a person,
the vacancy form (occupation by name) and the list of vacancies."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QWidget

from desktop.commands.screenshots import rendering
from desktop.commands.screenshots.rendering import Scenarios
from desktop.views.pages.incrocio import MatchingPage


def scenarios(page: MatchingPage) -> Scenarios:
    def settle() -> None:
        rendering.settle_ops(page.ctx.ops, 300)

    def candidates() -> QWidget:
        page.tabs.setCurrentIndex(0)
        settle()
        # The first vacancy with candidates, with a rosa of two of them.
        for index in range(page.vacancy_combo.count()):
            page.vacancy_combo.setCurrentIndex(index)
            page.search_candidates()
            settle()
            rows = page.candidates.model.rows
            if len(rows) >= 3 and rows[0].score >= 0.6 and not rows[0].missing:
                break
        table = page.candidates.table
        table.selectionModel().select(
            page.candidates.model.index(1, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
        page.propose_selected()
        settle()
        table.selectRow(0)
        return page.window()

    def exclusions() -> QWidget:
        # The same vacancy with the people without a DID included again: the strip says
        # how many each reason left out, the explanation says what would change a rank.
        page.tabs.setCurrentIndex(0)
        page.exclusions.boxes["no_did"].setChecked(True)
        settle()
        rows = page.candidates.model.rows
        changed = next((i for i, row in enumerate(rows) if row.change), 0)
        page.candidates.table.selectRow(changed)
        return page.window()

    def vacancies() -> QWidget:
        page.exclusions.boxes["no_did"].setChecked(False)
        settle()
        page.tabs.setCurrentIndex(1)
        rows = page.candidates.model.rows
        page.fiscal_code.setText(rows[0].detail if rows else "")
        page.search_vacancies()
        settle()
        return page.window()

    def new_vacancy() -> QWidget:
        # The vacancy form of the first employer, the occupation looked up by name.
        page.tabs.setCurrentIndex(0)
        page.vacancy_buttons.new_vacancy()
        settle()
        chooser = page.vacancy_buttons.chooser
        if chooser is None:
            return page.window()
        chooser.confirm()
        settle()
        form = page.vacancy_buttons.form
        if form is None:
            return page.window()
        form.title.setText("Cameriere/a di sala")
        form.occupation.edit.setFocus()
        form.occupation.edit.setText("cameriere")
        form.occupation.search("cameriere")
        settle()
        return form

    def vacancy_list() -> QWidget:
        form = page.vacancy_buttons.form
        if form is not None and form.isVisible():
            form.reject()
        page.vacancy_buttons.open_list()
        settle()
        dialog = page.vacancy_buttons.dialog
        return dialog if dialog is not None else page.window()

    return {"candidati": candidates, "esclusioni": exclusions, "offerte": vacancies,
            "nuova-offerta": new_vacancy, "elenco-offerte": vacancy_list}
