"""Shortlists of a vacancy and the outcomes of proposals: propose, record, count.

Proposing stores, with each person, the ranking, the parts of the score and the data
they came from: the rosa prints that stored explanation (its points add up to the stored
score), and today's score beside it when the data have changed since.

Each write checks the ``MATCHING`` permission and audits it in the same transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.base import utcnow
from desktop.models.matching import Employer, Proposal, Vacancy
from desktop.models.person import Person
from desktop.services.firms.vacancies import CONTRACT_TYPES, is_expired
from desktop.services.matching.consent import consents_of
from desktop.services.matching.explain import (
    explain,
    occupation_name,
    parts_from_data,
    parts_to_data,
)
from desktop.services.matching.profiles import (
    comune_label,
    home_code,
    occupation_titles,
    people_profiles,
    vacancy_profile,
)
from desktop.services.matching.score import MatchResult, PersonProfile, VacancyProfile, score
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, allowed, require
from desktop.values.shortlist import OUTCOMES, Shortlist, ShortlistRow

#: A proposal stays on the rosa, and is explained, whatever the filters say today.
RELAXED = frozenset({"radius", "licence"})


def _relaxed(vacancy: VacancyProfile) -> VacancyProfile:
    return dataclasses.replace(vacancy, status="aperta", closes_on=None, l68_only=False)


def stored_explanation(result: MatchResult, rank: int, profile: PersonProfile,
                       vacancy: VacancyProfile, titles: dict[str, str],
                       scored_on: str, lifted: frozenset[str]) -> str:
    """The JSON kept with a proposal: parts, rank, the data they came from."""
    facts = dataclasses.asdict(profile)
    facts.pop("person_id")
    for key in ("licences", "skills"):
        facts[key] = sorted(facts[key])
    codes = {vacancy.occupation_code, *profile.desired, *profile.experience} - {""}
    data: dict[str, Any] = {
        "version": 1, "score": result.score, "rank": rank, "scored_on": scored_on,
        "parts": parts_to_data(result.parts), "person": facts,
        "vacancy": {"occupation_code": vacancy.occupation_code,
                    "skills": sorted(vacancy.skills), "education": vacancy.education,
                    "languages": list(vacancy.languages), "part_time": vacancy.part_time,
                    "licences": sorted(vacancy.licences)},
        "titles": {code: occupation_name(code, titles) for code in sorted(codes)},
        "lifted": sorted(lifted)}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def read_explanation(text: str) -> dict[str, Any] | None:
    if not text:
        return None
    data: dict[str, Any] = json.loads(text)
    return data


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
    profiles = {p.person_id: p for p in people_profiles(session, ids, True)}
    vacancy = _relaxed(vacancy_profile(row))
    titles = occupation_titles(session)
    consents = consents_of(session, vacancy_id)
    out = []
    for proposal in proposals:
        person = people.get(proposal.person_id)
        if person is None:
            continue
        profile = profiles[str(proposal.person_id)]
        # Explain with the filters relaxed: a proposal stays on the rosa even if the
        # person moved beyond the radius since.
        now = score(profile, vacancy, today, lifted=RELAXED)
        stored = read_explanation(proposal.explanation)
        if stored is not None:
            lines = explain(parts_from_data(stored["parts"]), stored.get("titles"))
            changed = now is not None and abs(now.score - proposal.score) >= 0.005
            today_score = now.score if changed and now is not None else None
        else:
            # Proposed before explanations were kept: the only reasons there are are
            # today's, so today's score goes beside them (they add up to it).
            lines = explain(now.parts, titles) if now else ()
            changed = now is not None and abs(now.score - proposal.score) >= 0.005
            today_score = now.score if changed and now is not None else None
        consent = consents.get(person.id)
        agreed = consent is not None and consent.in_force
        out.append(ShortlistRow(
            proposal.id, person.id, f"{person.surname} {person.name}", person.fiscal_code,
            comune_label(home_code(person)), profile.education, proposal.score,
            lines, proposal.outcome, proposal.contract_type, proposal.proposed_at,
            proposal.rank, today_score, stored is not None,
            consent="" if consent is None else "given" if agreed else "withdrawn",
            phone=(person.mobile or person.phone) if agreed else "",
            email=person.email if agreed else ""))
    return Shortlist(
        vacancy_id, row.number, row.title,
        occupation_name(row.occupation_code, titles) if row.occupation_code else "",
        comune_label(row.workplace_code), row.contract_type, row.positions,
        employer.name if employer else "", employer.fiscal_code if employer else "",
        employer.contact_name if employer else "", tuple(out),
        row.closes_on if is_expired(row.status, row.closes_on, today) else None)


def shortlist(db: Database, actor: AuditActor, vacancy_id: uuid.UUID,
              today: dt.date | None = None) -> Shortlist:
    require(actor, Permission.MATCHING, db)
    with db.transaction() as session:
        result = _shortlist(session, vacancy_id, today or clock.today())
        audit.record(session, actor, "matching.shortlist", "vacancy", vacancy_id,
                     f"{len(result.rows)} people")
        return result


def _ranks(db: Database, session: Session, vacancy: VacancyProfile, today: dt.date,
           with_l68: bool, lifted: frozenset[str], people: Sequence[uuid.UUID]
           ) -> dict[uuid.UUID, int]:
    """Each person's position in today's ranking of the vacancy (ties by id, as shown);
    people outside it (not eligible, a filter not lifted) are left out."""
    from desktop.services.matching.candidates import eligible_ranking

    index, _keep, values, _exclusions = eligible_ranking(db, session, vacancy, today,
                                                         with_l68, lifted)
    rows = index.row_of()
    ids = index.profiles.ids
    out: dict[uuid.UUID, int] = {}
    for person_id in people:
        i = rows.get(str(person_id))
        if i is None or values[i] != values[i]:  # NaN: not ranked
            continue
        mine = values[i]
        ahead = np.count_nonzero(values > mine) + np.count_nonzero(
            (values == mine) & (ids < ids[i]))
        out[person_id] = int(ahead) + 1
    return out


def propose(db: Database, actor: AuditActor, vacancy_id: uuid.UUID,
            picks: Sequence[tuple[uuid.UUID, float] | tuple[uuid.UUID, float, int]],
            lift: frozenset[str] = frozenset()) -> Shortlist:
    """Put the picked people (person id, score shown, rank shown) on the vacancy's rosa,
    each with the explanation of their score, computed now and stored."""
    require(actor, Permission.MATCHING, db)
    if not picks:
        raise ValidationError(_("Select at least one candidate to propose."))
    today = clock.today()
    with db.transaction() as session:
        row = session.get(Vacancy, vacancy_id)
        if row is None:
            raise NotFoundError(_("This vacancy is no longer in the database."))
        if is_expired(row.status, row.closes_on, today) and row.closes_on is not None:
            raise ValidationError(_("The vacancy expired on {date}: no rosa can be proposed "
                                    "for it; extend its expiry or close it.").format(
                date=row.closes_on.strftime("%d/%m/%Y")))
        already = set(session.scalars(select(Proposal.person_id).where(
            Proposal.vacancy_id == vacancy_id)))
        wanted = [p[0] for p in picks if p[0] not in already]
        with_l68 = allowed(actor, Permission.TARGETED_PLACEMENT_READ)
        profiles = {p.person_id: p for p in people_profiles(session, wanted, with_l68)}
        vacancy = vacancy_profile(row)
        titles = occupation_titles(session)
        lifted = frozenset(lift)
        ranks = _ranks(db, session, vacancy, today, with_l68, lifted, wanted)
        for pick in picks:
            person_id = pick[0]
            # The rank is computed here, on today's ranking with the same exclusions
            # lifted; the one the view showed is kept only if that fails.
            rank = ranks.get(person_id) or (pick[2] if len(pick) > 2 else 0)
            profile = profiles.get(str(person_id))
            if person_id in already or profile is None:
                continue
            already.add(person_id)
            result = score(profile, _relaxed(vacancy), today, lifted=RELAXED)
            if result is None:  # cannot happen with the filters relaxed
                continue
            session.add(Proposal(
                vacancy_id=vacancy_id, person_id=person_id, operator=actor.username[:60],
                score=result.score, rank=int(rank), scored_on=today,
                explanation=stored_explanation(result, int(rank), profile, vacancy, titles,
                                               today.isoformat(), lifted)))
            audit.record(session, actor, "matching.propose", "person", person_id,
                         f"vacancy {vacancy_id} rank {rank} score {result.score:.2f}")
        session.flush()
        return _shortlist(session, vacancy_id, today)


def record_outcome(db: Database, actor: AuditActor, proposal_id: uuid.UUID, outcome: str,
                   contract_type: str = "", notes: str = "") -> Shortlist:
    """Record what came of a proposal (colloquio, assunto with its contract, …)."""
    require(actor, Permission.MATCHING, db)
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
        return _shortlist(session, proposal.vacancy_id, clock.today())


def outcome_counts(db: Database, actor: AuditActor) -> dict[str, int]:
    """How many proposals have each outcome (for the centre's reports)."""
    require(actor, Permission.MATCHING, db)
    with db.read() as session:
        found = dict(session.execute(select(Proposal.outcome, func.count())
                                     .group_by(Proposal.outcome)).all())
        return {code: int(found.get(code, 0)) for code in OUTCOMES}
