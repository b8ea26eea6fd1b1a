"""Accoglienza and the window's current person (``ctx.current``).

A mixin of :class:`desktop.views.pages.accoglienza.RegistrationPage`. The person
opened or saved here becomes current; when another area changes it (the queue calls
a ticket, Ctrl+Shift+N clears it) the page follows: cleared gives an empty new form,
another person is opened. Before unsaved edits of the record or the DID are dropped,
the guard asks (``ask_discard``); if the operator cancels, the person stays.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.views.current_person import PersonRef

if TYPE_CHECKING:
    from desktop.services.people.registration import PersonRecord
    from desktop.views.context import ViewContext
    from desktop.views.registration.did_form import DidFormWidget


class FollowCurrent:
    ctx: ViewContext
    current: PersonRecord | None
    did: DidFormWidget
    form_dirty: bool
    did_dirty: bool
    _asked: bool
    _dup_timer: QTimer
    ask_discard: Callable[[QWidget, str], bool]

    #: Provided by the page (declared for the type checker only).
    reset_form: Callable[..., None]

    #: Provided by the page (declared for the type checker only).
    _load: Callable[..., None]

    def _form_edited(self) -> None:
        self.form_dirty = True
        self._dup_timer.start()

    def _did_edited(self) -> None:
        if self.did.isEnabled():
            self.did_dirty = True

    def has_unsaved(self) -> bool:
        return self.form_dirty or self.did_dirty

    def _may_drop(self) -> bool:
        """Nothing unsaved, or the operator agreed to drop it."""
        return not self.has_unsaved() or self.ask_discard(cast(QWidget, self), _("the personal record"))

    def _guard(self, new: PersonRef | None) -> bool:
        if self._asked or not self.has_unsaved():
            return True
        if new is not None and self.current is not None and new.id == self.current.id:
            return True
        return self.ask_discard(cast(QWidget, self), _("the personal record"))

    def _make_current(self, person: PersonRecord) -> None:
        self._asked = True
        try:
            self.ctx.current.set(PersonRef(person.id, person.fiscal_code, person.full_name),
                                 ask=False)
        finally:
            self._asked = False

    def _current_changed(self, ref: PersonRef | None) -> None:
        """Another area changed the current person (the guards have asked already)."""
        if ref is None:
            if self.current is not None or self.has_unsaved():
                self.reset_form()
        elif self.current is None or self.current.id != ref.id:
            self._load(ref.id)

