"""A candidate's consent to send their CV and contacts to the firm of one vacancy.

One row per person and vacancy: given at the counter (or by phone, e-mail, signed
form), withdrawn at any time. Only a consent in force lets the named rosa carry the
person's phone and e-mail, and a CV go to the firm.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey, utcnow


class CandidateConsent(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "candidate_consent"
    __table_args__ = (UniqueConstraint("person_id", "vacancy_id"),)

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True)
    vacancy_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("vacancy.id", ondelete="CASCADE"), index=True)
    given_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: Username of the operator who recorded it (the last give or withdrawal).
    operator: Mapped[str] = mapped_column(String(60), default="")
    #: "sportello", "telefono", "email", "modulo".
    channel: Mapped[str] = mapped_column(String(20), default="sportello")
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(default=None)
