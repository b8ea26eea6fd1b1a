"""Each change of a vacancy's status, with its reason, kept for the firm's file."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UUIDPrimaryKey, utcnow


class VacancyStatusChange(UUIDPrimaryKey, Base):
    """One step of a vacancy's life: entered, published, suspended, closed."""

    __tablename__ = "vacancy_status_change"

    vacancy_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("vacancy.id", ondelete="CASCADE"), index=True)
    #: The status it moved to.
    status: Mapped[str] = mapped_column(String(20))
    #: A reason code of services/firms/vacancy_lifecycle.py ("" for entry and publishing).
    reason: Mapped[str] = mapped_column(String(30), default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    operator: Mapped[str] = mapped_column(String(60), default="")
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
