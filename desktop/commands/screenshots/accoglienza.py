"""Accoglienza's extra screens for ``sportello screenshots`` (demo data)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from desktop.services.search import search_people
from desktop.views.context import ViewContext
from desktop.views.registration.curriculum_dialog import CurriculumDialog
from desktop.views.registration.person_form import PersonFormWidget


class RegistrationPage(Protocol):
    """What these screens drive of Accoglienza's page (``pages.accoglienza``), which
    calls them: described here so this module does not import the page back."""

    @property
    def ctx(self) -> ViewContext: ...
    @property
    def search(self) -> QLineEdit: ...
    @property
    def form(self) -> PersonFormWidget: ...
    @property
    def curriculum_dialog(self) -> CurriculumDialog | None: ...
    def reset_form(self) -> None: ...
    def run_search(self, open_exact: bool = False) -> None: ...
    def check_duplicates(self) -> None: ...
    def open_person(self, person_id: uuid.UUID, *, ask: bool = True) -> None: ...
    def open_curriculum(self) -> None: ...
    def window(self) -> QWidget: ...


def _settle(page: RegistrationPage, ms: int = 300) -> None:
    from desktop.commands.screenshots.rendering import settle

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
