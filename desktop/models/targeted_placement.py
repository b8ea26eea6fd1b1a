"""Collocamento mirato (L. 68/1999) enrolment: health data, in a table of its own.

Only services that check ``Permission.TARGETED_PLACEMENT_READ`` read it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey


class TargetedPlacementEnrolment(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "l68_enrolment"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    enrolled_on: Mapped[dt.date]
    #: "disabile" (art. 1) or "categoria protetta" (art. 18).
    category: Mapped[str] = mapped_column(String(40))
    disability_percent: Mapped[int] = mapped_column(Integer, default=0)
    assessment_date: Mapped[dt.date | None] = mapped_column(default=None)
    notes: Mapped[str] = mapped_column(String(1000), default="")
