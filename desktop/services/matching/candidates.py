"""Incrocio domanda/offerta on the local database, in both directions.

It builds the pure profiles of ``score`` (through ``profiles``) from the person's
curriculum and from the vacancies, asks the numpy indexes of ``index`` for the ranking,
and hands back frozen dataclasses with every part's explanation. It owns its sessions, checks the
``MATCHING`` permission and audits each read of personal data.

Missing data never stops a search: a vacancy without an occupation, a person
without a curriculum or a comune without coordinates are scored on what is there,
and the report says which parts were missing.

Collocamento mirato (L. 68/1999) enrolment is health data: it is used as the hard
filter of reserved vacancies only when the operator may read it; otherwise the
reserved vacancies are left out and the report says so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.matching import Employer, Proposal, Vacancy
from desktop.models.person import Person
from desktop.models.person_lookup import person_by_code
from desktop.models.registration import (
    Did,
)
from desktop.services.matching.index import VacancyIndex
from desktop.services.matching.profiles import (
    candidate_index,
    comune_label,
    home_code,
    people_profiles,
    vacancy_profile,
)
from desktop.services.matching.score import (
    MatchResult,
    PersonProfile,
    VacancyProfile,
    distance_km,
    part_label,
)
from desktop.services.reference.occupations import coordinates_of
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, allowed, require


@dataclass(frozen=True)
class MatchFilters:
    top: int = 50
    min_score: float = 0.0
    #: Candidates: at most this far from the workplace. Vacancies: replaces the
    #: person's own mobility radius. None keeps the person's radius.
    radius_km: float | None = None
    #: Candidates: only people with a DID (available for work). Vacancies: only
    #: those with positions still to fill.
    available_only: bool = False


@dataclass(frozen=True)
class MatchRow:
    person_id: uuid.UUID
    vacancy_id: uuid.UUID
    score: float
    #: The person's name (candidates) or the vacancy's title (vacancies).
    title: str
    #: The codice fiscale (candidates) or the employer (vacancies).
    detail: str
    comune: str
    distance_km: float | None
    explanation: tuple[str, ...]
    missing: tuple[str, ...]
    #: Outcome of an existing proposal for this pair ("" when never proposed).
    proposal: str = ""


@dataclass(frozen=True)
class MatchReport:
    direction: str  # "candidates" | "vacancies"
    subject_id: uuid.UUID
    subject: str
    rows: tuple[MatchRow, ...]
    #: What the subject lacks, in words ("The vacancy has no occupation code: …").
    notes: tuple[str, ...]
    considered: int


def _vacancy_notes(row: Vacancy, profile: VacancyProfile) -> list[str]:
    notes = []
    if not row.occupation_code:
        notes.append(_("The vacancy has no occupation code: the occupation part is not "
                       "scored."))
    if profile.coords is None:
        notes.append(_("The workplace's comune has no coordinates: distance is not scored "
                       "and the mobility radius is not applied."))
    if not row.skills:
        notes.append(_("The vacancy lists no skills: the skills part is not scored."))
    return notes


def _person_notes(profile: PersonProfile) -> list[str]:
    notes = []
    if not profile.has_curriculum:
        notes.append(_("The person has no curriculum: only distance is scored; record "
                       "the curriculum in Registration for a useful ranking."))
    elif not (profile.desired or profile.experience):
        notes.append(_("The curriculum has no desired occupation nor past experience: "
                       "the occupation part is not scored."))
    if profile.coords is None:
        notes.append(_("The person's comune has no coordinates: distance is not scored "
                       "and the mobility radius is not applied."))
    return notes


def _distance(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    return None if a is None or b is None else round(distance_km(a, b), 1)


def _missing(result: MatchResult) -> tuple[str, ...]:
    return tuple(part_label(name) for name in result.missing)


def _proposals(session: Session, *, vacancy_id: uuid.UUID | None = None,
               person_id: uuid.UUID | None = None) -> dict[tuple[uuid.UUID, uuid.UUID], str]:
    query = select(Proposal.vacancy_id, Proposal.person_id, Proposal.outcome)
    if vacancy_id is not None:
        query = query.where(Proposal.vacancy_id == vacancy_id)
    if person_id is not None:
        query = query.where(Proposal.person_id == person_id)
    return {(v, p): o for v, p, o in session.execute(query)}


def candidates_for_vacancy(db: Database, actor: AuditActor, vacancy_id: uuid.UUID,
                           filters: MatchFilters = MatchFilters(),
                           today: dt.date | None = None) -> MatchReport:
    """The best people for a vacancy, with the parts of each score."""
    require(actor, Permission.MATCHING, db)
    today = today or dt.date.today()
    with_l68 = allowed(actor, Permission.TARGETED_PLACEMENT_READ)
    with db.transaction() as session:
        row = session.get(Vacancy, vacancy_id)
        if row is None:
            raise NotFoundError(_("This vacancy is no longer in the database."))
        employer = session.get(Employer, row.employer_id)
        vacancy = vacancy_profile(row)
        notes = _vacancy_notes(row, vacancy)
        if row.l68_only and not with_l68:
            notes.append(_("The vacancy is reserved to collocamento mirato (L. 68/1999): "
                           "only operators of collocamento mirato can match it."))
            vacancy = dataclasses.replace(vacancy, status="riservata")
        if row.status != "aperta":
            notes.append(_("The vacancy is not open: nobody is ranked."))
        elif row.closes_on is not None and row.closes_on < today:
            notes.append(_("The vacancy has expired: nobody is ranked."))
        index = candidate_index(db, session, with_l68)
        narrowed = filters.radius_km is not None or filters.available_only
        want = filters.top * 4 + 50 if narrowed else filters.top
        results = index.candidates(vacancy, today, top=want, min_score=filters.min_score)
        ids = [uuid.UUID(r.person_id) for r in results]
        people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
        available = set(session.scalars(select(Did.person_id).where(Did.person_id.in_(ids))))
        proposed = _proposals(session, vacancy_id=vacancy_id)
        out: list[MatchRow] = []
        for result in results:
            pid = uuid.UUID(result.person_id)
            person = people.get(pid)
            if person is None:
                continue
            km = _distance(coordinates_of(home_code(person)), vacancy.coords)
            if filters.radius_km is not None and km is not None and km > filters.radius_km:
                continue
            if filters.available_only and pid not in available:
                continue
            out.append(MatchRow(
                person_id=pid, vacancy_id=vacancy_id, score=result.score,
                title=f"{person.surname} {person.name}", detail=person.fiscal_code,
                comune=comune_label(home_code(person)), distance_km=km,
                explanation=tuple(result.explanation()), missing=_missing(result),
                proposal=proposed.get((vacancy_id, pid), "")))
            if len(out) >= filters.top:
                break
        audit.record(session, actor, "matching.candidates", "vacancy", vacancy_id,
                     f"{len(out)} people listed")
        subject = f"{row.number} · {row.title}" + (f" · {employer.name}" if employer else "")
        return MatchReport("candidates", vacancy_id, subject, tuple(out), tuple(notes),
                           len(index))


def _person_by_code(session: Session, fiscal_code: str) -> Person:
    code = "".join(fiscal_code.split()).upper()
    person = person_by_code(session, code)
    if person is None:
        raise NotFoundError(_("No person with codice fiscale {code} is registered.").format(
            code=code[:16] or "—"))
    return person


def person_id_for(db: Database, actor: AuditActor, fiscal_code: str) -> uuid.UUID:
    require(actor, Permission.MATCHING, db)
    with db.read() as session:
        return _person_by_code(session, fiscal_code).id


def vacancy_id_for(db: Database, actor: AuditActor, key: str) -> uuid.UUID:
    """The id of the vacancy with number (or id) ``key``."""
    require(actor, Permission.MATCHING, db)
    with db.read() as session:
        found = session.scalars(select(Vacancy.id).where(Vacancy.number == key.strip())).first()
        if found is None:
            try:
                found = session.scalars(select(Vacancy.id).where(
                    Vacancy.id == uuid.UUID(key.strip()))).first()
            except ValueError:
                found = None
        if found is None:
            raise NotFoundError(_("No vacancy {number} is recorded.").format(number=key[:40]))
        return found


def vacancies_for_person(db: Database, actor: AuditActor, person_id: uuid.UUID,
                         filters: MatchFilters = MatchFilters(),
                         today: dt.date | None = None) -> MatchReport:
    """The open vacancies that fit a person best, with the parts of each score."""
    require(actor, Permission.MATCHING, db)
    today = today or dt.date.today()
    with_l68 = allowed(actor, Permission.TARGETED_PLACEMENT_READ)
    with db.transaction() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFoundError(_("This person is no longer in the database."))
        profiles = people_profiles(session, [person_id], with_l68)
        profile = profiles[0]
        if filters.radius_km is not None:
            profile = dataclasses.replace(profile, mobility_radius_km=filters.radius_km)
        notes = _person_notes(profile)
        rows = list(session.execute(
            select(Vacancy, Employer.name).join(Employer, Employer.id == Vacancy.employer_id)
            .where(Vacancy.status == "aperta")))
        by_id = {str(v.id): (v, name) for v, name in rows}
        index = VacancyIndex([vacancy_profile(v) for v, _name in rows])
        want = filters.top * 4 + 50 if filters.available_only else filters.top
        results = index.vacancies_for(profile, today, top=want, min_score=filters.min_score)
        hired = {v: int(c) for v, c in session.execute(
            select(Proposal.vacancy_id, func.count()).where(Proposal.outcome == "assunto")
            .group_by(Proposal.vacancy_id))}
        proposed = _proposals(session, person_id=person_id)
        out: list[MatchRow] = []
        for result in results:
            vacancy, employer_name = by_id[result.vacancy_id]
            if filters.available_only and hired.get(vacancy.id, 0) >= vacancy.positions:
                continue
            out.append(MatchRow(
                person_id=person_id, vacancy_id=vacancy.id, score=result.score,
                title=f"{vacancy.number} · {vacancy.title}", detail=employer_name,
                comune=comune_label(vacancy.workplace_code),
                distance_km=_distance(profile.coords, coordinates_of(vacancy.workplace_code)),
                explanation=tuple(result.explanation()), missing=_missing(result),
                proposal=proposed.get((vacancy.id, person_id), "")))
            if len(out) >= filters.top:
                break
        audit.record(session, actor, "matching.vacancies", "person", person_id,
                     f"{len(out)} vacancies listed")
        subject = f"{person.surname} {person.name} · {person.fiscal_code}"
        return MatchReport("vacancies", person_id, subject, tuple(out), tuple(notes),
                           len(rows))
