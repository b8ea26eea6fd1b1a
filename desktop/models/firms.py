"""The Imprese counter's registry: a firm's sites and contacts, and the services given to it.

The firm itself is ``Employer`` (desktop/models/matching.py), shared with the matching.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey


class EmployerSite(UUIDPrimaryKey, Timestamps, Base):
    """A sede operativa of a firm (the registered office is on the employer row)."""

    __tablename__ = "employer_site"

    employer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("employer.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200), default="")
    #: Belfiore code of the site's comune.
    comune_code: Mapped[str] = mapped_column(String(4), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")


class EmployerContact(UUIDPrimaryKey, Timestamps, Base):
    """A person the centre talks to at the firm."""

    __tablename__ = "employer_contact"

    employer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("employer.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")


class FirmAction(UUIDPrimaryKey, Timestamps, Base):
    """One service the centre delivered to a firm (resources/firms/services.yaml)."""

    __tablename__ = "firm_action"
    __table_args__ = (Index("ix_firm_action_date_type", "action_date", "service_code"),)

    employer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("employer.id", ondelete="CASCADE"), index=True)
    action_date: Mapped[dt.date] = mapped_column(Date)
    service_code: Mapped[str] = mapped_column(String(40))
    operator_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    operator_username: Mapped[str] = mapped_column(String(100), default="")
    #: The firm's site the service was for (None: the firm as a whole).
    employer_site_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employer_site.id", ondelete="SET NULL"), default=None)
    #: The centre's site that delivered it.
    site_code: Mapped[str] = mapped_column(String(20), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
