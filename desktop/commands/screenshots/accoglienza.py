"""Accoglienza's further screens: the decoded codice fiscale with a near-duplicate, and
the curriculum dialog, driven through the page's public methods on demo data."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.commands.screenshots import rendering
from desktop.commands.screenshots.rendering import Scenarios
from desktop.services.people.search import search_people
from desktop.views.pages.accoglienza import RegistrationPage


def _settle(page: RegistrationPage, ms: int = 300) -> None:
    rendering.settle_ops(page.ctx.ops, ms)


def scenarios(page: RegistrationPage) -> Scenarios:
    def decoded_and_duplicate() -> QWidget:
        page.reset_form()
        rows = search_people(page.ctx.database, page.ctx.operator, "a")
        page.search.setText(rows[0].surname if rows else "")
        page.run_search()
        if rows:
            # A near-duplicate of an existing person: same code typed again.
            page.form.fiscal_code.setText(f"*{rows[0].fiscal_code}*")
            page.form.apply_fiscal_code()
            page.form.surname.setText(rows[0].surname)
            page.form.name.setText(rows[0].name[:-1])
            page.form.mobile.setText(rows[0].mobile)
        page.check_duplicates()
        _settle(page)
        return page.window()

    def curriculum() -> QWidget:
        rows = search_people(page.ctx.database, page.ctx.operator, "a")
        if rows:
            page.open_person(rows[0].id, ask=False)
            _settle(page)
        page.open_curriculum()
        _settle(page)
        return page.curriculum_dialog or page.window()

    return {"accoglienza-codice-fiscale-e-duplicati": decoded_and_duplicate,
            "accoglienza-curriculum": curriculum}
