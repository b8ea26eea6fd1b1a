"""Incrocio domanda/offerta on the local database: both directions, shortlists, outcomes.

This module is the database side of matching. It builds the pure profiles of
``matching_score`` from the person's curriculum and from the vacancies, asks the
numpy indexes of ``matching_index`` for the ranking, and hands back frozen
dataclasses with every part's explanation. It owns its sessions, checks the
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
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.base import utcnow
from desktop.models.matching import Employer, Proposal, Vacancy
from desktop.models.person import Person
from desktop.models.registration import (
    CurriculumLanguage,
    CurriculumProfile,
    DesiredOccupation,
    Did,
    WorkExperience,
)
from desktop.models.targeted_placement import TargetedPlacementEnrolment
from desktop.services.firms.employers import CONTRACT_TYPES
from desktop.services.matching.index import CandidateIndex, VacancyIndex
from desktop.services.matching.occupations import comune_name, coordinates_of
from desktop.services.matching.score import (
    MatchResult,
    PersonProfile,
    VacancyProfile,
    distance_km,
    part_label,
    score,
)
from desktop.services.people.person_lookup import person_by_code
from desktop.services.people.places import place_at
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, allowed, require

OUTCOMES = ("proposto", "colloquio", "assunto", "non_idoneo", "rifiutato")


def outcome_label(code: str) -> str:
    labels = {"proposto": _("proposed"), "colloquio": _("interview"), "assunto": _("hired"),
              "non_idoneo": _("not suitable"), "rifiutato": _("declined")}
    return labels.get(code, code)


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


# -- profiles ---------------------------------------------------------------------


def _split(text: str) -> frozenset[str]:
    return frozenset(x.strip() for x in text.split(",") if x.strip())


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    out = []
    for item in text.split(","):
        if ":" in item:
            language, level = item.split(":", 1)
            out.append((language.strip().lower(), level.strip().upper()))
    return tuple(out)


def vacancy_profile(row: Vacancy) -> VacancyProfile:
    return VacancyProfile(
        vacancy_id=str(row.id), number=row.number, status=row.status, closes_on=row.closes_on,
        occupation_code=row.occupation_code, skills=_split(row.skills.lower()),
        education=row.education, languages=_pairs(row.languages),
        licences=_split(row.licences.upper()), part_time=row.part_time,
        l68_only=row.l68_only, coords=coordinates_of(row.workplace_code))


def _comune(code: str) -> str:
    if not code:
        return ""
    place = place_at(code, None)
    return comune_name(code) or (place.name if place else code)


def _home(person: Person) -> str:
    return (person.residence_code if person.domicile_same or not person.domicile_code
            else person.domicile_code)


def _people_profiles(session: Session, ids: Sequence[uuid.UUID] | None,
                     with_l68: bool) -> list[PersonProfile]:
    """Profiles of ``ids`` (every person when None), in a few bulk queries."""
    def rows(model: type) -> list[Any]:
        query: Any = select(model)
        if ids is not None:
            query = query.where(model.person_id.in_(ids))  # type: ignore[attr-defined]
        return list(session.scalars(query))

    people_query = select(Person.id, Person.residence_code, Person.domicile_code,
                          Person.domicile_same)
    if ids is not None:
        people_query = people_query.where(Person.id.in_(ids))
    cv = {r.person_id: r for r in rows(CurriculumProfile)}
    languages: dict[uuid.UUID, list[CurriculumLanguage]] = {}
    for lang in sorted(rows(CurriculumLanguage), key=lambda x: x.created_at):
        languages.setdefault(lang.person_id, []).append(lang)
    desired: dict[uuid.UUID, list[str]] = {}
    for d in sorted(rows(DesiredOccupation), key=lambda x: x.created_at):
        desired.setdefault(d.person_id, []).append(d.occupation_code)
    past: dict[uuid.UUID, list[str]] = {}
    for w in rows(WorkExperience):
        if w.code_system == "CP":
            past.setdefault(w.person_id, []).append(w.occupation_code)
    enrolled = {r.person_id for r in rows(TargetedPlacementEnrolment)} if with_l68 else set()
    profiles = []
    for pid, residence, domicile, same in session.execute(people_query):
        profile = cv.get(pid)
        has_cv = profile is not None or pid in desired or pid in past or pid in languages
        code = residence if same or not domicile else domicile
        profiles.append(PersonProfile(
            person_id=str(pid),
            education=profile.education if profile else "",
            licences=_split(profile.licences.upper()) if profile else frozenset(),
            mobility_radius_km=float(profile.mobility_radius_km) if profile else 20.0,
            part_time=bool(profile.part_time) if profile else False,
            skills=_split(profile.skills.lower()) if profile else frozenset(),
            languages=tuple((x.language, x.level) for x in languages.get(pid, [])),
            desired=tuple(desired.get(pid, ())),
            experience=tuple(dict.fromkeys(past.get(pid, ()))),
            l68_enrolled=pid in enrolled, coords=coordinates_of(code),
            has_curriculum=has_cv))
    return profiles


# -- the candidate index, kept while the people do not change ---------------------

_cache_lock = threading.Lock()
_candidate_cache: dict[tuple[int, bool], tuple[tuple[object, ...], CandidateIndex]] = {}


def _people_version(session: Session) -> tuple[object, ...]:
    """Changes whenever a person or a curriculum row is added, changed or removed."""
    parts: list[object] = []
    for model in (Person, CurriculumProfile, CurriculumLanguage, DesiredOccupation,
                  WorkExperience, TargetedPlacementEnrolment):
        parts.extend(session.execute(select(func.count(), func.max(model.updated_at))
                                     .select_from(model)).one())
    return tuple(parts)


def candidate_index(db: Database, session: Session, with_l68: bool) -> CandidateIndex:
    """The index of every person, rebuilt only when the people changed."""
    key = (id(db), with_l68)
    version = _people_version(session)
    with _cache_lock:
        cached = _candidate_cache.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
    index = CandidateIndex(_people_profiles(session, None, with_l68))
    with _cache_lock:
        _candidate_cache[key] = (version, index)
    return index


# -- notes about missing data -----------------------------------------------------


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


# -- the two directions -----------------------------------------------------------


def candidates_for_vacancy(db: Database, actor: AuditActor, vacancy_id: uuid.UUID,
                           filters: MatchFilters = MatchFilters(),
                           today: dt.date | None = None) -> MatchReport:
    """The best people for a vacancy, with the parts of each score."""
    require(actor, Permission.MATCHING)
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
            km = _distance(coordinates_of(_home(person)), vacancy.coords)
            if filters.radius_km is not None and km is not None and km > filters.radius_km:
                continue
            if filters.available_only and pid not in available:
                continue
            out.append(MatchRow(
                person_id=pid, vacancy_id=vacancy_id, score=result.score,
                title=f"{person.surname} {person.name}", detail=person.fiscal_code,
                comune=_comune(_home(person)), distance_km=km,
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
    require(actor, Permission.MATCHING)
    with db.read() as session:
        return _person_by_code(session, fiscal_code).id


def vacancy_id_for(db: Database, actor: AuditActor, key: str) -> uuid.UUID:
    """The id of the vacancy with number (or id) ``key``."""
    require(actor, Permission.MATCHING)
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
    require(actor, Permission.MATCHING)
    today = today or dt.date.today()
    with_l68 = allowed(actor, Permission.TARGETED_PLACEMENT_READ)
    with db.transaction() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFoundError(_("This person is no longer in the database."))
        profiles = _people_profiles(session, [person_id], with_l68)
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
                comune=_comune(vacancy.workplace_code),
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


# -- shortlists and outcomes ------------------------------------------------------


@dataclass(frozen=True)
class ShortlistRow:
    proposal_id: uuid.UUID
    person_id: uuid.UUID
    name: str
    fiscal_code: str
    comune: str
    education: str
    score: float
    explanation: tuple[str, ...]
    outcome: str
    contract_type: str
    proposed_at: dt.datetime


@dataclass(frozen=True)
class Shortlist:
    vacancy_id: uuid.UUID
    number: str
    title: str
    occupation_code: str
    workplace: str
    contract_type: str
    positions: int
    employer: str
    employer_fiscal_code: str
    employer_contact: str
    rows: tuple[ShortlistRow, ...]


def _shortlist(session: Session, vacancy_id: uuid.UUID, today: dt.date) -> Shortlist:
    row = session.get(Vacancy, vacancy_id)
    if row is None:
        raise NotFoundError(_("This vacancy is no longer in the database."))
    employer = session.get(Employer, row.employer_id)
    proposals = list(session.scalars(select(Proposal).where(
        Proposal.vacancy_id == vacancy_id).order_by(Proposal.score.desc(),
                                                    Proposal.proposed_at)))
    ids = [p.person_id for p in proposals]
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    profiles = {p.person_id: p for p in _people_profiles(session, ids, True)}
    vacancy = dataclasses.replace(vacancy_profile(row), status="aperta", closes_on=None,
                                  l68_only=False)
    out = []
    for proposal in proposals:
        person = people.get(proposal.person_id)
        if person is None:
            continue
        profile = profiles[str(proposal.person_id)]
        # Explain with the filters relaxed: a proposal stays on the rosa even if the
        # person moved beyond the radius since.
        relaxed = dataclasses.replace(profile, mobility_radius_km=10_000.0,
                                      licences=profile.licences | vacancy.licences)
        result = score(relaxed, vacancy, today)
        out.append(ShortlistRow(
            proposal.id, person.id, f"{person.surname} {person.name}", person.fiscal_code,
            _comune(_home(person)), profile.education, proposal.score,
            tuple(result.explanation()) if result else (), proposal.outcome,
            proposal.contract_type, proposal.proposed_at))
    return Shortlist(
        vacancy_id, row.number, row.title, row.occupation_code, _comune(row.workplace_code), row.contract_type, row.positions,
        employer.name if employer else "", employer.fiscal_code if employer else "",
        employer.contact_name if employer else "", tuple(out))


def shortlist(db: Database, actor: AuditActor, vacancy_id: uuid.UUID,
              today: dt.date | None = None) -> Shortlist:
    require(actor, Permission.MATCHING)
    with db.transaction() as session:
        result = _shortlist(session, vacancy_id, today or dt.date.today())
        audit.record(session, actor, "matching.shortlist", "vacancy", vacancy_id,
                     f"{len(result.rows)} people")
        return result


def propose(db: Database, actor: AuditActor, vacancy_id: uuid.UUID,
            picks: Sequence[tuple[uuid.UUID, float]]) -> Shortlist:
    """Put the picked people (person id, score) on the vacancy's rosa."""
    require(actor, Permission.MATCHING)
    if not picks:
        raise ValidationError(_("Select at least one candidate to propose."))
    with db.transaction() as session:
        if session.get(Vacancy, vacancy_id) is None:
            raise NotFoundError(_("This vacancy is no longer in the database."))
        already = set(session.scalars(select(Proposal.person_id).where(
            Proposal.vacancy_id == vacancy_id)))
        for person_id, value in picks:
            if person_id in already or session.get(Person, person_id) is None:
                continue
            already.add(person_id)
            session.add(Proposal(vacancy_id=vacancy_id, person_id=person_id,
                                 operator=actor.username[:60], score=round(value, 4)))
            audit.record(session, actor, "matching.propose", "person", person_id,
                         f"vacancy {vacancy_id}")
        session.flush()
        return _shortlist(session, vacancy_id, dt.date.today())


