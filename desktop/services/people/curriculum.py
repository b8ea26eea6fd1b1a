"""The person's curriculum, as the counter records it and matching reads it.

Education, driving licences, mobility, languages with their CEFR level, past work
(occupation code and ATECO sector) and desired occupations in ranked order. A save
replaces the whole curriculum in one transaction after every row has been checked,
so a mistake in one row changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field

from sqlalchemy import delete, select

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, ngettext
from desktop.infra.database import Database
from desktop.models.base import utcnow
from desktop.models.person import Person
from desktop.models.registration import (
    CurriculumLanguage,
    CurriculumProfile,
    DesiredOccupation,
    WorkExperience,
)
from desktop.services.people.profiling import EDUCATION_LEVELS
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require

#: Italian driving licence categories (and the professional CQC), in the usual order.
LICENCES = ("AM", "A1", "A2", "A", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE",
            "CQC")
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
MAX_RADIUS_KM = 300
MAX_ROWS = 30

#: CP2021 codes have up to five levels ("5", "5.1", … "5.1.2.2.0"); ISCO-08 up to four digits.
_CP_CODE = re.compile(r"^[1-9](\.[0-9]{1,2}){0,4}$")
_ISCO_CODE = re.compile(r"^[0-9]{1,4}$")
#: ATECO 2007/2025: "47", "47.1", "47.11", "47.11.1", "47.11.10".
_ATECO = re.compile(r"^[0-9]{2}(\.[0-9]{1,2}(\.[0-9]{1,2})?)?$")


@dataclass(frozen=True)
class LanguageEntry:
    language: str
    level: str


@dataclass(frozen=True)
class ExperienceEntry:
    employer: str = ""
    occupation_code: str = ""
    code_system: str = "CP"
    ateco: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    contract: str = ""


@dataclass(frozen=True)
class CurriculumForm:
    education: str = ""
    licences: tuple[str, ...] = ()
    mobility_radius_km: int = 20
    part_time: bool = False
    own_vehicle: bool = False
    languages: tuple[LanguageEntry, ...] = ()
    experiences: tuple[ExperienceEntry, ...] = ()
    #: Occupation codes (CP2021), most wanted first.
    desired: tuple[str, ...] = ()
    #: Skills in the person's words ("muletto", "haccp"), compared with a vacancy's.
    skills: tuple[str, ...] = ()
    #: True when nothing was ever recorded for this person.
    empty: bool = field(default=False, compare=False)


def valid_occupation_code(code: str, system: str = "CP") -> bool:
    return bool((_ISCO_CODE if system == "ISCO" else _CP_CODE).match(code))


def _short(text: str) -> str:
    """What of a typed value a message repeats: enough to find it, never a wall of text."""
    return "—" if not text else text if len(text) <= 20 else text[:20] + "…"


def validate_curriculum(form: CurriculumForm, today: dt.date | None = None) -> dict[str, str]:
    """Every problem as an Italian sentence, keyed by field (rows as ``experiences.2``)."""
    today = today or dt.date.today()
    form = _cleaned(form)
    errors: dict[str, str] = {}
    if form.education and form.education not in EDUCATION_LEVELS:
        errors["education"] = _("Choose the education level from the list.")
    unknown = [code for code in form.licences if code not in LICENCES]
    if unknown:
        errors["licences"] = _("Unknown licence category: {codes}.").format(
            codes=", ".join(unknown[:3]))
    if not 0 <= form.mobility_radius_km <= MAX_RADIUS_KM:
        errors["mobility_radius_km"] = _("The radius goes from 0 to {max} km.").format(
            max=MAX_RADIUS_KM)
    if len(form.skills) > MAX_ROWS or any(len(s) > 40 or "," in s for s in form.skills):
        errors["skills"] = _("At most {count} skills of at most 40 characters each.").format(
            count=MAX_ROWS)
    for name in ("languages", "experiences", "desired"):
        if len(getattr(form, name)) > MAX_ROWS:
            errors[name] = _("At most {count} rows.").format(count=MAX_ROWS)
    seen: set[str] = set()
    for i, lang in enumerate(form.languages, start=1):
        key = f"languages.{i}"
        name = lang.language.strip().lower()
        if not name or len(name) > 40:
            errors[key] = _("Row {row}: write the language (at most 40 characters).").format(
                row=i)
        elif lang.level not in CEFR_LEVELS:
            errors[key] = _("Row {row}: the level is one of A1, A2, B1, B2, C1, C2.").format(
                row=i)
        elif name in seen:
            errors[key] = _("Row {row}: {language} is already listed.").format(
                row=i, language=lang.language.strip())
        seen.add(name)
    for i, exp in enumerate(form.experiences, start=1):
        key = f"experiences.{i}"
        if exp.code_system not in ("CP", "ISCO"):
            errors[key] = _("Row {row}: the code system is CP2021 or ISCO-08.").format(row=i)
        elif not valid_occupation_code(exp.occupation_code, exp.code_system):
            errors[key] = _("Row {row}: {code} is not an occupation code "
                            "(CP2021 like 5.1.2.2.0).").format(
                row=i, code=_short(exp.occupation_code))
        elif exp.ateco and not _ATECO.match(exp.ateco):
            errors[key] = _("Row {row}: {code} is not an ATECO code (like 47.11.10).").format(
                row=i, code=_short(exp.ateco))
        elif len(exp.employer) > 200 or len(exp.contract) > 40:
            errors[key] = _("Row {row}: the employer or the contract is too long.").format(
                row=i)
        elif exp.start is not None and exp.start > today:
            errors[key] = _("Row {row}: the start date is in the future.").format(row=i)
        elif exp.start is not None and exp.end is not None and exp.end < exp.start:
            errors[key] = _("Row {row}: the end comes before the start.").format(row=i)
    wanted: set[str] = set()
    for i, code in enumerate(form.desired, start=1):
        key = f"desired.{i}"
        if not valid_occupation_code(code):
            errors[key] = _("Row {row}: {code} is not an occupation code "
                            "(CP2021 like 5.1.2.2.0).").format(row=i, code=_short(code))
        elif code in wanted:
            errors[key] = _("Row {row}: {code} is already listed.").format(row=i, code=_short(code))
        wanted.add(code)
    return errors


def _cleaned(form: CurriculumForm) -> CurriculumForm:
    return CurriculumForm(
        education=form.education.strip(),
        licences=tuple(sorted({c.strip().upper() for c in form.licences if c.strip()},
                              key=lambda c: LICENCES.index(c) if c in LICENCES else 99)),
        mobility_radius_km=form.mobility_radius_km, part_time=form.part_time,
        own_vehicle=form.own_vehicle,
        languages=tuple(LanguageEntry(" ".join(x.language.split()).lower(),
                                      x.level.strip().upper()) for x in form.languages),
        experiences=tuple(ExperienceEntry(
            " ".join(x.employer.split()), x.occupation_code.strip(), x.code_system,
            x.ateco.strip(), x.start, x.end, " ".join(x.contract.split()))
            for x in form.experiences),
        desired=tuple(code.strip() for code in form.desired),
        skills=tuple(dict.fromkeys(" ".join(x.split()).lower() for x in form.skills
                                   if x.strip())),
    )


def load_curriculum(db: Database, actor: AuditActor, person_id: uuid.UUID) -> CurriculumForm:
    require(actor, Permission.PERSON_READ, db)
    with db.read() as session:
        if session.get(Person, person_id) is None:
            raise NotFoundError(_("This person is no longer in the database."))
        profile = session.scalars(select(CurriculumProfile)
                                  .where(CurriculumProfile.person_id == person_id)).first()
        languages = session.scalars(select(CurriculumLanguage)
                                    .where(CurriculumLanguage.person_id == person_id)
                                    .order_by(CurriculumLanguage.created_at)).all()
        experiences = session.scalars(select(WorkExperience)
                                      .where(WorkExperience.person_id == person_id)
                                      .order_by(WorkExperience.start.desc())).all()
        desired = session.scalars(select(DesiredOccupation)
                                  .where(DesiredOccupation.person_id == person_id)
                                  .order_by(DesiredOccupation.created_at)).all()
        return CurriculumForm(
            education=profile.education if profile else "",
            licences=tuple(c for c in (profile.licences if profile else "").split(",") if c),
            mobility_radius_km=profile.mobility_radius_km if profile else 20,
            part_time=profile.part_time if profile else False,
            own_vehicle=profile.own_vehicle if profile else False,
            languages=tuple(LanguageEntry(x.language, x.level) for x in languages),
            experiences=tuple(ExperienceEntry(x.employer, x.occupation_code, x.code_system,
                                              x.ateco, x.start, x.end, x.contract)
                              for x in experiences),
            desired=tuple(x.occupation_code for x in desired),
            skills=tuple(x for x in (profile.skills if profile else "").split(",") if x),
            empty=profile is None and not languages and not experiences and not desired,
        )


def save_curriculum(db: Database, actor: AuditActor, person_id: uuid.UUID,
                    raw: CurriculumForm) -> CurriculumForm:
    """Replace the person's curriculum with ``raw`` (all rows checked first)."""
    require(actor, Permission.PERSON_WRITE, db)
    form = _cleaned(raw)
    errors = validate_curriculum(form)
    if errors:
        raise ValidationError(
            ngettext("The curriculum cannot be saved: {count} row or field to fix.",
                     "The curriculum cannot be saved: {count} rows or fields to fix.",
                     len(errors)).format(
                count=len(errors)), errors)
    with db.transaction() as session:
        if session.get(Person, person_id) is None:
            raise NotFoundError(_("This person is no longer in the database."))
        profile = session.scalars(select(CurriculumProfile)
                                  .where(CurriculumProfile.person_id == person_id)).first()
        if profile is None:
            profile = CurriculumProfile(person_id=person_id)
            session.add(profile)
        profile.education = form.education
        profile.licences = ",".join(form.licences)
        profile.mobility_radius_km = form.mobility_radius_km
        profile.part_time = form.part_time
        profile.own_vehicle = form.own_vehicle
        profile.skills = ",".join(form.skills)
        for model in (CurriculumLanguage, WorkExperience, DesiredOccupation):
            session.execute(delete(model).where(model.person_id == person_id))
        base = utcnow()
        # created_at keeps the order the operator gave (ranked desired occupations).
        for i, lang in enumerate(form.languages):
            session.add(CurriculumLanguage(person_id=person_id, language=lang.language,
                                           level=lang.level,
                                           created_at=base + dt.timedelta(microseconds=i)))
        for exp in form.experiences:
            session.add(WorkExperience(person_id=person_id, employer=exp.employer,
                                       occupation_code=exp.occupation_code,
                                       code_system=exp.code_system, ateco=exp.ateco,
                                       start=exp.start, end=exp.end, contract=exp.contract))
        for i, code in enumerate(form.desired):
            session.add(DesiredOccupation(person_id=person_id, occupation_code=code,
                                          created_at=base + dt.timedelta(microseconds=i)))
        audit.record(session, actor, "curriculum.update", "person", person_id)
    return load_curriculum(db, actor, person_id)
