"""The DID's lifecycle: which declaration is in force for a person.

A person has at most one active DID; the other areas (Patto, actions, indicators) ask
this module for it instead of picking a row themselves, so the rule lives in one place.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.registration import Did


def active_did(session: Session, person_id: uuid.UUID) -> Did | None:
    """The DID in force for ``person_id`` (the latest declared), or None."""
    return session.scalars(
        select(Did).where(Did.person_id == person_id)
        .order_by(Did.did_date.desc(), Did.created_at.desc())).first()
