"""Vacancies for a person on the local database, and finding a person or a vacancy.

The open vacancies, ranked by the same explained score as the candidates (through the
numpy index of ``vacancy_index``). Expired or closed vacancies are never proposed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError
from desktop.i18n import _, ngettext
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.matching import Employer, Proposal, Vacancy
from desktop.models.person import Person
from desktop.models.person_lookup import person_by_code
from desktop.services.matching.candidates import km_between, missing_labels, proposals_of
from desktop.services.matching.eligibility import (
    PLACED_DAYS,
    exclusion_reason,
    limitations_of,
    placed_people,
)
from desktop.services.matching.explain import explain, part_kind
from desktop.services.matching.profiles import (
    comune_label,
    occupation_titles,
    people_profiles,
    vacancy_profile,
)
from desktop.services.matching.reports import (
    DEFAULT_FILTERS,
    MatchFilters,
    MatchReport,
    MatchRow,
)
from desktop.services.matching.score import PersonProfile
from desktop.services.matching.vacancy_index import VacancyIndex
from desktop.services.people.did import active_did
from desktop.services.reference.occupations import coordinates_of
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, allowed, require


def person_notes(profile: PersonProfile) -> list[str]:
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
                         filters: MatchFilters = DEFAULT_FILTERS,
                         today: dt.date | None = None) -> MatchReport:
    """The open vacancies that fit a person best, with the parts of each score."""
    require(actor, Permission.MATCHING, db)
    today = today or clock.today()
    with_l68 = allowed(actor, Permission.TARGETED_PLACEMENT_READ)
    with db.transaction() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFoundError(_("This person is no longer in the database."))
        profiles = people_profiles(session, [person_id], with_l68)
        profile = profiles[0]
        if filters.radius_km is not None:
            profile = dataclasses.replace(profile, mobility_radius_km=filters.radius_km)
        notes = person_notes(profile)
        # The candidate searches leave such a person out by default: say so here too.
        if active_did(session, person_id, today) is None:
            notes.append(_("The person has no DID in force: searches of candidates leave "
                           "them out unless the operator includes them."))
        if person_id in placed_people(session, today):
            notes.append(_("The person was hired in the last {days} days: searches of "
                           "candidates leave them out unless the operator includes them.")
                         .format(days=PLACED_DAYS))
        rows: list[tuple[Vacancy, str]] = [(v, name) for v, name in session.execute(
            select(Vacancy, Employer.name).join(Employer, Employer.id == Vacancy.employer_id)
            .where(Vacancy.status == "aperta")
            .where((Vacancy.closes_on.is_(None)) | (Vacancy.closes_on >= today)))]
        ruled = limitations_of(session, [person_id]).get(person_id, frozenset())
        if ruled:
            kept = [(v, name) for v, name in rows if not vacancy_profile(v).demands & ruled]
            if len(kept) < len(rows):
                notes.append(ngettext(
                    "{count} vacancy left out: {reason}.", "{count} vacancies left out: "
                    "{reason}.", len(rows) - len(kept)).format(
                    count=len(rows) - len(kept), reason=exclusion_reason("limits", with_l68)))
            rows = kept
        by_id = {str(v.id): (v, name) for v, name in rows}
        index = VacancyIndex([vacancy_profile(v) for v, _name in rows])
        want = filters.top * 4 + 50 if filters.available_only else filters.top
        results = index.vacancies_for(profile, today, top=want, min_score=filters.min_score)
        hired = {v: int(c) for v, c in session.execute(
            select(Proposal.vacancy_id, func.count()).where(Proposal.outcome == "assunto")
            .group_by(Proposal.vacancy_id))}
        proposed = proposals_of(session, person_id=person_id)
        titles = occupation_titles(session)
        out: list[MatchRow] = []
        for result in results:
            vacancy, employer_name = by_id[result.vacancy_id]
            if filters.available_only and hired.get(vacancy.id, 0) >= vacancy.positions:
                continue
            out.append(MatchRow(
                person_id=person_id, vacancy_id=vacancy.id, score=result.score,
                title=f"{vacancy.number} · {vacancy.title}", detail=employer_name,
                comune=comune_label(vacancy.workplace_code),
                distance_km=km_between(profile.coords, coordinates_of(vacancy.workplace_code)),
                explanation=explain(result.parts, titles), missing=missing_labels(result),
                proposal=proposed.get((vacancy.id, person_id), ""), rank=len(out) + 1,
                kinds=tuple(part_kind(p) for p in result.parts)))
            if len(out) >= filters.top:
                break
        audit.record(session, actor, "matching.vacancies", "person", person_id,
                     f"{len(out)} vacancies listed")
        subject = f"{person.surname} {person.name} · {person.fiscal_code}"
        return MatchReport("vacancies", person_id, subject, tuple(out), tuple(notes),
                           len(rows))
