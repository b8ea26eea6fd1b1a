"""Patto di servizio personalizzato: an agreement and its append-only versions.

A version is never updated: a correction adds a version that names the one it
replaces. Each version freezes, as canonical JSON, everything that was printed
(identity and contacts as printed, DID date, profiling, measures, appointments,
obligations text, operator, place and date), so a reprint is byte-identical
whatever has changed in the person's record since.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey


class Agreement(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "agreement"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    #: Document number printed on every version, e.g. "PS-FI01-20261125-3F2A9C".
    number: Mapped[str] = mapped_column(String(40), unique=True)
    centre_code: Mapped[str] = mapped_column(String(20))
    #: When the first version was signed (the patto deadline indicator reads it).
    signed_on: Mapped[dt.date | None] = mapped_column(default=None, index=True)


class AgreementVersion(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "agreement_version"
    __table_args__ = (UniqueConstraint("agreement_id", "version"),)

    agreement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    #: The version this one corrects (None for the first).
    replaces_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("agreement_version.id", ondelete="CASCADE"), default=None)
    #: Canonical JSON of desktop.documents.agreement.AgreementData.
    snapshot: Mapped[str] = mapped_column(Text)
    snapshot_sha256: Mapped[str] = mapped_column(String(64))
    #: Who saved the version.
    operator_username: Mapped[str] = mapped_column(String(60))
    #: The responsible operator printed on the Patto (an account allowed to sign).
    responsible_username: Mapped[str] = mapped_column(String(60), default="",
                                                      server_default="")
    reason: Mapped[str] = mapped_column(String(500), default="")
