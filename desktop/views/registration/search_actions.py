"""The search box of Accoglienza and what a scanned codice fiscale opens.

A mixin of :class:`desktop.views.pages.accoglienza.RegistrationPage`. A codice
fiscale opens its holder on Enter (search box or the form's field); when nobody holds
it, the people whose code reduces to the same form are listed as candidates, said as
such: an omocode is a different person by law.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView

from desktop.i18n import _
from desktop.services.people.fiscal_code import normalise_input
from desktop.services.people.search import (
    CodeLookup,
    PersonRow,
    lookup_code,
    query_kind,
    search_people,
)

if TYPE_CHECKING:
    from desktop.services.people.registration import PersonRecord
    from desktop.views.context import ViewContext
    from desktop.views.registration.people_model import PeopleModel
    from desktop.views.registration.person_form import PersonFormWidget


class SearchActions:
    ctx: ViewContext
    current: PersonRecord | None
    form: PersonFormWidget
    form_dirty: bool
    search: QLineEdit
    search_status: QLabel
    results: QTableView
    model: PeopleModel
    _search_timer: QTimer

    #: Provided by the page (declared for the type checker only).
    _show_error: Callable[..., None]

    #: Provided by the page (declared for the type checker only).
    open_person: Callable[..., None]

    #: Provided by the page (declared for the type checker only).
    new_registration: Callable[..., bool]

    #: Provided by the page (declared for the type checker only).
    check_duplicates: Callable[..., None]

    def run_search(self, open_exact: bool = False) -> None:
        """Search what was typed; Enter on a codice fiscale opens its holder."""
        self._search_timer.stop()
        text = self.search.text()
        if not text.strip():
            self.model.set_rows([])
            self.search_status.hide()
            return
        if query_kind(text) == "cf":
            self.ctx.ops.run(lookup_code, self.ctx.database, self.ctx.operator, text,
                             on_success=lambda found: self._show_code(found, open_exact),
                             on_error=self._show_error)
            return
        self.ctx.ops.run(search_people, self.ctx.database, self.ctx.operator, text,
                         on_success=lambda rows: self._show_results(rows, text),
                         on_error=self._show_error)

    def _show_results(self, rows: list[PersonRow], text: str = "") -> None:
        self.model.set_rows(rows)
        if rows:
            self.results.selectRow(0)
        self._say_search(_("No person found for “{query}”.").format(query=text.strip())
                         if not rows else "")

    def _say_search(self, text: str) -> None:
        self.search_status.setText(text)
        self.search_status.setVisible(bool(text))

    def _show_code(self, found: CodeLookup, open_exact: bool) -> None:
        if found.exact is not None:
            self._show_results([found.exact])
            if open_exact:
                self.open_person(found.exact.id)
            return
        self._show_results(list(found.candidates), found.code)
        if not found.candidates and open_exact:
            # A health card scanned for someone new: the registration starts with it.
            self._open_code_found(found)
            self._say_search(_("Nobody holds {code}: a new personal record is started with "
                               "it.").format(code=found.code))
            return
        if found.candidates:
            self._say_search(_("Nobody holds {code}. The people below have a code that reduces "
                               "to the same one: one of them may be its holder registered "
                               "with an omocode, or a different person.").format(
                code=found.code))

    def _open_row(self, index: QModelIndex) -> None:
        self.open_person(self.model.row_at(index.row()).id)

    def open_fiscal_code(self, code: str) -> None:
        """Open the holder of ``code`` (a scanned health card), or start registering a
        new person with the code typed and decoded."""
        self.ctx.ops.run(lookup_code, self.ctx.database, self.ctx.operator, code,
                         on_success=self._open_code_found, on_error=self._show_error)

    def _open_code_found(self, found: CodeLookup) -> None:
        if found.exact is not None:
            self.open_person(found.exact.id)
            return
        if not self.new_registration():
            return
        self.form.fiscal_code.setText(found.code)
        self.form.apply_fiscal_code()
        self.form_dirty = False
        self.check_duplicates()

    def _code_entered(self, code: str) -> None:
        """Enter in the form's codice fiscale: a registered code opens its record."""
        if self.current is not None:
            return  # correcting an open record
        self.ctx.ops.run(lookup_code, self.ctx.database, self.ctx.operator, code,
                         on_success=self._entered_code_found, on_error=self._show_error)

    def _entered_code_found(self, found: CodeLookup) -> None:
        if found.exact is None or self.current is not None or \
                normalise_input(self.form.fiscal_code.text()) != found.code:
            return  # nobody holds it (candidates show in the duplicates panel)
        self.open_person(found.exact.id, ask=self.form.typed_beyond_code())

