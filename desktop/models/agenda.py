"""The agenda's configuration: when each operator takes appointments.

The appointments themselves are ``queue_appointment`` (desktop.models.queue.Appointment),
one table the agenda books into and the queue reads.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Time
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey


class OperatorHours(UUIDPrimaryKey, Timestamps, Base):
    """When an operator takes appointments at a site: one row per weekday and span
    (configuration of the agenda; an operator without rows follows the site's hours)."""

    __tablename__ = "agenda_operator_hours"

    operator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("operator.id"), index=True)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"))
    #: 0 = Monday ... 6 = Sunday.
    weekday: Mapped[int]
    start: Mapped[dt.time] = mapped_column(Time)
    end: Mapped[dt.time] = mapped_column(Time)

