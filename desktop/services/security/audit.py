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
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, SportelloError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models import Operator
from desktop.models.audit import AuditEntry
from desktop.models.base import utcnow
from desktop.models.person_lookup import person_by_code
from desktop.services.security import audit_anchor
from desktop.services.security.audit_anchor import Checkpoint
from desktop.services.security.permissions import Permission, require
from wire.audit import Mismatch, first_mismatch

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
    audit_anchor.note(session, seq, digest, station)
    return seq


def appended(session: Session, first: int, last: int, digest: str) -> None:
    """Entries ``first`` to ``last`` (``digest`` the hash of ``last``) were written in
    this transaction without :func:`record` (the bulk import's fast path): anchor them."""
    audit_anchor.note(session, last, digest, _station["name"], first)


def checkpoint(db: Database) -> Checkpoint | None:
    """Anchor the chain's head now, for this workstation (sync round, closing)."""
    return audit_anchor.checkpoint_now(db, _station["name"])


def checkpoint_at_close(db: Database) -> None:
    """:func:`checkpoint` as the application closes: a failure is logged, never raised."""
    try:
        checkpoint(db)
    except (SportelloError, SQLAlchemyError, OSError) as exc:
        log.warning("audit checkpoint at close failed: %s", type(exc).__name__)


# -- verification -------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    #: Sequence number of the first entry that does not match, if any.
    first_broken: int | None = None
    reason: str = ""
    #: How many checkpoints (sealed copy and region) the chain was compared with.
    checkpoints: int = 0
    #: What the check could not cover (no sealed copy, no key), said to the person.
    notes: tuple[str, ...] = ()


def _rows(session: Session) -> Iterable[AuditEntry]:
    return session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).yield_per(2000)


def verify(db: Database, region: tuple[Checkpoint, ...] = ()) -> VerifyResult:
    """Walk the whole chain; stop at the first entry whose hash or link is wrong; then
    compare its head with the sealed copy and ``region`` (the server's checkpoints)."""
    anchor = audit_anchor.read_anchor(db)
    wanted = {seq for seq, _h in audit_anchor.iter_checkpoints(anchor.checkpoints, region)}
    hash_at: dict[int, str] = {}
    expected_prev, expected_seq, count = GENESIS, 1, 0
    with db.read() as session:
        for row in _rows(session):
            count += 1
            if row.seq != expected_seq:
                return VerifyResult(False, count, expected_seq,
                                    _("entry {seq} is missing").format(seq=expected_seq))
            if row.prev_hash != expected_prev:
                return VerifyResult(False, count, row.seq,
                                    _("link to the previous entry broken"))
            payload = canonical(row.seq, row.at, row.operator_id, row.operator_username,
                                row.workstation, row.action, row.target_type, row.target_id,
                                row.detail, row.prev_hash)
            if entry_hash(payload) != row.hash:
                return VerifyResult(False, count, row.seq,
                                    _("content does not match its hash"))
            if row.seq in wanted:
                hash_at[row.seq] = row.hash
            expected_prev, expected_seq = row.hash, row.seq + 1
    return _against_anchors(anchor, region, count, expected_seq - 1, hash_at)


def _against_anchors(anchor: audit_anchor.AnchorRead, region: tuple[Checkpoint, ...],
                     count: int, last_seq: int, hash_at: dict[int, str]) -> VerifyResult:
    checked = len(anchor.checkpoints) + len(region)
    notes: list[str] = []
    if anchor.bad_lines:
        return VerifyResult(False, count, None, _(
            "the sealed copy {path} was altered (line {line}): it no longer matches its "
            "signature").format(path=anchor.path, line=anchor.bad_lines[0]), checked)
    if anchor.path is not None and not anchor.present and anchor.keyed:
        return VerifyResult(False, count, None, _(
            "the sealed copy {path} was removed, though its key exists").format(
                path=anchor.path), checked)
    for source, where in ((anchor.checkpoints, _("the sealed copy")),
                          (region, _("the regional server"))):
        found = first_mismatch(audit_anchor.iter_checkpoints(source), last_seq, hash_at)
        if found is not None:
            return VerifyResult(False, count, found.first_broken, _explain(found, where),
                                checked)
    if anchor.path is not None and not anchor.present:
        notes.append(_("This database has no sealed copy yet: entries removed from its end "
                       "could not be detected locally."))
    elif anchor.present and not anchor.keyed:
        notes.append(_("The key of the sealed copy is missing: its lines were read without "
                       "checking their signature."))
    return VerifyResult(True, count, checkpoints=checked, notes=tuple(notes))


def describe(result: VerifyResult) -> str:
    """The result as one sentence for the responsabile (the window and the command)."""
    if result.ok:
        return _("Audit log intact: {count} entries checked.").format(count=result.entries)
    if result.first_broken is None:
        return _("Audit log BROKEN: {reason}.").format(reason=result.reason)
    return _("Audit log BROKEN at entry {seq}: {reason}. Entries before it are intact."
             ).format(seq=result.first_broken, reason=result.reason)


def _explain(found: Mismatch, where: str) -> str:
    if found.problem == "truncated":
        return _("entries from {first} on were deleted: {where} records entry {seq}").format(
            first=found.first_broken, where=where, seq=found.checkpoint_seq)
    return _("entries from {first} to {seq} were rewritten: entry {seq} no longer has the "
             "hash {where} recorded").format(first=found.first_broken, seq=found.checkpoint_seq,
                                             where=where)


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
