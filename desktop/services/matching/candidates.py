"""Candidates for a vacancy on the local database: who is ranked, in what order, and why.

It builds the pure profiles of ``score`` (through ``profiles``) from the curricula and
the vacancy, asks the numpy index of ``index`` for the ranking of the eligible people
(``eligibility``: DID in force, not placed in the period, within their radius, the
collocamento mirato reserve), and hands back frozen dataclasses with every part's
explanation, the exclusions with their counts, and for each row what would change its
rank. It owns its session, checks the ``MATCHING`` permission and audits each read.

Missing data never stops a search: a vacancy without an occupation, a person without a
curriculum or a comune without coordinates are scored on what is there, and the report
says which parts were not required and which were not known.

Collocamento mirato (L. 68/1999) enrolment is health data: it is used as the hard
filter of reserved vacancies only when the operator may read it; otherwise the
reserved vacancies are left out and the report says so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.matching import Employer, Proposal, Vacancy
from desktop.models.person import Person
from desktop.services.matching.eligibility import (
    EXCLUSIONS,
    LIFTABLE,
    Exclusion,
    exclusion_reason,
    limitation_mask,
    person_exclusions,
)
from desktop.services.matching.explain import explain, part_kind, part_label
from desktop.services.matching.index import CandidateIndex
from desktop.services.matching.profiles import (
    candidate_index,
    comune_label,
    home_code,
    occupation_titles,
    vacancy_profile,
)
from desktop.services.matching.reports import (
    DEFAULT_FILTERS,
    MatchFilters,
    MatchReport,
    MatchRow,
)
from desktop.services.matching.score import MatchResult, VacancyProfile, distance_km
from desktop.services.matching.whatif import best_change
from desktop.services.reference.occupations import coordinates_of
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, allowed, require


def vacancy_notes(row: Vacancy, profile: VacancyProfile) -> list[str]:
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


def km_between(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    return None if a is None or b is None else round(distance_km(a, b), 1)


def missing_labels(result: MatchResult) -> tuple[str, ...]:
    return tuple(part_label(name) for name in result.missing)


def proposals_of(session: Session, *, vacancy_id: uuid.UUID | None = None,
                 person_id: uuid.UUID | None = None
                 ) -> dict[tuple[uuid.UUID, uuid.UUID], str]:
    query = select(Proposal.vacancy_id, Proposal.person_id, Proposal.outcome)
    if vacancy_id is not None:
        query = query.where(Proposal.vacancy_id == vacancy_id)
    if person_id is not None:
        query = query.where(Proposal.person_id == person_id)
    return {(v, p): o for v, p, o in session.execute(query)}


def _lifted_for_score(lift: frozenset[str]) -> frozenset[str]:
    """The lifted exclusions the pure scorer applies itself (the rest are masks)."""
    return frozenset(code for code in lift if code in ("radius", "licence"))


Ranking = tuple[CandidateIndex, "npt.NDArray[np.bool_]", "npt.NDArray[np.float64]",
                tuple[Exclusion, ...]]


def eligible_ranking(db: Database, session: Session, vacancy: VacancyProfile,
                     today: dt.date, with_l68: bool, lift: frozenset[str]) -> Ranking:
    """The index, who is eligible (the exclusions not lifted), every eligible person's
    score (NaN for the others) and the exclusions with their counts."""
    index = candidate_index(db, session, with_l68)
    failing = dict(person_exclusions(db, session, index, today))
    failing.update(index.excluded(vacancy))
    if vacancy.demands:
        failing["limits"] = limitation_mask(session, index, vacancy.demands)
    open_now = vacancy.status == "aperta" and not (
        vacancy.closes_on is not None and vacancy.closes_on < today)
    keep = np.full(len(index), open_now, dtype=bool)
    exclusions = []
    for code in EXCLUSIONS:
        mask = failing.get(code)
        if mask is None:
            continue
        count = int(np.count_nonzero(mask)) if open_now else 0
        lifted = code in lift
        if not lifted:
            keep &= ~mask
        if count:
            exclusions.append(Exclusion(code, count, exclusion_reason(code, with_l68),
                                        code in LIFTABLE, lifted))
    values = np.where(keep, index.cents(vacancy) / 100, np.nan)
    return index, keep, values, tuple(exclusions)


def candidates_for_vacancy(db: Database, actor: AuditActor, vacancy_id: uuid.UUID,
                           filters: MatchFilters = DEFAULT_FILTERS,
                           today: dt.date | None = None) -> MatchReport:
    """The best eligible people for a vacancy, with the parts of each score, the people
    left out by each exclusion, and what would change each row's rank."""
    require(actor, Permission.MATCHING, db)
    today = today or clock.today()
    with_l68 = allowed(actor, Permission.TARGETED_PLACEMENT_READ)
    lift = frozenset(filters.lift) & frozenset(LIFTABLE)
    with db.transaction() as session:
        row = session.get(Vacancy, vacancy_id)
        if row is None:
            raise NotFoundError(_("This vacancy is no longer in the database."))
        employer = session.get(Employer, row.employer_id)
        vacancy = vacancy_profile(row)
        notes = vacancy_notes(row, vacancy)
        if row.l68_only and not with_l68:
            notes.append(_("The vacancy is reserved to collocamento mirato (L. 68/1999): "
                           "only operators of collocamento mirato can match it."))
            vacancy = dataclasses.replace(vacancy, status="riservata")
        if row.status != "aperta":
            notes.append(_("The vacancy is not open: nobody is ranked."))
        elif row.closes_on is not None and row.closes_on < today:
            notes.append(_("The vacancy has expired: nobody is ranked."))
        ranking = eligible_ranking(db, session, vacancy, today, with_l68, lift)
        index, keep, values, exclusions = ranking
        eligible = int(np.count_nonzero(keep))
        scored = _lifted_for_score(lift)
        want = filters.top * 4 + 50 if filters.radius_km is not None else filters.top
        results = index.candidates(vacancy, today, top=want, min_score=filters.min_score,
                                   lifted=scored, values=values)
        ranked_desc = -np.sort(-values[keep])
        ids = [uuid.UUID(r.person_id) for r in results]
        people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
        proposed = proposals_of(session, vacancy_id=vacancy_id)
        titles = occupation_titles(session)
        rows_of = index.row_of()
        out: list[MatchRow] = []
        for position, result in enumerate(results, start=1):
            pid = uuid.UUID(result.person_id)
            person = people.get(pid)
            if person is None:
                continue
            km = km_between(coordinates_of(home_code(person)), vacancy.coords)
            if filters.radius_km is not None and km is not None and km > filters.radius_km:
                continue
            profile = index.profiles.profile(rows_of[result.person_id])
            change = best_change(profile, vacancy, today, position, ranked_desc,
                                 lifted=scored)
            out.append(MatchRow(
                person_id=pid, vacancy_id=vacancy_id, score=result.score,
                title=f"{person.surname} {person.name}", detail=person.fiscal_code,
                comune=comune_label(home_code(person)), distance_km=km,
                explanation=explain(result.parts, titles), missing=missing_labels(result),
                proposal=proposed.get((vacancy_id, pid), ""), rank=position,
                kinds=tuple(part_kind(p) for p in result.parts),
                change=change.sentence() if change else ""))
            if len(out) >= filters.top:
                break
        audit.record(session, actor, "matching.candidates", "vacancy", vacancy_id,
                     f"{len(out)} people listed")
        subject = f"{row.number} · {row.title}" + (f" · {employer.name}" if employer else "")
        return MatchReport("candidates", vacancy_id, subject, tuple(out), tuple(notes),
                           len(index), exclusions, eligible)
