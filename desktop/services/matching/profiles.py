"""The pure profiles matching scores, built from the database: a person's curriculum and
a vacancy's requirements, and the index of every person kept while nobody changes.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.infra.database import Database
from desktop.models.matching import Occupation, Vacancy
from desktop.models.person import Person
from desktop.models.registration import (
    CurriculumLanguage,
    CurriculumProfile,
    DesiredOccupation,
    Did,
    WorkExperience,
)
from desktop.models.targeted_placement import TargetedPlacementEnrolment
from desktop.services.firms.work_limitations import vacancy_demands
from desktop.services.matching.index import CandidateIndex
from desktop.services.matching.score import (
    PersonProfile,
    VacancyProfile,
)
from desktop.services.reference.classification import classification
from desktop.services.reference.occupations import comune_name, coordinates_of
from desktop.services.reference.places import place_at


def split_list(text: str) -> frozenset[str]:
    return frozenset(x.strip() for x in text.split(",") if x.strip())


def language_pairs(text: str) -> tuple[tuple[str, str], ...]:
    out = []
    for item in text.split(","):
        if ":" in item:
            language, level = item.split(":", 1)
            out.append((language.strip().lower(), level.strip().upper()))
    return tuple(out)


def vacancy_profile(row: Vacancy) -> VacancyProfile:
    return VacancyProfile(
        vacancy_id=str(row.id), number=row.number, status=row.status, closes_on=row.closes_on,
        occupation_code=row.occupation_code, skills=split_list(row.skills.lower()),
        education=row.education, languages=language_pairs(row.languages),
        licences=split_list(row.licences.upper()), part_time=row.part_time,
        l68_only=row.l68_only, coords=coordinates_of(row.workplace_code),
        demands=vacancy_demands(row.night_shifts, row.heavy_lifting, row.long_standing,
                                row.driving, row.licences))


def comune_label(code: str) -> str:
    if not code:
        return ""
    place = place_at(code, None)
    return comune_name(code) or (place.name if place else code)


def home_code(person: Person) -> str:
    return (person.residence_code if person.domicile_same or not person.domicile_code
            else person.domicile_code)


def did_education(session: Session, ids: Sequence[uuid.UUID] | None) -> dict[uuid.UUID, str]:
    """The education level declared in each person's latest DID."""
    query = select(Did.person_id, Did.education).order_by(Did.did_date, Did.created_at)
    if ids is not None:
        query = query.where(Did.person_id.in_(ids))
    return {pid: level for pid, level in session.execute(query) if level}


def occupation_titles(session: Session) -> dict[str, str]:
    """Code -> title of the CP occupations (the explanation names them): the shipped
    classification, with what was imported into the database over it."""
    titles = {o.code: o.title for o in classification()}
    titles.update({code: title for code, title in session.execute(
        select(Occupation.code, Occupation.title).where(Occupation.code_system == "CP"))})
    return titles


def people_profiles(session: Session, ids: Sequence[uuid.UUID] | None,
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
    declared = did_education(session, ids)
    profiles = []
    for pid, residence, domicile, same in session.execute(people_query):
        profile = cv.get(pid)
        has_cv = profile is not None or pid in desired or pid in past or pid in languages
        code = residence if same or not domicile else domicile
        profiles.append(PersonProfile(
            person_id=str(pid),
            # One source: the curriculum's level, else the one declared in the DID.
            education=(profile.education if profile and profile.education
                       else declared.get(pid, "")),
            licences=split_list(profile.licences.upper()) if profile else frozenset(),
            mobility_radius_km=float(profile.mobility_radius_km) if profile else 20.0,
            part_time=bool(profile.part_time) if profile else False,
            skills=split_list(profile.skills.lower()) if profile else frozenset(),
            languages=tuple((x.language, x.level) for x in languages.get(pid, [])),
            desired=tuple(desired.get(pid, ())),
            experience=tuple(dict.fromkeys(past.get(pid, ()))),
            l68_enrolled=pid in enrolled, coords=coordinates_of(code),
            has_curriculum=has_cv))
    return profiles


@dataclass
class _IndexCache:
    """The candidate indexes of one database, with the people version each was built at."""

    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    entries: dict[bool, tuple[tuple[object, ...], CandidateIndex]] = dataclasses.field(
        default_factory=dict)


def _people_version(session: Session) -> tuple[object, ...]:
    """Changes whenever a person or a curriculum row is added, changed or removed."""
    parts: list[object] = []
    for model in (Person, CurriculumProfile, CurriculumLanguage, DesiredOccupation,
                  WorkExperience, TargetedPlacementEnrolment, Did):
        parts.extend(session.execute(select(func.count(), func.max(model.updated_at))
                                     .select_from(model)).one())
    return tuple(parts)


def candidate_index(db: Database, session: Session, with_l68: bool) -> CandidateIndex:
    """The index of every person, rebuilt only when the people changed.

    Kept in the database object's own cache slot: it goes away with the database, and a
    second database (a test, a restore) never sees the first one's index.
    """
    cache = db.caches.setdefault(__name__, _IndexCache())
    if not isinstance(cache, _IndexCache):
        raise TypeError(f"unexpected cache entry for {__name__}")
    version = _people_version(session)
    with cache.lock:
        cached = cache.entries.get(with_l68)
        if cached is not None and cached[0] == version:
            return cached[1]
    index = CandidateIndex(people_profiles(session, None, with_l68))
    with cache.lock:
        cache.entries[with_l68] = (version, index)
    return index
