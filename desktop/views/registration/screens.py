"""Accoglienza's extra screens for ``sportello screenshots`` (demo data)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from desktop.services.search import search_people

if TYPE_CHECKING:
    from desktop.views.pages.accoglienza import RegistrationPage


def _settle(page: RegistrationPage, ms: int = 300) -> None:
    from desktop.views.screenshots import settle

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settle(app, page.ctx.ops, ms)


def extra_screens(page: RegistrationPage) -> dict[str, Callable[[], QWidget]]:
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
