"""The person the counter is serving now, shared by every area of the main window.

Opening a person in Accoglienza makes them current; Documenti, Incrocio and the queue
console follow. Areas holding unsaved work about the current person register a guard:
before the current person changes (or is cleared), every guard is asked, and any one
of them can keep the current person (the operator chose not to lose what was typed).

Signals:
    changed(object): the new :class:`PersonRef`, or ``None`` once cleared.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget


@dataclass(frozen=True)
class PersonRef:
    """Who is current: enough to show and to load, nothing more."""

    id: uuid.UUID
    fiscal_code: str
    full_name: str

    @property
    def label(self) -> str:
        return f"{self.full_name} ({self.fiscal_code})"


#: A guard returns True when the switch may go ahead (nothing unsaved, or the
#: operator agreed to drop it), False to keep the current person.
Guard = Callable[[PersonRef | None], bool]


class CurrentPerson(QObject):
    """Holds the current :class:`PersonRef`; see the module docstring."""

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._person: PersonRef | None = None
        self._guards: list[Guard] = []

    @property
    def person(self) -> PersonRef | None:
        return self._person

    def add_guard(self, guard: Guard) -> None:
        self._guards.append(guard)

    def may_switch(self, new: PersonRef | None) -> bool:
        """Ask every guard whether the current person may become ``new``."""
        if new == self._person:
            return True
        return all(guard(new) for guard in self._guards)

    def set(self, person: PersonRef | None, *, ask: bool = True) -> bool:
        """Make ``person`` current (``None`` clears); False when a guard kept the old one.

        ``ask=False`` is for the area that already asked (or that just saved the person,
        so nothing is unsaved)."""
        if ask and not self.may_switch(person):
            return False
        if person != self._person:
            self._person = person
            self.changed.emit(person)
        return True

    def clear(self, *, ask: bool = True) -> bool:
        return self.set(None, ask=ask)


def ask_discard(parent: QWidget, what: str) -> bool:
    """Ask whether unsaved ``what`` (already translated, e.g. "the personal record") may
    be dropped; True when the operator agrees. Areas keep it as a replaceable attribute
    so tests can answer it."""
    from desktop.i18n import _

    answer = QMessageBox.question(
        parent, _("Unsaved changes"),
        _("There are unsaved changes to {what}. Discard them and go on?").format(what=what),
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Discard
