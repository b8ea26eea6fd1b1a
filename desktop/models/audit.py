"""The audit log: one append-only row per read, change, print, export or login.

Rows are chained: ``hash`` covers the entry's canonical fields and the previous
entry's hash, so editing or deleting any row breaks the chain from there on
(``sportello audit verify``). Rows hold identifiers only, never names or codes.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_target", "target_type", "target_id"),)

    #: Position in the chain (1, 2, 3 ...).
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    operator_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    operator_username: Mapped[str] = mapped_column(String(60))
    workstation: Mapped[str] = mapped_column(String(100))
    #: e.g. "login", "login.failed", "person.read", "person.export", "backup".
    action: Mapped[str] = mapped_column(String(40))
    #: e.g. "person", "operator", "database"; "" when nothing in particular.
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(64))
    #: Short technical note without personal data (a reason code, a file name).
    detail: Mapped[str] = mapped_column(String(200))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
