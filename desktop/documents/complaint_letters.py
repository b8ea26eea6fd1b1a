"""The complaint's two letters: the acknowledgement handed over or sent when it is
recorded (number, day received, the deadline for the answer) and the written answer.
Values in, PDF bytes out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from desktop import formatting
from desktop.documents.base import build_pdf, styles, text
from desktop.documents.receipts import CentreHeader, document_meta, pairs_table, signature_line
from desktop.i18n import _


@dataclass(frozen=True)
class ComplaintLetter:
    number: str
    received_on: dt.date
    channel: str
    subject: str
    service: str
    complainant: str
    contact: str
    deadline: dt.date
    days: int
    answer: str = ""
    answered_on: dt.date | None = None


def _identity(letter: ComplaintLetter) -> list[tuple[str, str]]:
    rows = [(_("Complaint number"), letter.number),
            (_("Received on"), formatting.date(letter.received_on)),
            (_("Received by"), letter.channel), (_("Subject"), letter.subject)]
    if letter.service:
        rows.append((_("Service concerned"), letter.service))
    rows.append((_("Presented by"), letter.complainant or _("not named")))
    if letter.contact:
        rows.append((_("Address for the answer"), letter.contact))
    return rows


def render_acknowledgement(letter: ComplaintLetter, centre: CentreHeader,
                           issued: dt.date) -> bytes:
    s = styles()
    title = _("Acknowledgement of a complaint")
    story: list[Flowable] = [
        Paragraph(text(title), s["Title"]), pairs_table(_identity(letter)), Spacer(1, 5 * mm),
        Paragraph(text(_(
            "The centre has received your complaint and recorded it with the number above. "
            "The centre manager will look into it and answer in writing by {deadline}, "
            "within the {days} days the Carta dei servizi promises.").format(
            deadline=formatting.date(letter.deadline), days=letter.days)), s["Body"]),
        Paragraph(text(_(
            "Quote the complaint number whenever you contact us about it. If the answer does "
            "not satisfy you, you may turn to the Region's public relations office (URP).")),
            s["Body"]),
        Spacer(1, 8 * mm), signature_line(centre.town, issued, _("For the centre"))]
    return build_pdf(document_meta(title, f"{letter.number}-RIC", issued, centre), story)


def render_answer(letter: ComplaintLetter, centre: CentreHeader, issued: dt.date) -> bytes:
    if letter.answered_on is None:
        raise ValueError("an unanswered complaint has no answer letter")
    s = styles()
    title = _("Answer to a complaint")
    story: list[Flowable] = [
        Paragraph(text(title), s["Title"]), pairs_table(
            [*_identity(letter), (_("Answered on"), formatting.date(letter.answered_on))]),
        Spacer(1, 5 * mm)]
    story += [Paragraph(text(p), s["Body"]) for p in letter.answer.split("\n") if p.strip()]
    story += [Spacer(1, 8 * mm),
              signature_line(centre.town, letter.answered_on, _("The centre manager"))]
    return build_pdf(document_meta(title, f"{letter.number}-RISP", issued, centre), story)
