"""Sanction proposals: an absence not justified within its window becomes a proposal by
the art. 21 c.7 table, queued for the region (which notifies INPS)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models import Person
from desktop.models.conditionality import Absence, SanctionProposal
from desktop.services.conditionality import absences as absences_module
from desktop.services.conditionality import table
from desktop.services.conditionality.absences import AbsenceInfo, info
from desktop.services.conditionality.config import ConditionalityConfig
from desktop.services.people.did import active_did
from desktop.services.security import audit
from desktop.services.security.permissions import Actor, Permission, require
from desktop.sync import outbox

#: The kind the region receives (wire/protocol.py).
KIND = "sanction_proposal"


def propose_due(db: Database, actor: Actor, today: dt.date | None = None) -> list[AbsenceInfo]:
    """Turn every open absence whose window has ended into a sanction proposal.

    The ordinal counts the person's earlier proposals under the DID in force; without a
    DID in force condizionalità does not apply and the absence is closed as such.
    """
    require(actor, Permission.CONDITIONALITY, db)
    day = today or clock.today()
    done: list[AbsenceInfo] = []
    with db.transaction() as session:
        due = session.scalars(select(Absence).where(
            Absence.status == "open", Absence.window_until < day)
            .order_by(Absence.scheduled_at)).all()
        for row in due:
            did = active_did(session, row.person_id, day)
            if did is None:
                row.status = "not_applicable"
                audit.record(session, actor, "conditionality.no_did", "person",
                             row.person_id, str(row.id))
                done.append(info(session, row))
                continue
            earlier = session.scalar(select(func.count()).select_from(SanctionProposal)
                                     .join(Absence, Absence.id == SanctionProposal.absence_id)
                                     .where(SanctionProposal.person_id == row.person_id,
                                            Absence.scheduled_at >= dt.datetime.combine(
                                                did.did_date, dt.time(), dt.UTC)))
            ordinal = int(earlier or 0) + 1
            sanction = table.sanction_for(ordinal, did.naspi)
            proposal = SanctionProposal(
                id=uuid.uuid4(), absence_id=row.id, person_id=row.person_id, ordinal=ordinal,
                sanction=sanction.code, benefit=did.naspi, wording=sanction.wording,
                proposed_by=actor.username)
            session.add(proposal)
            row.status = "sanctioned"
            session.flush()
            outbox.record(session, KIND, proposal.id, "create", {
                "person_id": str(row.person_id), "absence_id": str(row.id),
                "appointment_id": str(row.appointment_id),
                "scheduled_at": row.scheduled_at.isoformat(), "ordinal": ordinal,
                "sanction": sanction.code, "benefit": did.naspi,
                "did_id": str(did.id), "wording": sanction.wording,
                "notify": "inps" if did.naspi else ""})
            audit.record(session, actor, "conditionality.proposal", "person", row.person_id,
                         f"{sanction.code}:{ordinal}")
            done.append(info(session, row))
    return done


def worklist(db: Database, actor: Actor) -> list[AbsenceInfo]:
    """Pending justifications and the proposals made, newest first."""
    require(actor, Permission.CONDITIONALITY, db)
    with db.read() as session:
        rows = session.scalars(select(Absence).where(
            Absence.status.in_(("open", "sanctioned")))
            .order_by(Absence.scheduled_at.desc()).limit(1000)).all()
        return [info(session, r) for r in rows]


@dataclass(frozen=True)
class ConditionalityCounts:
    pending_justifications: int
    justified: int
    proposals: int
    decadenze: int


def counts(db: Database, actor: Actor) -> ConditionalityCounts:
    """What the Osservatorio shows: absences waiting, justified, proposals made."""
    require(actor, Permission.REPORTS, db)
    with db.read() as session:
        by_status: dict[str, int] = {status: n for status, n in session.execute(
            select(Absence.status, func.count()).group_by(Absence.status))}
        decadenze = session.scalar(select(func.count()).select_from(SanctionProposal)
                                   .where(SanctionProposal.sanction == "decadenza")) or 0
        return ConditionalityCounts(by_status.get("open", 0), by_status.get("justified", 0),
                                    by_status.get("sanctioned", 0), int(decadenze))


@dataclass(frozen=True)
class LetterFacts:
    """What the sanction letter prints (desktop.documents.sanction_letter)."""

    proposal_id: uuid.UUID
    person_id: uuid.UUID
    fiscal_code: str
    surname: str
    name: str
    address: str
    scheduled_at: dt.datetime
    window_until: dt.date
    ordinal: int
    sanction: str
    benefit: bool
    wording: str
    rule: str
    proposed_on: dt.date


def letter_facts(session: Session, proposal_id: uuid.UUID) -> LetterFacts:
    proposal = session.get(SanctionProposal, proposal_id)
    if proposal is None:
        raise NotFoundError(_("This sanction proposal is no longer in the database."))
    absence = session.get(Absence, proposal.absence_id)
    person = session.get(Person, proposal.person_id)
    if absence is None or person is None:
        raise NotFoundError(_("This sanction proposal is no longer in the database."))
    street = " ".join(x for x in (person.residence_address, person.residence_number) if x)
    town = " ".join(x for x in (person.residence_postcode, person.residence_town) if x)
    return LetterFacts(
        proposal.id, person.id, person.fiscal_code, person.surname, person.name,
        ", ".join(x for x in (street, town) if x), absence.scheduled_at,
        absence.window_until, proposal.ordinal, proposal.sanction, proposal.benefit,
        proposal.wording, table.rule_heading(),
        proposal.created_at.astimezone().date() if proposal.created_at else clock.today())


@dataclass(frozen=True)
class Review:
    new_absences: int
    proposals: int
    items: tuple[AbsenceInfo, ...]


def review(db: Database, actor: Actor, config: ConditionalityConfig,
           now: dt.datetime | None = None) -> Review:
    """One pass of the condizionalità list: record the new absences, turn the expired
    windows into proposals, and return the list to show."""
    at = now or clock.now()
    new = absences_module.record_absences(db, actor, config, at)
    done = propose_due(db, actor, at.astimezone().date())
    return Review(len(new), sum(1 for d in done if d.status == "sanctioned"),
                  tuple(worklist(db, actor)))
