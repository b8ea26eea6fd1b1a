"""The editions of the Carta dei servizi a centre adopted: number and effective date.

A row is written when the centre manager adopts a version of an edition; the printed
Carta takes its number and "in force from" date from the latest row, never from the
print date, so reprints of the same edition carry the same document number.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UUIDPrimaryKey, utcnow


class CharterEdition(UUIDPrimaryKey, Base):
    __tablename__ = "charter_edition"
    __table_args__ = (UniqueConstraint("centre_code", "edition", "number"),)

    centre_code: Mapped[str] = mapped_column(String(20))
    #: "cittadini" | "imprese" | "disabili"
    edition: Mapped[str] = mapped_column(String(20))
    #: 1, 2, ... per centre and edition; the same for its Italian and English texts.
    number: Mapped[int]
    effective_from: Mapped[dt.date] = mapped_column(Date)
    adopted_on: Mapped[dt.date] = mapped_column(Date)
    adopted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    adopted_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operator.id"))
