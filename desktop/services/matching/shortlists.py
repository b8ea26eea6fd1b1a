"""Shortlists of a vacancy and the outcomes of proposals: propose, record, count.

Each write checks the ``MATCHING`` permission and audits it in the same transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.base import utcnow
from desktop.models.matching import Employer, Proposal, Vacancy
from desktop.models.person import Person
from desktop.services.firms.employers import CONTRACT_TYPES
from desktop.services.matching.profiles import (
    comune_label,
    home_code,
    people_profiles,
    vacancy_profile,
)
from desktop.services.matching.score import (
    score,
)
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require
from desktop.values.shortlist import OUTCOMES, Shortlist, ShortlistRow


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
            comune_label(home_code(person)), profile.education, proposal.score,
            tuple(result.explanation()) if result else (), proposal.outcome,
            proposal.contract_type, proposal.proposed_at))
    return Shortlist(
        vacancy_id, row.number, row.title, row.occupation_code, comune_label(row.workplace_code), row.contract_type, row.positions,
        employer.name if employer else "", employer.fiscal_code if employer else "",
        employer.contact_name if employer else "", tuple(out))


def shortlist(db: Database, actor: AuditActor, vacancy_id: uuid.UUID,
              today: dt.date | None = None) -> Shortlist:
    require(actor, Permission.MATCHING, db)
    with db.transaction() as session:
        result = _shortlist(session, vacancy_id, today or dt.date.today())
        audit.record(session, actor, "matching.shortlist", "vacancy", vacancy_id,
                     f"{len(result.rows)} people")
        return result


def propose(db: Database, actor: AuditActor, vacancy_id: uuid.UUID,
            picks: Sequence[tuple[uuid.UUID, float]]) -> Shortlist:
    """Put the picked people (person id, score) on the vacancy's rosa."""
    require(actor, Permission.MATCHING, db)
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
        return _shortlist(session, proposal.vacancy_id, dt.date.today())


def outcome_counts(db: Database, actor: AuditActor) -> dict[str, int]:
    """How many proposals have each outcome (for the centre's reports)."""
    require(actor, Permission.MATCHING, db)
    with db.read() as session:
        found = dict(session.execute(select(Proposal.outcome, func.count())
                                     .group_by(Proposal.outcome)).all())
        return {code: int(found.get(code, 0)) for code in OUTCOMES}
