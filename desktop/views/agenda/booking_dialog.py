"""Booking an appointment for the current person: date, time, length, service, counter,
operator, purpose. Refusals (closed, busy, in the past) appear next to the field and
nothing is saved; the dialog stays open to choose again."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import agenda
from desktop.views.context import ViewContext
from desktop.views.current_person import PersonRef
from desktop.views.errors import report_error
from desktop.views.widgets import DateField, error_label, ok_cancel_buttons


class BookingDialog(QDialog):
    def __init__(self, ctx: ViewContext, person: PersonRef, day: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.person = ctx, person
        self.booked: agenda.AppointmentInfo | None = None
        self.setWindowTitle(_("New appointment"))
        self.setAccessibleName(_("New appointment"))
        layout = QVBoxLayout(self)
        who = QLabel(_("For: {name} ({code})").format(name=person.full_name,
                                                     code=person.fiscal_code))
        layout.addWidget(who)
        form = QFormLayout()
        self.date_edit = DateField()
        self.date_edit.set_date(day)
        self.time_edit = QLineEdit()
        self.time_edit.setPlaceholderText(_("hh:mm"))
        self.minutes_edit = QSpinBox()
        self.minutes_edit.setRange(5, 240)
        self.minutes_edit.setSingleStep(5)
        self.minutes_edit.setValue(30)
        self.service_combo = QComboBox()
        for service in ctx.site.services:
            if service.active:
                self.service_combo.addItem(f"{service.prefix} · {service.name}", service.id)
        self.counter_combo = QComboBox()
        self.counter_combo.addItem(_("any counter"), None)
        for counter in ctx.site.counters:
            if counter.active:
                self.counter_combo.addItem(counter.name, counter.id)
        self.operator_combo = QComboBox()
        self.operator_combo.addItem(_("me ({name})").format(name=ctx.operator.full_name),
                                    ctx.operator.id)
        self.operator_combo.addItem(_("nobody in particular"), None)
        self.purpose_edit = QLineEdit()
        self.errors: dict[str, QLabel] = {}
        rows = (("start", _("&Date"), self.date_edit), ("time", _("&Time"), self.time_edit),
                ("minutes", _("&Length (minutes)"), self.minutes_edit),
                ("service", _("&Service"), self.service_combo),
                ("counter", _("C&ounter"), self.counter_combo),
                ("operator", _("O&perator"), self.operator_combo),
                ("purpose", _("P&urpose"), self.purpose_edit))
        for key, text, widget in rows:
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            box = QVBoxLayout()
            box.addWidget(widget)
            self.errors[key] = error_label(text.replace("&", ""))
            box.addWidget(self.errors[key])
            form.addRow(label, box)
        layout.addLayout(form)
        self.status = error_label(_("Booking"))
        layout.addWidget(self.status)
        layout.addWidget(ok_cancel_buttons(_("&Book"), self.book, self.reject))

    def request(self) -> agenda.BookingRequest:
        day = self.date_edit.date()
        if day is None:
            raise ValidationError(_("Write the date as dd/mm/yyyy."),
                                  {"start": _("Write the date as dd/mm/yyyy.")})
        try:
            hour = dt.datetime.strptime(self.time_edit.text().strip(), "%H:%M").time()
        except ValueError:
            raise ValidationError(_("Write the time as hh:mm, e.g. 10:30."),
                                  {"time": _("Write the time as hh:mm, e.g. 10:30.")}) from None
        start = dt.datetime.combine(day, hour).astimezone()
        operator: uuid.UUID | None = self.operator_combo.currentData()
        return agenda.BookingRequest(
            self.ctx.site.site_id, self.service_combo.currentData(), self.person.id, start,
            self.minutes_edit.value(), self.purpose_edit.text(),
            self.counter_combo.currentData(), operator)

    def show_errors(self, fields: dict[str, str], message: str = "") -> None:
        for key, label in self.errors.items():
            label.setText(fields.get(key, ""))
            label.setVisible(bool(fields.get(key)))
        self.status.setText(message if message and not fields else "")
        self.status.setVisible(bool(message and not fields))

    def book(self) -> None:
        try:
            request = self.request()
        except ValidationError as exc:
            self.show_errors(exc.fields, exc.user_message)
            return
        self.show_errors({})
        self.ctx.ops.run(agenda.book, self.ctx.database, self.ctx.operator, request,
                         on_success=self._booked, on_error=self._failed)

    def _booked(self, booked: agenda.AppointmentInfo) -> None:
        self.booked = booked
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.show_errors({k: exc.user_message for k in exc.fields}, exc.user_message)
            return
        report_error(self, exc, status=self.status)
        self.status.show()
