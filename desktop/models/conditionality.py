"""Condizionalità (art. 21 D.Lgs. 150/2015): absences at convocations, their
justification and the sanction proposals that follow an unjustified one."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey


class Absence(UUIDPrimaryKey, Timestamps, Base):
    """A person did not come to a convocation: a justification window opens."""

    __tablename__ = "conditionality_absence"

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True)
    #: The appointment missed (one absence per appointment).
    appointment_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    scheduled_at: Mapped[dt.datetime]
    #: The last day a justification is accepted (inclusive, local date).
    window_until: Mapped[dt.date]
    #: open, justified, sanctioned
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    reason: Mapped[str] = mapped_column(String(300), default="")
    document_ref: Mapped[str] = mapped_column(String(120), default="")
    justified_at: Mapped[dt.datetime | None]
    justified_by: Mapped[str] = mapped_column(String(60), default="")


class SanctionProposal(UUIDPrimaryKey, Timestamps, Base):
    """What the art. 21 c.7 table gives for an unjustified absence, sent to the region."""

    __tablename__ = "sanction_proposal"

    absence_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conditionality_absence.id", ondelete="CASCADE"), unique=True)
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True)
    #: 1 for the first unjustified absence, 2 for the second, 3 and more: decadenza.
    ordinal: Mapped[int]
    #: quarter_month | one_month | decadenza | status_loss
    sanction: Mapped[str] = mapped_column(String(20))
    #: Whether the person receives NASpI/DIS-COLL (the DID's flag at the proposal).
    benefit: Mapped[bool]
    #: The Patto's own wording of the consequence, as printed in the letter.
    wording: Mapped[str] = mapped_column(String(500))
    proposed_by: Mapped[str] = mapped_column(String(60), default="")
