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
    #: Art. 1 c.1 basis: "invalido_civile" (> 45 %), "invalido_lavoro" (> 33 %),
    #: "non_vedente", "sordo", "invalido_guerra_servizio"; "" for art. 18.
    basis: Mapped[str] = mapped_column(String(30), default="", server_default="")
    #: Verbale of the commissione medica: number and date.
    report_number: Mapped[str] = mapped_column(String(40), default="", server_default="")
    report_date: Mapped[dt.date | None] = mapped_column(default=None)
    #: Reference to the relazione conclusiva / diagnosi funzionale.
    functional_report: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: Work limitation codes (resources/l68/limitations.yaml), comma separated.
    limitations: Mapped[str] = mapped_column(String(300), default="", server_default="")
    limitations_note: Mapped[str] = mapped_column(String(500), default="", server_default="")
