"""Vacancies entered at the counter: the form, its checks, saving, listing.

A vacancy names its occupation by a CP2021 unità professionale that exists in the
shipped classification (the picker finds it by words), asks for at least one
position, and expires no earlier than today. Entered, it is a draft ("bozza") until
published; ``vacancy_lifecycle`` moves it on. Every save is audited and travels to
the region as a ``vacancy_event`` record of the outbox, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.matching import Employer, Vacancy
from desktop.models.vacancy_history import VacancyStatusChange
from desktop.services.people.curriculum import CEFR_LEVELS, LICENCES
from desktop.services.people.profiling import EDUCATION_LEVELS
from desktop.services.reference import classification
from desktop.services.reference.occupations import comune_name
from desktop.services.reference.places import place_at
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Actor, Permission, require
from desktop.sync import outbox

#: Contract types (codes as recorded; also the outcome "assunto" names one).
CONTRACT_TYPES = ("indeterminato", "determinato", "apprendistato", "somministrazione",
                  "tirocinio", "stagionale", "collaborazione")
#: "bozza" entered, not yet published; "aperta" published; "sospesa"; "chiusa".
VACANCY_STATUSES = ("bozza", "aperta", "sospesa", "chiusa")
#: The kind of the outbox record each step of a vacancy travels as.
EVENT_KIND = "vacancy_event"
MAX_POSITIONS = 999


@dataclass(frozen=True)
class VacancyForm:
    employer_id: uuid.UUID | None = None
    title: str = ""
    description: str = ""
    occupation_code: str = ""
    #: Required skills, in the firm's words ("muletto", "haccp").
    skills: tuple[str, ...] = ()
    #: Skills that help without being required.
    optional_skills: tuple[str, ...] = ()
    education: str = ""
    #: (language, CEFR level)
    languages: tuple[tuple[str, str], ...] = ()
    licences: tuple[str, ...] = ()
    contract_type: str = ""
    hours_per_week: int = 40
    workplace_code: str = ""
    positions: int = 1
    l68_only: bool = False
    #: What the job asks of the body; the matching leaves out an L. 68/1999 enrolment
    #: whose work limitations rule it out (``work_limitations.DEMANDS``).
    night_shifts: bool = False
    heavy_lifting: bool = False
    long_standing: bool = False
    driving: bool = False
    opened_on: dt.date | None = None
    #: The expiry: after it the vacancy is no longer matched nor proposed.
    closes_on: dt.date | None = None
    site_code: str = ""


@dataclass(frozen=True)
class VacancyInfo:
    id: uuid.UUID
    number: str
    title: str
    employer_id: uuid.UUID
    employer: str
    occupation_code: str
    workplace_code: str
    workplace: str
    contract_type: str
    hours_per_week: int
    positions: int
    l68_only: bool
    opened_on: dt.date
    closes_on: dt.date | None
    status: str
    status_reason: str = ""
    status_note: str = ""
    occupation: str = ""
    #: Still open (published or suspended) but past its expiry: warned wherever shown.
    expired: bool = False


def is_expired(status: str, closes_on: dt.date | None, today: dt.date | None = None) -> bool:
    """A vacancy still open (not closed) whose expiry has passed."""
    today = today or clock.today()
    return status in ("aperta", "sospesa") and closes_on is not None and closes_on < today


def expired_warning(closes_on: dt.date) -> str:
    """The one sentence every screen and printout shows for an expired vacancy."""
    return _("This vacancy expired on {date}: extend its expiry or close it.").format(
        date=closes_on.strftime("%d/%m/%Y"))


def occupation_problem(code: str) -> str | None:
    """The Italian sentence for an occupation the classification does not have."""
    if not code.strip():
        return _("Choose the occupation: type its name and pick it from the list.")
    found = classification.occupation(code)
    if found is None or found.level != 5:
        return _("Occupation not found: {text}.").format(text=code.strip()[:60] or "—")
    return None


def _split(values: tuple[str, ...]) -> list[str]:
    return sorted({v.strip().lower() for v in values if v.strip()})


def validate_vacancy(form: VacancyForm, today: dt.date | None = None) -> dict[str, str]:
    """Every problem as an Italian sentence, keyed by field; empty when it can be saved."""
    today = today or clock.today()
    errors: dict[str, str] = {}
    if form.employer_id is None:
        errors["employer_id"] = _("Choose the employer.")
    if not form.title.strip() or len(form.title) > 200:
        errors["title"] = _("Write the title of the vacancy (at most 200 characters).")
    problem = occupation_problem(form.occupation_code)
    if problem:
        errors["occupation_code"] = problem
    if not 1 <= form.positions <= MAX_POSITIONS:
        errors["positions"] = _("The positions go from 1 to 999.")
    skills = [*form.skills, *form.optional_skills]
    if len(skills) > 30 or any(len(s) > 40 or "," in s for s in skills):
        errors["skills"] = _("At most {count} skills of at most 40 characters each.").format(
            count=30)
    if form.education and form.education not in EDUCATION_LEVELS:
        errors["education"] = _("Choose the education level from the list.")
    if any(level not in CEFR_LEVELS or not lang.strip() or "," in lang or ":" in lang
           for lang, level in form.languages):
        errors["languages"] = _("The level is one of A1, A2, B1, B2, C1, C2.")
    if any(code not in LICENCES for code in form.licences):
        errors["licences"] = _("Unknown licence category.")
    if form.contract_type and form.contract_type not in CONTRACT_TYPES:
        errors["contract_type"] = _("Choose the contract type from the list.")
    if not 1 <= form.hours_per_week <= 60:
        errors["hours_per_week"] = _("The hours per week go from 1 to 60.")
    if form.workplace_code and place_at(form.workplace_code, None) is None:
        errors["workplace_code"] = _("Unknown comune code.")
    if form.closes_on is not None and form.closes_on < today:
        errors["closes_on"] = _("The expiry date is in the past.")
    elif form.opened_on and form.closes_on and form.closes_on < form.opened_on:
        errors["closes_on"] = _("The closing date comes before the opening date.")
    return errors


def row_info(row: Vacancy, employer: Employer, today: dt.date) -> VacancyInfo:
    """The value of a vacancy row (with its employer) as every screen shows it."""
    place = place_at(row.workplace_code, None) if row.workplace_code else None
    return VacancyInfo(
        id=row.id, number=row.number, title=row.title, employer_id=employer.id,
        employer=employer.name, occupation_code=row.occupation_code,
        workplace_code=row.workplace_code,
        workplace=comune_name(row.workplace_code) or (place.name if place else ""),
        contract_type=row.contract_type, hours_per_week=row.hours_per_week,
        positions=row.positions, l68_only=row.l68_only, opened_on=row.opened_on,
        closes_on=row.closes_on, status=row.status, status_reason=row.status_reason,
        status_note=row.status_note,
        occupation=classification.title_of(row.occupation_code),
        expired=is_expired(row.status, row.closes_on, today))


def event_fields(row: Vacancy, employer: Employer, event: str) -> dict[str, Any]:
    """What the region receives of one step of a vacancy (JSON values only)."""
    return {
        "vacancy_id": str(row.id), "event": event, "site_code": row.site_code,
        "number": row.number, "employer_fiscal_code": employer.fiscal_code,
        "employer_name": employer.name, "status": row.status,
        "reason": row.status_reason, "note": row.status_note, "title": row.title,
        "description": row.description, "occupation_code": row.occupation_code,
        "code_system": row.code_system, "code_version": row.code_version,
        "positions": row.positions, "skills": row.skills,
        "optional_skills": row.optional_skills, "education": row.education,
        "languages": row.languages, "licences": row.licences,
        "contract_type": row.contract_type, "hours_per_week": row.hours_per_week,
        "workplace_code": row.workplace_code, "l68_only": row.l68_only,
        "night_shifts": row.night_shifts, "heavy_lifting": row.heavy_lifting,
        "long_standing": row.long_standing, "driving": row.driving,
        "opened_on": row.opened_on.isoformat(),
        "closes_on": row.closes_on.isoformat() if row.closes_on else None}


def record_step(session: Session, actor: AuditActor, row: Vacancy, employer: Employer,
                event: str) -> None:
    """Keep one step of the vacancy: its history row, the audit line, the outbox row."""
    session.add(VacancyStatusChange(vacancy_id=row.id, status=row.status,
                                    reason=row.status_reason, note=row.status_note,
                                    operator=actor.username[:60]))
    audit.record(session, actor, f"vacancy.{event}", "vacancy", row.id,
                 f"{row.status} {row.status_reason}".strip())
    outbox.record(session, EVENT_KIND, uuid.uuid4(), "create",
                  event_fields(row, employer, event))


def _fill(row: Vacancy, form: VacancyForm) -> None:
    row.title = " ".join(form.title.split())
    row.description = form.description.strip()
    row.occupation_code = form.occupation_code.strip()
    row.code_system, row.code_version = "CP", "2021"
    row.skills = ",".join(_split(form.skills))
    row.optional_skills = ",".join(s for s in _split(form.optional_skills)
                                   if s not in set(_split(form.skills)))
    row.education = form.education
    row.languages = ",".join(f"{lang.strip().lower()}:{level}"
                             for lang, level in form.languages)
    row.licences = ",".join(form.licences)
    row.contract_type = form.contract_type
    row.hours_per_week = form.hours_per_week
    row.part_time = form.hours_per_week < 30
    row.workplace_code = form.workplace_code.strip().upper()
    row.positions = form.positions
    row.l68_only = form.l68_only
    row.night_shifts, row.heavy_lifting = bool(form.night_shifts), bool(form.heavy_lifting)
    row.long_standing, row.driving = bool(form.long_standing), bool(form.driving)
    row.closes_on = form.closes_on


def _check(form: VacancyForm, today: dt.date) -> None:
    errors = validate_vacancy(form, today)
    if errors:
        raise ValidationError(next(iter(errors.values())), errors)


def create_vacancy(db: Database, actor: AuditActor, form: VacancyForm) -> VacancyInfo:
    """Record a new vacancy as a draft ("bozza"); publish it with the lifecycle."""
    require(actor, Permission.MATCHING, db)
    today = clock.today()
    _check(form, today)
    opened = form.opened_on or today
    with db.transaction() as session:
        employer = session.get(Employer, form.employer_id)
        if employer is None:
            raise NotFoundError(_("This employer is no longer in the database."))
        site = form.site_code or employer.site_code or "LOC"
        taken = set(session.scalars(select(Vacancy.number)))
        count = len(taken) + 1
        while f"OF-{site}-{opened.year}-{count:06d}" in taken:
            count += 1
        row = Vacancy(number=f"OF-{site}-{opened.year}-{count:06d}",
                      employer_id=employer.id, site_code=site, opened_on=opened,
                      status="bozza")
        _fill(row, form)
        session.add(row)
        session.flush()
        record_step(session, actor, row, employer, "create")
        return row_info(row, employer, today)


def update_vacancy(db: Database, actor: AuditActor, vacancy_id: uuid.UUID,
                   form: VacancyForm) -> VacancyInfo:
    """Change what a vacancy asks for (not its employer nor its status)."""
    require(actor, Permission.MATCHING, db)
    today = clock.today()
    with db.transaction() as session:
        row = session.get(Vacancy, vacancy_id)
        if row is None:
            raise NotFoundError(_("This vacancy is no longer in the database."))
        employer = session.get(Employer, row.employer_id)
        if employer is None:
            raise NotFoundError(_("This employer is no longer in the database."))
        if row.status == "chiusa":
            raise ValidationError(_("A closed vacancy cannot be changed."))
        _check(VacancyForm(**{**form.__dict__, "employer_id": employer.id,
                              "opened_on": row.opened_on}), today)
        _fill(row, form)
        session.flush()
        record_step(session, actor, row, employer, "update")
        return row_info(row, employer, today)


def vacancy_form(db: Database, actor: Actor, vacancy_id: uuid.UUID) -> VacancyForm:
    """What the form shows to edit a vacancy."""
    require(actor, Permission.MATCHING, db)
    with db.read() as session:
        row = session.get(Vacancy, vacancy_id)
        if row is None:
            raise NotFoundError(_("This vacancy is no longer in the database."))
        optional = tuple(s for s in row.optional_skills.split(",") if s)
        return VacancyForm(
            employer_id=row.employer_id, title=row.title, description=row.description,
            occupation_code=row.occupation_code,
            skills=tuple(s for s in row.skills.split(",") if s), optional_skills=optional,
            education=row.education,
            languages=tuple((x.split(":")[0], x.split(":")[-1])
                            for x in row.languages.split(",") if x),
            licences=tuple(x for x in row.licences.split(",") if x),
            contract_type=row.contract_type, hours_per_week=row.hours_per_week,
            workplace_code=row.workplace_code, positions=row.positions,
            l68_only=row.l68_only, night_shifts=row.night_shifts,
            heavy_lifting=row.heavy_lifting, long_standing=row.long_standing,
            driving=row.driving, opened_on=row.opened_on, closes_on=row.closes_on,
            site_code=row.site_code)


def list_vacancies(db: Database, actor: Actor, *, open_only: bool = True,
                   employer_id: uuid.UUID | None = None) -> list[VacancyInfo]:
    """Vacancies, newest first: the open ones only, or every status; of one employer
    or all."""
    require(actor, Permission.MATCHING, db)
    today = clock.today()
    with db.read() as session:
        query = select(Vacancy, Employer).join(Employer, Employer.id == Vacancy.employer_id)
        if open_only:
            query = query.where(Vacancy.status == "aperta")
        if employer_id is not None:
            query = query.where(Vacancy.employer_id == employer_id)
        return [row_info(v, e, today) for v, e in session.execute(
            query.order_by(Vacancy.opened_on.desc(), Vacancy.number))]


def vacancy_info(db: Database, actor: Actor, vacancy_id: uuid.UUID) -> VacancyInfo:
    require(actor, Permission.MATCHING, db)
    with db.read() as session:
        found = session.execute(
            select(Vacancy, Employer).join(Employer, Employer.id == Vacancy.employer_id)
            .where(Vacancy.id == vacancy_id)).first()
        if found is None:
            raise NotFoundError(_("This vacancy is no longer in the database."))
        return row_info(found[0], found[1], clock.today())
