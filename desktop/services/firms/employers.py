"""Employers and vacancies, entered locally until the region's sync delivers them.

The employer's fiscal code is a partita IVA (11 digits) or a codice fiscale
(16 characters, sole traders), checked with python-stdnum before anything is
written: an invalid one gives an Italian sentence and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from stdnum.it import codicefiscale as stdnum_cf
from stdnum.it import iva as stdnum_iva

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.matching import Employer, Vacancy
from desktop.services.people.curriculum import CEFR_LEVELS, LICENCES, valid_occupation_code
from desktop.services.people.profiling import EDUCATION_LEVELS
from desktop.services.reference.occupations import comune_name
from desktop.services.reference.places import place_at
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Actor, Permission, require

#: Contract types (codes as recorded; also the outcome "assunto" names one).
CONTRACT_TYPES = ("indeterminato", "determinato", "apprendistato", "somministrazione",
                  "tirocinio", "stagionale", "collaborazione")
VACANCY_STATUSES = ("aperta", "sospesa", "chiusa")
_ATECO = re.compile(r"^[0-9]{2}(\.[0-9]{1,2}(\.[0-9]{1,2})?)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class EmployerForm:
    fiscal_code: str = ""
    name: str = ""
    ateco: str = ""
    comune_code: str = ""
    address: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    site_code: str = ""


@dataclass(frozen=True)
class EmployerInfo:
    id: uuid.UUID
    fiscal_code: str
    name: str
    ateco: str
    comune_code: str
    comune: str
    contact_name: str
    phone: str
    email: str


def normalise_fiscal_code(code: str) -> str:
    return "".join(code.split()).upper().removeprefix("IT")


def check_employer_code(code: str) -> str | None:
    """The Italian sentence for an invalid partita IVA / codice fiscale, or None."""
    value = normalise_fiscal_code(code)
    if not value:
        return _("Write the employer's partita IVA or codice fiscale.")
    if value.isdigit():
        if len(value) != 11 or not stdnum_iva.is_valid(value):
            return _("{code} is not a valid partita IVA: check the 11 digits.").format(
                code=value)
        return None
    if len(value) != 16 or not stdnum_cf.is_valid(value):
        return _("{code} is not a valid codice fiscale: a firm has an 11-digit partita "
                 "IVA, a sole trader a 16-character codice fiscale.").format(code=value[:20])
    return None


def validate_employer(form: EmployerForm) -> dict[str, str]:
    errors: dict[str, str] = {}
    problem = check_employer_code(form.fiscal_code)
    if problem:
        errors["fiscal_code"] = problem
    if not form.name.strip() or len(form.name) > 200:
        errors["name"] = _("Write the ragione sociale (at most 200 characters).")
    if form.ateco and not _ATECO.match(form.ateco.strip()):
        errors["ateco"] = _("{code} is not an ATECO code (like 47.11.10).").format(
            code=form.ateco[:12])
    if form.comune_code and place_at(form.comune_code, None) is None:
        errors["comune_code"] = _("Unknown comune code.")
    if form.email and not _EMAIL.match(form.email.strip()):
        errors["email"] = _("The e-mail address is not valid.")
    return errors


def _employer_info(row: Employer) -> EmployerInfo:
    place = place_at(row.comune_code, None) if row.comune_code else None
    return EmployerInfo(row.id, row.fiscal_code, row.name, row.ateco, row.comune_code,
                        comune_name(row.comune_code) or (place.name if place else ""), row.contact_name, row.phone, row.email)


def create_employer(db: Database, actor: AuditActor, form: EmployerForm) -> EmployerInfo:
    require(actor, Permission.MATCHING, db)
    errors = validate_employer(form)
    if errors:
        raise ValidationError(next(iter(errors.values())), errors)
    code = normalise_fiscal_code(form.fiscal_code)
    with db.transaction() as session:
        if session.scalars(select(Employer).where(Employer.fiscal_code == code)).first():
            raise ValidationError(_("An employer with this fiscal code is already recorded."),
                                  {"fiscal_code": _("Already recorded.")})
        row = Employer(fiscal_code=code, name=" ".join(form.name.split()),
                       ateco=form.ateco.strip(), comune_code=form.comune_code.upper(),
                       address=form.address.strip(), contact_name=form.contact_name.strip(),
                       phone=form.phone.strip(), email=form.email.strip().lower(),
                       site_code=form.site_code)
        session.add(row)
        session.flush()
        audit.record(session, actor, "employer.create", "employer", row.id)
        return _employer_info(row)


def list_employers(db: Database, actor: Actor) -> list[EmployerInfo]:
    require(actor, Permission.MATCHING, db)
    with db.read() as session:
        return [_employer_info(r) for r in session.scalars(
            select(Employer).order_by(Employer.name))]


@dataclass(frozen=True)
class VacancyForm:
    employer_id: uuid.UUID | None = None
    title: str = ""
    description: str = ""
    occupation_code: str = ""
    skills: tuple[str, ...] = ()
    education: str = ""
    #: (language, CEFR level)
    languages: tuple[tuple[str, str], ...] = ()
    licences: tuple[str, ...] = ()
    contract_type: str = ""
    hours_per_week: int = 40
    workplace_code: str = ""
    positions: int = 1
    l68_only: bool = False
    opened_on: dt.date | None = None
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


def validate_vacancy(form: VacancyForm) -> dict[str, str]:
    errors: dict[str, str] = {}
    if form.employer_id is None:
        errors["employer_id"] = _("Choose the employer.")
    if not form.title.strip() or len(form.title) > 200:
        errors["title"] = _("Write the title of the vacancy (at most 200 characters).")
    if form.occupation_code and not valid_occupation_code(form.occupation_code):
        errors["occupation_code"] = _("{code} is not an occupation code "
                                      "(CP2021 like 5.1.2.2.0).").format(
            code=form.occupation_code[:20])
    if form.education and form.education not in EDUCATION_LEVELS:
        errors["education"] = _("Choose the education level from the list.")
    if any(level not in CEFR_LEVELS for _lang, level in form.languages):
        errors["languages"] = _("The level is one of A1, A2, B1, B2, C1, C2.")
    if any(code not in LICENCES for code in form.licences):
        errors["licences"] = _("Unknown licence category.")
    if form.contract_type and form.contract_type not in CONTRACT_TYPES:
        errors["contract_type"] = _("Choose the contract type from the list.")
    if not 1 <= form.hours_per_week <= 60:
        errors["hours_per_week"] = _("The hours per week go from 1 to 60.")
    if not 1 <= form.positions <= 999:
        errors["positions"] = _("The positions go from 1 to 999.")
    if form.workplace_code and place_at(form.workplace_code, None) is None:
        errors["workplace_code"] = _("Unknown comune code.")
    if form.opened_on and form.closes_on and form.closes_on < form.opened_on:
        errors["closes_on"] = _("The closing date comes before the opening date.")
    return errors


def _vacancy_info(row: Vacancy, employer: Employer) -> VacancyInfo:
    place = place_at(row.workplace_code, None) if row.workplace_code else None
    return VacancyInfo(row.id, row.number, row.title, employer.id, employer.name,
                       row.occupation_code, row.workplace_code,
                       comune_name(row.workplace_code) or (place.name if place else ""),
                       row.contract_type, row.hours_per_week, row.positions, row.l68_only,
                       row.opened_on, row.closes_on, row.status)


def create_vacancy(db: Database, actor: AuditActor, form: VacancyForm) -> VacancyInfo:
    require(actor, Permission.MATCHING, db)
    errors = validate_vacancy(form)
    if errors:
        raise ValidationError(next(iter(errors.values())), errors)
    opened = form.opened_on or dt.date.today()
    with db.transaction() as session:
        employer = session.get(Employer, form.employer_id)
        if employer is None:
            raise NotFoundError(_("This employer is no longer in the database."))
        site = form.site_code or employer.site_code or "LOC"
        taken = set(session.scalars(select(Vacancy.number)))
        count = len(taken) + 1
        while f"OF-{site}-{opened.year}-{count:06d}" in taken:
            count += 1
        row = Vacancy(
            number=f"OF-{site}-{opened.year}-{count:06d}", employer_id=employer.id,
            site_code=site, title=" ".join(form.title.split()),
            description=form.description.strip(), occupation_code=form.occupation_code.strip(),
            skills=",".join(sorted({s.strip().lower() for s in form.skills if s.strip()})),
            education=form.education,
            languages=",".join(f"{lang.strip().lower()}:{level}"
                               for lang, level in form.languages),
            licences=",".join(form.licences), contract_type=form.contract_type,
            hours_per_week=form.hours_per_week, part_time=form.hours_per_week < 30,
            workplace_code=form.workplace_code.upper(), positions=form.positions,
            l68_only=form.l68_only, opened_on=opened, closes_on=form.closes_on)
        session.add(row)
        session.flush()
        audit.record(session, actor, "vacancy.create", "vacancy", row.id)
        return _vacancy_info(row, employer)


def list_vacancies(db: Database, actor: Actor, *, open_only: bool = True) -> list[VacancyInfo]:
    require(actor, Permission.MATCHING, db)
    with db.read() as session:
        query = select(Vacancy, Employer).join(Employer, Employer.id == Vacancy.employer_id)
        if open_only:
            query = query.where(Vacancy.status == "aperta")
        return [_vacancy_info(v, e) for v, e in session.execute(
            query.order_by(Vacancy.opened_on.desc(), Vacancy.number))]
