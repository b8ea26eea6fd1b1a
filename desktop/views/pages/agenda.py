"""Agenda: a site's appointments by day or week; book for the current person (Ctrl+N),
print the convocation (Ctrl+P), register an arrival (Ctrl+I), cancel (Ctrl+Del)."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.services import agenda
from desktop.services.documents.convocation import render_convocation_document
from desktop.services.security.accounts import OperatorInfo
from desktop.views.agenda.booking_dialog import BookingDialog
from desktop.views.agenda.table import AppointmentsModel
from desktop.views.context import ViewContext
from desktop.views.documents.print_flow import flow_for
from desktop.views.errors import report_error
from desktop.views.pages.base import Page
from desktop.views.widgets import DateField, scoped_shortcut


def load_agenda(db: Database, actor: OperatorInfo, site_id: uuid.UUID, day: dt.date,
                days: int) -> list[agenda.AppointmentInfo]:
    """Runs on the worker: record the absences due by now, then read the day or week."""
    agenda.mark_no_shows(db, site_id)
    return agenda.day_view(db, actor, site_id, day, days=days)


class AgendaPage(Page):
    area_id = "agenda"
    shortcut = "Ctrl+0"
    icon_name = "agenda"

    #: Replaced in tests: asks before cancelling an appointment.
    ask_cancel = staticmethod(lambda parent, text: QMessageBox.question(
        parent, _("Cancel the appointment"), text) == QMessageBox.StandardButton.Yes)

    @classmethod
    def title(cls) -> str:
        return _("Agenda")

    @classmethod
    def subtitle(cls) -> str:
        return _("Appointments by day or week. Ctrl+N books for the current person, Ctrl+P "
                 "prints the convocation, Ctrl+I registers the arrival.")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        top = QHBoxLayout()
        day_label = QLabel(_("&Day"))
        self.day_edit = DateField()
        self.day_edit.setAccessibleName(_("Day"))
        self.day_edit.set_date(clock.today())
        self.day_edit.returnPressed.connect(self.load)
        day_label.setBuddy(self.day_edit)
        self.week_box = QCheckBox(_("The whole &week"))
        self.week_box.toggled.connect(lambda _on: self.load())
        self.previous_button = QPushButton(_("◀ &Before"))
        self.previous_button.clicked.connect(lambda: self.step_day(-1))
        self.next_button = QPushButton(_("&After ▶"))
        self.next_button.clicked.connect(lambda: self.step_day(1))
        self.today_button = QPushButton(_("&Today"))
        self.today_button.clicked.connect(self.go_today)
        for widget in (day_label, self.day_edit, self.week_box, self.previous_button,
                       self.next_button, self.today_button):
            top.addWidget(widget)
        top.addStretch(1)
        self.body.addLayout(top)
        self.model = AppointmentsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Appointments"))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.body.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.book_button = QPushButton(_("&New appointment… (Ctrl+N)"))
        self.book_button.clicked.connect(self.new_appointment)
        self.convocation_button = QPushButton(_("&Convocation (Ctrl+P)"))
        self.convocation_button.clicked.connect(self.print_convocation)
        self.check_in_button = QPushButton(_("Register the a&rrival (Ctrl+I)"))
        self.check_in_button.clicked.connect(self.check_in)
        self.cancel_button = QPushButton(_("Cance&l appointment (Ctrl+Del)"))
        self.cancel_button.clicked.connect(self.cancel)
        for button in (self.book_button, self.convocation_button, self.check_in_button,
                       self.cancel_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.body.addLayout(actions)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Agenda status"))
        self.body.addWidget(self.status)
        for key, slot, what in (
                ("Ctrl+N", self.new_appointment, _("New appointment")),
                ("Ctrl+P", self.print_convocation, _("Print the convocation")),
                ("Ctrl+I", self.check_in, _("Register the arrival")),
                ("Ctrl+Del", self.cancel, _("Cancel the appointment")),
                ("Alt+Left", lambda: self.step_day(-1), _("The day before")),
                ("Alt+Right", lambda: self.step_day(1), _("The day after"))):
            scoped_shortcut(key, self, slot, description=what)
        self.dialog: BookingDialog | None = None
        #: A sentence shown before the count once the list is loaded again.
        self._note = ""

    def activated(self) -> None:
        self.load()

    def day(self) -> dt.date:
        return self.day_edit.date() or clock.today()

    def step_day(self, step: int) -> None:
        self.day_edit.set_date(self.day() + dt.timedelta(days=step * (7 if self.week_box
                                                                      .isChecked() else 1)))
        self.load()

    def go_today(self) -> None:
        self.day_edit.set_date(clock.today())
        self.load()

    def load(self) -> None:
        day = self.day()
        if self.week_box.isChecked():
            day -= dt.timedelta(days=day.weekday())
        self.ctx.ops.run(load_agenda, self.ctx.database, self.ctx.operator,
                         self.ctx.site.site_id, day, 7 if self.week_box.isChecked() else 1,
                         on_success=self._show, on_error=self._failed)

    def _show(self, rows: list[agenda.AppointmentInfo]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        count = (_("{count} appointment(s).").format(count=len(rows)) if rows
                 else _("No appointments."))
        self.status.setText(f"{self._note} {count}".strip())
        self._note = ""

    def _failed(self, exc: BaseException) -> None:
        report_error(self, exc, status=self.status)

    def selected(self) -> agenda.AppointmentInfo | None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.status.setText(_("Choose an appointment in the list first."))
            return None
        return self.model.row_at(index.row())

    def new_appointment(self) -> None:
        person = self.ctx.current.person
        if person is None:
            self.status.setText(_("Open the person first (Accoglienza, Ctrl+1), then book."))
            return
        self.dialog = BookingDialog(self.ctx, person, self.day(), self)
        self.dialog.accepted.connect(self._booked)
        self.dialog.open()

    def _booked(self) -> None:
        if self.dialog is not None and self.dialog.booked is not None:
            booked = self.dialog.booked
            self.day_edit.set_date(booked.start.astimezone().date())
            self._note = _("Booked: code {code}.").format(code=booked.booking_code)
            self.load()

    def print_convocation(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        flow_for(self, self.ctx, self.status.setText).preview(
            render_convocation_document, self.ctx.database, self.ctx.operator, chosen.id)

    def check_in(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        self.ctx.ops.run(agenda.check_in_at_desk, self.ctx.database, self.ctx.operator,
                         chosen.id, on_success=self._checked_in, on_error=self._failed)

    def _checked_in(self, done: agenda.CheckIn) -> None:
        self._note = _("Arrival registered: ticket {code}.").format(
            code=done.issued.ticket.code)
        self.load()

    def cancel(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.ask_cancel(self, _(
                "Cancel the appointment of {name}?").format(name=chosen.person_name)):
            return
        self.ctx.ops.run(agenda.cancel, self.ctx.database, self.ctx.operator, chosen.id,
                         on_success=lambda _a: self.load(), on_error=self._failed)
