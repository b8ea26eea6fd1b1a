"""The counter's day list: today's appointments of the operator and of the counter, with
the front-desk check-in (Enter) for the one selected. Opened from the Coda page."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.infra import clock
from desktop.services import agenda
from desktop.views.agenda.table import AppointmentsModel
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.widgets import scoped_shortcut


class DayListDialog(QDialog):
    def __init__(self, ctx: ViewContext, counter_id: object = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.counter_id = ctx, counter_id
        self.setWindowTitle(_("Today's appointments"))
        self.setAccessibleName(_("Today's appointments"))
        self.resize(900, 420)
        layout = QVBoxLayout(self)
        self.model = AppointmentsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAccessibleName(_("Today's appointments"))
        layout.addWidget(self.table, 1)
        self.check_in_button = QPushButton(_("Register the &arrival"))
        self.check_in_button.clicked.connect(self.check_in)
        scoped_shortcut("Return", self.table, self.check_in,
                        description=_("Register the arrival"))
        layout.addWidget(self.check_in_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    def load(self) -> None:
        self.ctx.ops.run(agenda.operator_day, self.ctx.database, self.ctx.operator,
                         self.ctx.site.site_id, clock.today(), self.counter_id,
                         on_success=self._show, on_error=self._failed)

    def _show(self, rows: list[agenda.AppointmentInfo]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        if rows:
            self.table.selectRow(0)
        self.status.setText(_("{count} appointment(s) today.").format(count=len(rows))
                            if rows else _("No appointments today."))

    def check_in(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        chosen = self.model.row_at(index.row())
        self.ctx.ops.run(agenda.check_in_at_desk, self.ctx.database, self.ctx.operator,
                         chosen.id, on_success=self._checked_in, on_error=self._failed)

    def _checked_in(self, done: agenda.CheckIn) -> None:
        self.status.setText(_("Arrival registered: ticket {code}.").format(
            code=done.issued.ticket.code))
        self.load()

    def _failed(self, exc: BaseException) -> None:
        report_error(self, exc, status=self.status)
