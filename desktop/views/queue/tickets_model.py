"""The counter's queue list: a table model over TicketInfo dataclasses."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desktop import formatting
from desktop.i18n import N_, _
from desktop.services.queue import TicketInfo
from desktop.views.table_model import Column, RowTableModel


def _notes(t: TicketInfo) -> str:
    notes = []
    if t.priority_label:
        notes.append(_("priority: {label}").format(label=t.priority_label))
    if t.appointment_at:
        notes.append(_("appointment at {time}").format(
            time=formatting.time(t.appointment_at.astimezone())))
    if t.returning:
        notes.append(_("returns afterwards"))
    return ", ".join(notes)


class TicketTableModel(RowTableModel[TicketInfo]):
    """Ticket, service, since (local time), priority or appointment."""

    columns = (
        Column(N_("Ticket"), lambda t: t.code),
        Column(N_("Service"), lambda t: t.service_name),
        Column(N_("Waiting since"), lambda t: formatting.time(t.queued_at.astimezone())),
        Column(N_("Notes"), _notes),
    )


def tickets_view(model: TicketTableModel, name: str) -> QTableView:
    """A one-row-at-a-time table of tickets, named for screen readers."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view
