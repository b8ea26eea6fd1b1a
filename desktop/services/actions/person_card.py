"""What the counter shows of one person's active policies: the measures of their patto,
the actions already delivered and the placements (read-only, no Qt).

The patto is read, never written, here: its latest version's snapshot lists the agreed
measures by their printed type ("Orientamento di base"…); :func:`catalogue_code_for`
finds the catalogue measure an action delivering it will store.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from desktop.documents.agreement_data import from_json
from desktop.infra.database import Database
from desktop.models.agreement import Agreement, AgreementVersion
from desktop.services.actions import (
    ActionRecord,
    PlacementRecord,
    actions_of_person,
    placements_of_person,
)
from desktop.services.actions.catalogue import Measure, load_catalogue
from desktop.services.people.did import active_did
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require


@dataclass(frozen=True)
class PattoMeasure:
    """One measure agreed in the person's patto, as printed."""

    kind: str
    description: str
    provider: str
    start: dt.date | None
    end: dt.date | None
    #: The catalogue measure it corresponds to ("" when none does).
    measure_code: str


@dataclass(frozen=True)
class PersonActions:
    person_id: uuid.UUID
    #: Date of the DID in force (None: the person has none, no action can be recorded).
    did_date: dt.date | None
    #: Number of the patto whose measures are listed ("" without a patto).
    agreement_number: str
    measures: tuple[PattoMeasure, ...]
    actions: tuple[ActionRecord, ...]
    placements: tuple[PlacementRecord, ...]


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def catalogue_code_for(kind: str, catalogue: tuple[Measure, ...] | None = None) -> str:
    """The code of the catalogue measure whose label names the patto's ``kind``.

    Labels are compared by their words, ignoring case and punctuation; one containing
    the other is a match ("Tirocinio extracurriculare" is "Tirocinio"). "" when none is.
    """
    wanted = _words(kind)
    if not wanted:
        return ""
    for measure in catalogue or load_catalogue():
        label = _words(measure.label)
        if label == wanted or label in wanted or wanted in label:
            return measure.code
    return ""


def person_actions(db: Database, actor: AuditActor, person_id: uuid.UUID) -> PersonActions:
    """The person's DID date, patto measures, actions delivered and placements."""
    require(actor, Permission.PERSON_READ, db)
    catalogue = load_catalogue()
    with db.read() as session:
        did = active_did(session, person_id)
        did_date = did.did_date if did is not None else None
        latest = session.execute(
            select(Agreement.number, AgreementVersion.snapshot)
            .join(AgreementVersion, AgreementVersion.agreement_id == Agreement.id)
            .where(Agreement.person_id == person_id)
            .order_by(Agreement.created_at.desc(), AgreementVersion.version.desc())
            .limit(1)).first()
    number = ""
    measures: tuple[PattoMeasure, ...] = ()
    if latest is not None:
        number = latest[0]
        measures = tuple(
            PattoMeasure(m.kind, m.description, m.provider, m.start, m.end,
                         catalogue_code_for(m.kind, catalogue))
            for m in from_json(latest[1]).measures)
    return PersonActions(person_id, did_date, number, measures,
                         actions_of_person(db, actor, person_id),
                         placements_of_person(db, actor, person_id))
