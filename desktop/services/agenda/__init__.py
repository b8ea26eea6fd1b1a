"""The agenda: appointments per site, counter and operator, booked from the Patto, the
person's page and the Agenda page; their check-in into the queue, the absences, and the
convocation (letter and e-mail text). Appointments live in ``queue_appointment``: the
queue reads the same rows (docs/agenda.md).

Other areas use the names exported here.
"""

from __future__ import annotations

from desktop.services.agenda.booking import book, cancel, check_request, free_slots
from desktop.services.agenda.checkin import (
    CheckIn,
    check_in,
    check_in_at_desk,
    mark_no_shows,
    no_shows,
)
from desktop.services.agenda.convocation import convocation_text
from desktop.services.agenda.reads import (
    day_view,
    get_appointment,
    operator_day,
    person_appointments,
)
from desktop.services.agenda.types import (
    DEFAULT_AGENDA,
    AgendaConfig,
    AppointmentInfo,
    BookingRequest,
    Status,
)

__all__ = [
    "DEFAULT_AGENDA",
    "AgendaConfig",
    "AppointmentInfo",
    "BookingRequest",
    "CheckIn",
    "Status",
    "book",
    "cancel",
    "check_in",
    "check_in_at_desk",
    "check_request",
    "convocation_text",
    "day_view",
    "free_slots",
    "get_appointment",
    "mark_no_shows",
    "no_shows",
    "operator_day",
    "person_appointments",
]
