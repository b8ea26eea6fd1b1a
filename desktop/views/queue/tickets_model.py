"""The counter's queue list: a table model over TicketInfo dataclasses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.i18n import _
from desktop.services.queue import TicketInfo

Index = QModelIndex | QPersistentModelIndex


class TicketTableModel(QAbstractTableModel):
    """Ticket, service, since (local time), priority or appointment."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[TicketInfo, ...] = ()

    def set_tickets(self, tickets: Sequence[TicketInfo]) -> None:
        self.beginResetModel()
        self._rows = tuple(tickets)
        self.endResetModel()

    def ticket(self, row: int) -> TicketInfo:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Ticket"), _("Service"), _("Waiting since"), _("Notes"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        t = self._rows[index.row()]
        column = index.column()
        if column == 0:
            return t.code
        if column == 1:
            return t.service_name
        if column == 2:
            return t.queued_at.astimezone().strftime("%H:%M")
        notes = []
        if t.priority_label:
            notes.append(_("priority: {label}").format(label=t.priority_label))
        if t.appointment_at:
            notes.append(_("appointment at {time}").format(
                time=t.appointment_at.astimezone().strftime("%H:%M")))
        if t.returning:
            notes.append(_("returns afterwards"))
        return ", ".join(notes)
