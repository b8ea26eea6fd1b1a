"""The DID's lifecycle: declaring it, which declaration is in force, and its end.

A person has at most one DID in force: a second declaration is refused with a sentence
that offers the one in force. A DID ends by revocation (the person withdraws it) or by
decadenza (lost by law), with a date and a reason; from then on :func:`active_did`
no longer returns it. The other areas (Patto, actions, indicators) ask this module for
the DID in force instead of picking a row themselves, so the rule lives in one place.
Declarations and ends leave for the region in the transaction that makes them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop import formatting
from desktop.errors import BrokenInvariant, NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.person import Person
from desktop.models.registration import Did, Visit
from desktop.services.people.profiling import (
    EDUCATION_LEVELS,
    EMPLOYMENT_CONDITIONS,
    ProfilingInput,
    income_allows_unemployment,
    patto_deadline,
    profile,
)
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Actor, Permission, require
from desktop.sync import outbox

#: The youngest age at which a DID may be declared, unless configured otherwise.
DEFAULT_MIN_AGE = 16
#: How a DID ends: revocation by the person, or decadenza by law.
END_KINDS = ("revoca", "decadenza")


@dataclass(frozen=True)
class DidForm:
    did_date: dt.date | None = None
    education: str = ""
    employment_condition: str = ""
    months_unemployed: int = 0
    years_in_italy: int = 0
    household_size: int = 1
    dependent_children: int = 0
    driving_licence: bool = False
    naspi: bool = False
    annual_income: int = 0
    self_employed: bool = False


@dataclass(frozen=True)
class DidRecord:
    id: uuid.UUID
    person_id: uuid.UUID
    did_date: dt.date
    profiling_index: float
    profiling_class: str
    gol_path: int
    patto_deadline: dt.date
    contributions: tuple[tuple[str, float], ...]
    ended_on: dt.date | None = None
    end_kind: str = ""
    end_reason: str = ""

    @property
    def in_force(self) -> bool:
        return self.ended_on is None


class DidInForce(ValidationError):
    """A second DID while one is in force; ``did`` is the one in force (to open it)."""

    def __init__(self, did: DidRecord) -> None:
        message = _("This person already has a DID in force, declared on {date}: open "
                    "it instead of declaring a new one.").format(
            date=formatting.date(did.did_date))
        super().__init__(message, {"did_date": message})
        self.did = did


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month,
                                                                 birth_date.day))


def active_did(session: Session, person_id: uuid.UUID, today: dt.date | None = None
               ) -> Did | None:
    """The DID in force for ``person_id``: the latest declared, unless it has ended.

    Only the latest counts: revoking it never brings back an older declaration that a
    merge or older data left open (the ended one was the person's situation)."""
    today = today or dt.date.today()
    latest = session.scalars(
        select(Did).where(Did.person_id == person_id)
        .order_by(Did.did_date.desc(), Did.created_at.desc()).limit(1)).first()
    if latest is None or (latest.ended_on is not None and latest.ended_on <= today):
        return None
    return latest


def did_record(did: Did, contributions: tuple[tuple[str, float], ...] = ()) -> DidRecord:
    return DidRecord(did.id, did.person_id, did.did_date, did.profiling_index,
                     did.profiling_class, did.gol_path, did.patto_deadline, contributions,
                     did.ended_on, did.end_kind, did.end_reason)


def did_fields(did: Did) -> dict[str, Any]:
    """What the region receives of a DID (no profiling inputs beyond the result)."""
    return {"person_id": str(did.person_id), "did_date": did.did_date.isoformat(),
            "education": did.education, "employment_condition": did.employment_condition,
            "naspi": did.naspi, "profiling_index": did.profiling_index,
            "profiling_class": did.profiling_class, "gol_path": did.gol_path,
            "patto_deadline": did.patto_deadline.isoformat(), "site_code": did.site_code}


def validate_did(form: DidForm, today: dt.date | None = None, *,
                 birth_date: dt.date | None = None,
                 min_age: int = DEFAULT_MIN_AGE) -> dict[str, str]:
    """Every field's problem as an Italian sentence; ``birth_date`` enables the age rule."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    if form.did_date is None:
        errors["did_date"] = _("The DID date is required.")
    elif form.did_date > today:
        errors["did_date"] = _("The DID date is in the future.")
    elif birth_date is not None and age_on(birth_date, form.did_date) < min_age:
        errors["did_date"] = _("On the DID date the person is {age}: a DID can be declared "
                               "from the age of {min_age}.").format(
            age=age_on(birth_date, form.did_date), min_age=min_age)
    if form.education not in EDUCATION_LEVELS:
        errors["education"] = _("Choose the education level.")
    if form.employment_condition not in EMPLOYMENT_CONDITIONS:
        errors["employment_condition"] = _("Choose the employment condition.")
    for name, top in (("months_unemployed", 600), ("years_in_italy", 120),
                      ("household_size", 30), ("dependent_children", 20),
                      ("annual_income", 10_000_000)):
        value = getattr(form, name)
        if value < 0 or value > top:
            errors[name] = _("Out of range (0 to {top}).").format(top=top)
    if form.household_size < 1:
        errors["household_size"] = _("The household has at least one member.")
    if form.employment_condition == "occupato_sotto_soglia" and "annual_income" not in errors \
            and not income_allows_unemployment(form.annual_income, form.self_employed):
        errors["annual_income"] = _("This income is above the threshold for unemployment "
                                    "status: the DID cannot be declared.")
    return errors


def _refuse(errors: dict[str, str]) -> ValidationError:
    if len(errors) == 1:
        return ValidationError(next(iter(errors.values())), errors)
    return ValidationError(_("The DID cannot be saved: {count} field(s) to fix.").format(
        count=len(errors)), errors)


def declare_did(db: Database, actor: AuditActor, person_id: uuid.UUID, form: DidForm, *,
                site_code: str = "", min_age: int = DEFAULT_MIN_AGE) -> DidRecord:
    """Record a DID with its profiling, GOL path and patto deadline, and a visit.

    Refused (nothing saved) when a field is wrong, the person is under ``min_age`` on
    the DID date, or a DID is already in force (:class:`DidInForce`).
    """
    require(actor, Permission.PERSON_WRITE, db)
    errors = validate_did(form)
    if errors:
        raise _refuse(errors)
    if form.did_date is None:
        raise BrokenInvariant("form.did_date is missing")
    with db.transaction() as session:
        # Locked: two counters declaring at once must not both find no DID in force.
        person = session.get(Person, person_id, with_for_update=True)
        if person is None:
            raise NotFoundError(_("This person is no longer in the database."))
        errors = validate_did(form, birth_date=person.birth_date, min_age=min_age)
        if errors:
            raise _refuse(errors)
        current = active_did(session, person.id)
        if current is not None:
            raise DidInForce(did_record(current))
        result = profile(ProfilingInput(
            birth_date=person.birth_date, sex=person.sex, did_date=form.did_date,
            education=form.education, employment_condition=form.employment_condition,
            months_unemployed=form.months_unemployed, years_in_italy=form.years_in_italy,
            household_size=form.household_size, dependent_children=form.dependent_children,
            driving_licence=form.driving_licence))
        deadline = patto_deadline(form.did_date, form.naspi)
        did = Did(person_id=person.id, did_date=form.did_date, education=form.education,
                  employment_condition=form.employment_condition,
                  months_unemployed=form.months_unemployed,
                  years_in_italy=form.years_in_italy, household_size=form.household_size,
                  dependent_children=form.dependent_children,
                  driving_licence=form.driving_licence, naspi=form.naspi,
                  annual_income=form.annual_income, profiling_index=result.index,
                  profiling_class=result.profiling_class,
                  coefficients_version=result.version, gol_path=result.gol_path,
                  patto_deadline=deadline, operator=actor.username, site_code=site_code)
        session.add(did)
        session.add(Visit(person_id=person.id, kind="did", reason="A",
                          operator=actor.username, site_code=site_code))
        session.flush()
        audit.record(session, actor, "person.did", "person", person.id)
        outbox.record(session, "did", did.id, "upsert", did_fields(did))
        return did_record(did, result.contributions)


def did_in_force(db: Database, actor: Actor, person_id: uuid.UUID) -> DidRecord | None:
    """The DID in force for a person, as the DID form shows it."""
    require(actor, Permission.PERSON_READ, db)
    with db.read() as session:
        did = active_did(session, person_id)
        return None if did is None else did_record(did)


def validate_end(did_date: dt.date, kind: str, ended_on: dt.date | None, reason: str,
                 today: dt.date | None = None) -> dict[str, str]:
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    if kind not in END_KINDS:
        errors["end_kind"] = _("Choose revocation or decadenza.")
    if ended_on is None:
        errors["ended_on"] = _("The date of the end is required (dd/mm/yyyy).")
    elif ended_on > today:
        errors["ended_on"] = _("The date of the end is in the future.")
    elif ended_on < did_date:
        errors["ended_on"] = _("The date of the end is before the DID date ({date}).").format(
            date=formatting.date(did_date))
    if not reason.strip():
        errors["end_reason"] = _("Write the reason.")
    elif len(reason.strip()) > 500:
        errors["end_reason"] = _("Too long: at most {limit} characters.").format(limit=500)
    return errors


def end_did(db: Database, actor: AuditActor, did_id: uuid.UUID, kind: str,
            ended_on: dt.date | None, reason: str) -> DidRecord:
    """Revoke (``kind="revoca"``) or declare lapsed (``"decadenza"``) a DID in force."""
    require(actor, Permission.PERSON_WRITE, db)
    with db.transaction() as session:
        did = session.get(Did, did_id, with_for_update=True)
        if did is None:
            raise NotFoundError(_("This DID is no longer in the database."))
        if did.ended_on is not None:
            raise ValidationError(_("This DID has already ended on {date}.").format(
                date=formatting.date(did.ended_on)),
                {"ended_on": _("Already ended.")})
        errors = validate_end(did.did_date, kind, ended_on, reason)
        if errors:
            raise _refuse(errors)
        if ended_on is None:
            raise BrokenInvariant("ended_on is missing")
        did.ended_on, did.end_kind = ended_on, kind
        did.end_reason, did.ended_by = " ".join(reason.split()), actor.username
        session.flush()
        audit.record(session, actor, f"person.did_{kind}", "person", did.person_id)
        outbox.record(session, "did_end", uuid.uuid4(), "upsert", {
            "did_id": str(did.id), "person_id": str(did.person_id), "kind": kind,
            "ended_on": ended_on.isoformat(), "reason": did.end_reason})
        return did_record(did)


def unemployment_length(did_date: dt.date, today: dt.date | None = None) -> tuple[int, int]:
    """Whole months and remaining days from the DID date to ``today``."""
    today = today or dt.date.today()
    if today <= did_date:
        return 0, 0
    months = (today.year - did_date.year) * 12 + today.month - did_date.month
    if today.day < did_date.day:
        months -= 1
    anchor_month = did_date.month + months
    year, month = did_date.year + (anchor_month - 1) // 12, (anchor_month - 1) % 12 + 1
    day = min(did_date.day, _days_in(year, month))
    return months, (today - dt.date(year, month, day)).days


def _days_in(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def unemployment_text(did_date: dt.date, today: dt.date | None = None) -> str:
    """"Unemployed for 3 months and 12 days" (in Italian: "Disoccupato da …")."""
    months, days = unemployment_length(did_date, today)
    month_text = _("1 month") if months == 1 else _("{n} months").format(n=months)
    day_text = _("1 day") if days == 1 else _("{n} days").format(n=days)
    if months and days:
        return _("Unemployed for {months} and {days}").format(months=month_text,
                                                               days=day_text)
    return _("Unemployed for {length}").format(length=month_text if months else day_text)