def record_outcome(db: Database, actor: AuditActor, proposal_id: uuid.UUID, outcome: str,
                   contract_type: str = "", notes: str = "") -> Shortlist:
    """Record what came of a proposal (colloquio, assunto with its contract, …)."""
    require(actor, Permission.MATCHING)
    errors: dict[str, str] = {}
    if outcome not in OUTCOMES:
        errors["outcome"] = _("Choose the outcome from the list.")
    if outcome == "assunto" and contract_type not in CONTRACT_TYPES:
        errors["contract_type"] = _("With a hiring, choose the contract type.")
    if errors:
        raise ValidationError(next(iter(errors.values())), errors)
    with db.transaction() as session:
        proposal = session.get(Proposal, proposal_id)
        if proposal is None:
            raise NotFoundError(_("This proposal is no longer in the database."))
        proposal.outcome = outcome
        proposal.outcome_at = utcnow()
        proposal.contract_type = contract_type if outcome == "assunto" else ""
        proposal.notes = notes.strip()[:500]
        audit.record(session, actor, "matching.outcome", "person", proposal.person_id,
                     outcome)
        session.flush()
        return _shortlist(session, proposal.vacancy_id, dt.date.today())


def outcome_counts(db: Database, actor: AuditActor) -> dict[str, int]:
    """How many proposals have each outcome (for the centre's reports)."""
    require(actor, Permission.MATCHING)
    with db.read() as session:
        found = dict(session.execute(select(Proposal.outcome, func.count())
                                     .group_by(Proposal.outcome)).all())
        return {code: int(found.get(code, 0)) for code in OUTCOMES}
