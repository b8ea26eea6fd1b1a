"""The complaint's acknowledgement and answer as printouts (archived once printed or
saved, like every other document): the charter area prints them because the deadline
they state is the Carta's promise.
"""

from __future__ import annotations

import datetime as dt
import uuid

from desktop.documents.complaint_letters import (
    ComplaintLetter,
    render_acknowledgement,
    render_answer,
)
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.services.documents.printing import centre_header
from desktop.services.documents.rendered import RenderedDocument
from desktop.services.feedback.complaints import ComplaintInfo, channel_label, complaint
from desktop.services.organisation.centre import site_info
from desktop.services.security.accounts import OperatorInfo
from desktop.services.security.permissions import Permission, require


def letter_of(info: ComplaintInfo) -> ComplaintLetter:
    service = f"{info.service_prefix} – {info.service_name}" if info.service_prefix else ""
    return ComplaintLetter(
        info.number, info.received_on, channel_label(info.channel), info.subject, service,
        info.complainant, info.contact, info.deadline,
        (info.deadline - info.received_on).days, info.answer, info.answered_on)


def complaint_letter(db: Database, actor: OperatorInfo, complaint_id: uuid.UUID, which: str,
                     issued: dt.date) -> RenderedDocument:
    """``which`` is "acknowledgement" or "answer" (refused before the answer is written)."""
    require(actor, Permission.DOCUMENT_PRINT, db)
    info = complaint(db, actor, complaint_id)
    centre = centre_header(site_info(db, info.site_code))
    letter = letter_of(info)
    if which == "answer":
        if info.answered_on is None:
            raise ValidationError(_("The complaint has no answer yet: record the answer, "
                                    "then print it."))
        pdf, suffix, title = render_answer(letter, centre, issued), "RISP", _(
            "Answer to a complaint")
    else:
        pdf, suffix, title = render_acknowledgement(letter, centre, issued), "RIC", _(
            "Acknowledgement of a complaint")
    return RenderedDocument(
        pdf, kind=f"complaint_{which}", number=f"{info.number}-{suffix}", version=1,
        title=title, params={"complaint": info.number, "which": which},
        filename=f"reclamo-{info.number}-{suffix.lower()}.pdf")
