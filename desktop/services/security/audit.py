"""The audit log: who read or changed what, from which workstation, and when.

Other services call :func:`record` inside their own transaction, so an action and
its audit line commit or roll back together::

    with db.transaction() as session:
        person = ...
        audit.record(session, actor, "person.read", "person", person.id)

Entries hold identifiers only (operator id and user name, the target's id), never
names, codici fiscali or free text typed by a person. Each entry's ``hash`` covers
its canonical fields and the previous entry's hash; :func:`verify` walks the chain
and names the first entry that does not match.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models import Operator
from desktop.models.audit import AuditEntry
from desktop.models.base import utcnow
from desktop.models.person_lookup import person_by_code
from desktop.services.security.permissions import Permission, require

log = logging.getLogger(__name__)

#: The hash that the first entry chains to.
GENESIS = "0" * 64

#: The workstation name recorded in every entry, set once at start-up by ``configure``.
_station = {"name": "postazione"}


def configure(workstation: str) -> None:
    """Set the workstation name recorded in every entry (from Settings.workstation)."""
    _station["name"] = (workstation or "postazione")[:100]


def workstation() -> str:
    return _station["name"]


class AuditActor(Protocol):
    """Who acts: an OperatorInfo, or None for an unidentified attempt."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def username(self) -> str: ...

    @property
    def role(self) -> str: ...


def canonical(seq: int, at: dt.datetime, operator_id: uuid.UUID | None, username: str,
              station: str, action: str, target_type: str, target_id: str, detail: str,
              prev_hash: str) -> bytes:
    """The bytes an entry's hash covers: stable JSON of every field but the hash."""
    naive = at.astimezone(dt.UTC).replace(tzinfo=None) if at.tzinfo else at
    fields = [seq, naive.isoformat(timespec="microseconds"),
              str(operator_id) if operator_id else "", username, station, action,
              target_type, target_id, detail, prev_hash]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def _lock_chain(session: Session) -> None:
    """Serialise appends so two workstations never chain to the same entry.

    SQLite already holds the write lock (BEGIN IMMEDIATE); PostgreSQL takes a
    transaction-scoped advisory lock.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": 0x53505254})


def record(session: Session, actor: AuditActor | None, action: str, target_type: str = "",
           target_id: object = "", detail: str = "", *, at: dt.datetime | None = None,
           station: str | None = None) -> int:
    """Append one entry in the caller's transaction; returns its sequence number.

    ``target_id`` is an identifier (a UUID, a number); ``detail`` a short technical
    note without personal data. ``at`` and ``station`` default to now and this
    workstation (the demo data sets them).
    """
    _lock_chain(session)
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = at or utcnow()
    station = (station or _station["name"])[:100]
    operator_id = actor.id if actor is not None else None
    username = actor.username[:60] if actor is not None else ""
    fields = (action[:40], target_type[:40], str(target_id or "")[:64], detail[:200])
    digest = entry_hash(canonical(seq, at, operator_id, username, station, *fields, prev))
    session.add(AuditEntry(
        seq=seq, at=at, operator_id=operator_id, operator_username=username,
        workstation=station, action=fields[0], target_type=fields[1],
        target_id=fields[2], detail=fields[3], prev_hash=prev, hash=digest))
    session.flush()
    return seq


# -- verification -------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    #: Sequence number of the first entry that does not match, if any.
    first_broken: int | None = None
    reason: str = ""


def _rows(session: Session) -> Iterable[AuditEntry]:
    return session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).yield_per(2000)


def verify(db: Database) -> VerifyResult:
    """Walk the whole chain; stop at the first entry whose hash or link is wrong."""
    expected_prev, expected_seq, count = GENESIS, 1, 0
    with db.read() as session:
        for row in _rows(session):
            count += 1
            if row.seq != expected_seq:
                return VerifyResult(False, count, expected_seq,
                                    f"entry {expected_seq} is missing")
            if row.prev_hash != expected_prev:
                return VerifyResult(False, count, row.seq, "link to the previous entry broken")
            payload = canonical(row.seq, row.at, row.operator_id, row.operator_username,
                                row.workstation, row.action, row.target_type, row.target_id,
                                row.detail, row.prev_hash)
            if entry_hash(payload) != row.hash:
                return VerifyResult(False, count, row.seq, "content does not match its hash")
            expected_prev, expected_seq = row.hash, row.seq + 1
    return VerifyResult(True, count)


# -- reading, for the responsabile ---------------------------------------------------------


@dataclass(frozen=True)
class AuditLine:
    seq: int
    at: dt.datetime
    operator_username: str
    workstation: str
    action: str
    target_type: str
    target_id: str
    detail: str


def _line(row: AuditEntry) -> AuditLine:
    return AuditLine(row.seq, row.at, row.operator_username, row.workstation, row.action,
                     row.target_type, row.target_id, row.detail)


#: At most this many lines are returned by one query (the newest first).
MAX_LINES = 2000


def person_history(db: Database, actor: AuditActor, fiscal_code: str) -> list[AuditLine]:
    """Who looked at or changed the person with this codice fiscale (newest first).

    The search is itself audited.
    """
    require(actor, Permission.AUDIT_READ, db)
    code = fiscal_code.strip().upper()
    if not code or len(code) > 16 or not code.isalnum():
        raise ValidationError(_("Enter a codice fiscale (16 letters and digits, or 11 "
                                "digits)."), {"fiscal_code": _("Not valid")})
    with db.transaction() as session:
        person = person_by_code(session, code)
        person_id = person.id if person is not None else None
        if person_id is None:
            raise NotFoundError(_("No person with this codice fiscale is registered here."))
        record(session, actor, "audit.query", "person", person_id)
        rows = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.target_type == "person", AuditEntry.target_id == str(person_id))
            .order_by(AuditEntry.seq.desc()).limit(MAX_LINES)).all()
        return [_line(r) for r in rows]


def operator_day(db: Database, actor: AuditActor, username: str,
                 day: dt.date) -> list[AuditLine]:
    """What an operator did on a day (local calendar day, shown oldest first)."""
    require(actor, Permission.AUDIT_READ, db)
    start = dt.datetime.combine(day, dt.time()).astimezone(dt.UTC)
    end = start + dt.timedelta(days=1)
    with db.transaction() as session:
        operator_id = session.scalars(
            select(Operator.id).where(Operator.username == username)).first()
        if operator_id is None:
            raise NotFoundError(_("There is no operator with this user name."))
        record(session, actor, "audit.query", "operator", operator_id, day.isoformat())
        rows = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.operator_id == operator_id, AuditEntry.at >= start,
                   AuditEntry.at < end)
            .order_by(AuditEntry.seq).limit(MAX_LINES)).all()
        return [_line(r) for r in rows]


def count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def recent(db: Database, actor: AuditActor, limit: int = 200) -> list[AuditLine]:
    """The newest entries (for the audit window's first view)."""
    require(actor, Permission.AUDIT_READ, db)
    limit = max(1, min(limit, MAX_LINES))
    with db.read() as session:
        rows = session.scalars(
            select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)).all()
        return [_line(r) for r in rows]
