"""The appointments as a table: one row per appointment, by time."""

from __future__ import annotations

from desktop import formatting
from desktop.i18n import _
from desktop.services.agenda import AppointmentInfo
from desktop.views.table_model import FISCAL_CODE_SAMPLE, Column, RowTableModel


def status_text(status: str) -> str:
    return {"booked": _("booked"), "checked_in": _("arrived"), "no_show": _("absent"),
            "cancelled": _("cancelled")}.get(status, status)


def when_text(a: AppointmentInfo) -> str:
    local = a.start.astimezone()
    return f"{formatting.date(local.date())} {formatting.time(local)}"


class AppointmentsModel(RowTableModel[AppointmentInfo]):
    columns = (
        Column(_("When"), when_text),
        Column(_("Min."), lambda a: str(a.minutes)),
        Column(_("Person"), lambda a: a.person_name),
        Column(_("Fiscal code"), lambda a: a.fiscal_code, sample=FISCAL_CODE_SAMPLE),
        Column(_("Purpose"), lambda a: a.purpose),
        Column(_("Counter"), lambda a: a.counter_name),
        Column(_("Operator"), lambda a: a.operator_name),
        Column(_("Status"), lambda a: status_text(a.status)),
        Column(_("Booking"), lambda a: a.booking_code),
    )
