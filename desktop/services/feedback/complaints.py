"""Complaints (reclami): recorded at the counter or from a letter or e-mail, with the
deadline the Carta promises, answered in writing; open and overdue lists; the figures
the Osservatorio shows and the Carta measures.

A complaint is "due" once it is answered or its deadline has passed; it is on time when
answered by its deadline. An unanswered complaint past its deadline is overdue and
counts as late, so it lowers the measured value; one not yet due is left out.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from desktop import formatting
from desktop.documents.charter_texts import load_charter_texts
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models import Centre, Operator, Service, Site
from desktop.models.feedback import Complaint
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require
from desktop.values.indicators import Period

CHANNELS = ("counter", "letter", "email", "pec")
#: The Carta's promise when its texts name none.
DEFAULT_DAYS = 30


def channel_label(channel: str) -> str:
    return {"counter": _("at the counter"), "letter": _("letter"), "email": _("e-mail"),
            "pec": _("PEC")}.get(channel, channel)


@dataclass(frozen=True)
class ComplaintForm:
    channel: str
    received_on: dt.date
    subject: str
    description: str = ""
    service_prefix: str = ""
    #: Only when the person gives their name.
    complainant: str = ""
    contact: str = ""
    person_id: uuid.UUID | None = None


@dataclass(frozen=True)
class ComplaintInfo:
    id: uuid.UUID
    number: str
    site_code: str
    channel: str
    received_on: dt.date
    subject: str
    description: str
    service_prefix: str
    service_name: str
    complainant: str
    contact: str
    deadline: dt.date
    answer: str
    answered_on: dt.date | None
    #: Set only when the person gave their name and was linked at the counter.
    person_id: uuid.UUID | None = None

    def overdue(self, as_of: dt.date) -> bool:
        return self.answered_on is None and self.deadline < as_of

    def status(self, as_of: dt.date) -> str:
        if self.answered_on is not None:
            return _("answered on {day}").format(day=formatting.date(self.answered_on))
        if self.overdue(as_of):
            return _("overdue since {day}").format(day=formatting.date(self.deadline))
        return _("open, answer by {day}").format(day=formatting.date(self.deadline))


@dataclass(frozen=True)
class ComplaintFigures:
    received: int
    answered: int
    open: int
    overdue: int
    due: int
    on_time: int

    @property
    def share_on_time(self) -> float | None:
        return self.on_time / self.due if self.due else None


def promised_days(centre_code: str = "", region: str = "") -> int:
    """The days the Carta (citizens' edition) promises for a written answer."""
    texts = load_charter_texts("cittadini", "it", centre_code, region=region)
    days = [s.days for s in texts.standards if s.indicator == "complaints.on_time" and s.days]
    return days[0] if days else DEFAULT_DAYS


def record_complaint(db: Database, actor: AuditActor, site_code: str, form: ComplaintForm,
                     days: int | None = None, today: dt.date | None = None) -> ComplaintInfo:
    """Record a complaint; its deadline is the day received plus the days the Carta
    promises (``days`` overrides them)."""
    require(actor, Permission.COMPLAINT_WRITE, db)
    today = today or clock.today()
    _check(form, today)
    with db.transaction() as session:
        site = _site(session, site_code)
        if days is None:
            centre = session.get(Centre, site.centre_id)
            days = promised_days(centre.code if centre else "", centre.region if centre else "")
        if form.service_prefix and _service_name(session, site.id, form.service_prefix) == "":
            raise ValidationError(_("The service {prefix} is not offered at this site.")
                                  .format(prefix=form.service_prefix),
                                  {"service": _("Not offered here")})
        row = Complaint(
            site_id=site.id, number=_next_number(session, form.received_on.year),
            channel=form.channel, received_on=form.received_on,
            subject=form.subject.strip(), description=form.description.strip(),
            service_prefix=form.service_prefix, person_id=form.person_id,
            complainant=form.complainant.strip(), contact=form.contact.strip(),
            deadline=form.received_on + dt.timedelta(days=days),
            recorded_by=_operator_id(session, actor))
        session.add(row)
        session.flush()
        audit.record(session, actor, "complaint.record", "complaint", row.id)
        return _info(session, row, site.code)


def answer_complaint(db: Database, actor: AuditActor, complaint_id: uuid.UUID, answer: str,
                     answered_on: dt.date, today: dt.date | None = None) -> ComplaintInfo:
    """Record the written answer; refused before the complaint was received."""
    require(actor, Permission.COMPLAINT_WRITE, db)
    today = today or clock.today()
    if not answer.strip():
        raise ValidationError(_("Write the answer to the complaint."),
                              {"answer": _("Required")})
    if answered_on > today:
        raise ValidationError(_("The answer date cannot be in the future."),
                              {"answered_on": _("In the future")})
    with db.transaction() as session:
        row = session.get(Complaint, complaint_id)
        if row is None:
            raise NotFoundError(_("The complaint no longer exists."))
        if answered_on < row.received_on:
            raise ValidationError(_(
                "The answer cannot come before the complaint was received ({day}): "
                "check the dates.").format(day=formatting.date(row.received_on)),
                {"answered_on": _("Before the complaint")})
        if row.answered_on is not None:
            raise ValidationError(_("This complaint was already answered on {day}.")
                                  .format(day=formatting.date(row.answered_on)))
        row.answer = answer.strip()
        row.answered_on = answered_on
        audit.record(session, actor, "complaint.answer", "complaint", row.id)
        site_code = session.scalar(select(Site.code).where(Site.id == row.site_id)) or ""
        return _info(session, row, site_code)


def complaint(db: Database, actor: AuditActor, complaint_id: uuid.UUID) -> ComplaintInfo:
    require(actor, Permission.COMPLAINT_WRITE, db)
    with db.read() as session:
        row = session.get(Complaint, complaint_id)
        if row is None:
            raise NotFoundError(_("The complaint no longer exists."))
        site_code = session.scalar(select(Site.code).where(Site.id == row.site_id)) or ""
        return _info(session, row, site_code)


def complaints(db: Database, actor: AuditActor, site_code: str, which: str = "open",
               as_of: dt.date | None = None) -> tuple[ComplaintInfo, ...]:
    """"open" (unanswered), "overdue" (unanswered past the deadline) or "all", by deadline."""
    require(actor, Permission.COMPLAINT_WRITE, db)
    as_of = as_of or clock.today()
    with db.read() as session:
        site = _site(session, site_code)
        query = select(Complaint).where(Complaint.site_id == site.id)
        if which in ("open", "overdue"):
            query = query.where(Complaint.answered_on.is_(None))
        if which == "overdue":
            query = query.where(Complaint.deadline < as_of)
        rows = session.scalars(query.order_by(Complaint.deadline, Complaint.number)).all()
        return tuple(_info(session, r, site.code) for r in rows)


def complaint_figures(session: Session, period: Period, as_of: dt.date) -> ComplaintFigures:
    """Complaints received in ``period`` (see the module doc): the Osservatorio's and the
    Carta's one definition."""
    where: list[ColumnElement[bool]] = [
        Complaint.received_on.between(period.date_from, period.date_to)]
    if period.site_code is not None:
        where.append(Complaint.site_id == select(Site.id).where(
            Site.code == period.site_code).scalar_subquery())
    answered = Complaint.answered_on.is_not(None)
    rows = session.execute(select(
        func.count(),
        func.count(Complaint.answered_on),
        func.sum(_flag(Complaint.answered_on.is_(None))),
        func.sum(_flag(Complaint.answered_on.is_(None) & (Complaint.deadline < as_of))),
        func.sum(_flag(answered & (Complaint.answered_on <= Complaint.deadline))),
    ).where(*where)).one()
    received, answered_n, open_n, overdue, on_time = (int(x or 0) for x in rows)
    return ComplaintFigures(received, answered_n, open_n, overdue, answered_n + overdue,
                            on_time)


def complaint_stats(db: Database, actor: AuditActor, period: Period,
                    as_of: dt.date | None = None) -> ComplaintFigures:
    """The Osservatorio's complaints tile."""
    require(actor, Permission.REPORTS, db)
    period.check()
    with db.read() as session:
        return complaint_figures(session, period, as_of or clock.today())


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def _check(form: ComplaintForm, today: dt.date) -> None:
    errors: dict[str, str] = {}
    if form.channel not in CHANNELS:
        errors["channel"] = _("Choose how the complaint arrived.")
    if not form.subject.strip():
        errors["subject"] = _("Write what the complaint is about.")
    if form.received_on > today:
        errors["received_on"] = _("The day received cannot be in the future.")
    if form.person_id is not None and not form.complainant.strip():
        errors["complainant"] = _("Write the name the person gave.")
    if errors:
        raise ValidationError(next(iter(errors.values())), errors)


def _site(session: Session, site_code: str) -> Site:
    site = session.scalar(select(Site).where(Site.code == site_code))
    if site is None:
        raise NotFoundError(_("The site {code} does not exist.").format(code=site_code))
    return site


def _service_name(session: Session, site_id: uuid.UUID, prefix: str) -> str:
    return session.scalar(select(Service.name).where(
        Service.site_id == site_id, Service.prefix == prefix, Service.active)) or ""


def _next_number(session: Session, year: int) -> str:
    stem = f"R{year}-"
    last = session.scalar(select(func.max(Complaint.number))
                          .where(Complaint.number.like(f"{stem}%")))
    return f"{stem}{int(last[len(stem):]) + 1 if last else 1:04d}"


def _operator_id(session: Session, actor: AuditActor) -> uuid.UUID | None:
    """The recording operator's account, when there is one (a command has none)."""
    value = getattr(actor, "id", None)
    if not isinstance(value, uuid.UUID):
        return None
    return value if session.get(Operator, value) is not None else None


def _info(session: Session, row: Complaint, site_code: str) -> ComplaintInfo:
    return ComplaintInfo(
        row.id, row.number, site_code, row.channel, row.received_on, row.subject,
        row.description, row.service_prefix,
        _service_name(session, row.site_id, row.service_prefix) if row.service_prefix else "",
        row.complainant, row.contact, row.deadline, row.answer, row.answered_on,
        row.person_id)
