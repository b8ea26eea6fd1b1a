"""The DID part of Accoglienza: declare, show the one in force, revoke or declare lapsed.

A mixin of :class:`desktop.views.pages.accoglienza.RegistrationPage`, which owns
``self.did`` (the form), ``self.current`` (the open person) and ``self.last_did`` (the
DID just saved or opened: the receipt printing hooks to it). All work goes through
``ctx.ops``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.people.did import DidInForce, DidRecord, declare_did, did_in_force, end_did

if TYPE_CHECKING:
    from desktop.services.people.registration import PersonRecord
    from desktop.views.context import ViewContext
    from desktop.views.registration.actions_panel import ActionsPanel
    from desktop.views.registration.did_form import DidFormWidget


class DidActions:
    ctx: ViewContext
    did: DidFormWidget
    current: PersonRecord | None
    last_did: DidRecord | None
    did_dirty: bool
    status: QLabel
    actions_panel: ActionsPanel

    #: Provided by the page (declared for the type checker only).
    _show_error: Callable[..., None]

    #: Provided by the page (declared for the type checker only).
    reveal: Callable[..., None]

    def _reveal_outcome(self) -> None:
        """Scroll so the sentence just shown (error or result) is on screen."""
        shown = [label for label in self.did.field_errors.values() if label.text()]
        for widget in (*shown, self.did.errors, self.did.result):
            if widget.text():
                self.reveal(widget)
                return

    def load_did_in_force(self) -> None:
        """Show the open person's DID in force (or say there is none)."""
        if self.current is None:
            return
        person_id = self.current.id
        self.ctx.ops.run(did_in_force, self.ctx.database, self.ctx.operator, person_id,
                         on_success=lambda did: self._did_in_force_loaded(person_id, did),
                         on_error=self._show_error)

    def _did_in_force_loaded(self, person_id: object, did: DidRecord | None) -> None:
        if self.current is None or self.current.id != person_id:
            return  # another person was opened meanwhile
        self.did.show_in_force(did)

    def open_did_in_force(self) -> None:
        """"Open the DID in force" after a refused second DID: show it, ready to print."""
        did = self.did.in_force
        if did is None:
            self.load_did_in_force()
            return
        self.last_did = did
        self.did.show_result(did)
        self.did_dirty = False
        self.did.end_reason.setFocus()

    def save_did(self) -> None:
        if self.current is None:
            return
        self.ctx.ops.run(declare_did, self.ctx.database, self.ctx.operator, self.current.id,
                         self.did.form(), site_code=self.ctx.site.site_code,
                         min_age=self.ctx.settings.did_min_age,
                         on_success=self._did_saved, on_error=self._did_failed)

    def _did_saved(self, did: DidRecord) -> None:
        self.last_did = did
        self.did_dirty = False
        self.did.show_result(did)
        self.status.setText(_("DID receipt ready: Ctrl+P to print"))
        self.actions_panel.reload()
        self._reveal_outcome()

    def _did_failed(self, error: BaseException) -> None:
        if isinstance(error, DidInForce):
            self.did.in_force = error.did
            self.did.show_errors(error.fields, offer_active=True)
        elif isinstance(error, ValidationError):
            self.did.show_errors(error.fields or {"": error.user_message})
        else:
            self._show_error(error)
            return
        self._reveal_outcome()

    def end_did(self) -> None:
        """Revoke or declare lapsed the DID in force, as the end section says."""
        did = self.did.in_force
        if did is None:
            self.did.show_errors({"": _("This person has no DID in force.")})
            return
        kind, day, reason = self.did.end()
        if day is None and self.did.end_date.text().strip():
            self.did.show_errors({"ended_on": _("Write the date as dd/mm/yyyy.")})
            self._reveal_outcome()
            return
        self.ctx.ops.run(end_did, self.ctx.database, self.ctx.operator, did.id, kind, day,
                         reason, on_success=self._did_ended, on_error=self._did_failed)

    def _did_ended(self, did: DidRecord) -> None:
        self.last_did = did
        self.did_dirty = False
        self.did.show_result(did)
        self.actions_panel.reload()
        self.did.education.setFocus()
        self._reveal_outcome()

    def print_last_did(self) -> None:
        """Ctrl+P: the receipt of the DID saved last. Printing (ReportLab, QtPdf) is
        imported on first use, not when the application starts."""
        from desktop.views.documents.print_flow import print_last_did

        print_last_did(self)
