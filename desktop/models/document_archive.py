"""Archive of printed documents: what was printed, for whom, by whom, when.

Printed means archived: the row keeps the very PDF bytes that were printed or
saved, so a reprint gives the same document whatever the code or ReportLab do
later; the stored SHA-256 checks those bytes on every reprint. Rows archived
before revision 0820 have no bytes (``pdf`` is NULL): an agreement among them is
rebuilt from its version's snapshot and checked against the hash.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, LargeBinary, String, Text
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
    #: The bytes printed or saved (NULL only for rows archived before revision 0820).
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, deferred=True)
