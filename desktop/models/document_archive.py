"""Archive of printed documents: what was printed, for whom, by whom, when.

The PDF itself is not stored: every printout is rebuilt from its inputs (an
agreement version's snapshot, a charter's edition, language and date) and the
stored SHA-256 proves the reprint is the same document.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey, utcnow


class PrintedDocument(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "printed_document"

    #: "agreement", "charter", "receipt", "ticket", "shortlist", ...
    kind: Mapped[str] = mapped_column(String(30), index=True)
    number: Mapped[str] = mapped_column(String(60), index=True)
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int]
    size_bytes: Mapped[int]
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True, default=None)
    agreement_version_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("agreement_version.id", ondelete="CASCADE"), default=None)
    #: JSON of what is needed to rebuild the document (edition, language, date...).
    params: Mapped[str] = mapped_column(Text, default="{}")
    operator_username: Mapped[str] = mapped_column(String(60))
    printed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
