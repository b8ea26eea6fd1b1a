"""Complaints (reclami) and satisfaction ratings of a site.

A complaint names a person only when they gave their name (``person_id`` and
``complainant`` stay empty otherwise). A rating is tied to the service, the counter and
the day, never to a ticket or a person.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey, utcnow


class Complaint(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "complaint"
    __table_args__ = (Index("ix_complaint_site_deadline", "site_id", "deadline"),)

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"))
    #: "R-2026-0007": given at the counter, printed on the acknowledgement.
    number: Mapped[str] = mapped_column(String(20), unique=True)
    #: "counter" | "letter" | "email" | "pec"
    channel: Mapped[str] = mapped_column(String(10))
    received_on: Mapped[dt.date] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    #: The ticket prefix of the service concerned ("" when not said).
    service_prefix: Mapped[str] = mapped_column(String(2), default="")
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    #: Name and address for the answer, only when the person gave them.
    complainant: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(300), default="")
    #: received_on + the days the Carta promises for an answer.
    deadline: Mapped[dt.date] = mapped_column(Date)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_on: Mapped[dt.date | None] = mapped_column(Date)
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operator.id"))


class SatisfactionRating(UUIDPrimaryKey, Base):
    __tablename__ = "satisfaction_rating"
    __table_args__ = (Index("ix_satisfaction_rating_site_day", "site_id", "day"),)

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id"))
    counter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("counter.id"))
    #: 1 unhappy, 2 neutral, 3 happy (the three faces of "Mettiamoci la faccia").
    face: Mapped[int] = mapped_column(SmallInteger)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
