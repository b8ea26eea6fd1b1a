"""The anchors of the audit chain: where deleting the database's rows cannot reach.

The chain in ``audit_entry`` proves that no entry was edited *given its head*; whoever can
write the database can also cut the newest entries off, or rewrite an entry and recompute
every later hash. Two anchors keep the head somewhere else (docs/security.md):

* the **sealed copy**, ``<database>.audit-anchor`` next to a SQLite file: after every commit
  that added entries, one line ``{workstation, seq, hash, count, at, mac}`` is appended,
  signed with HMAC-SHA256. The key is not in the database: it is kept by the operating
  system's credential store (:mod:`desktop.infra.keystore`), or, on a PC without one, in
  ``<database>.audit-key`` readable by its owner only;
* the **regional checkpoints**: every :data:`SERVER_EVERY` entries, and at each sync round
  and application close (:func:`checkpoint_now`), the head travels to the regional server
  through the outbox as an ``audit_checkpoint`` record; the server keeps them per
  workstation and flags one that goes backwards.

:func:`desktop.services.security.audit.verify` compares the chain with both.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import secrets
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from desktop.infra import keystore
from desktop.infra.database import Database
from desktop.models.audit import AuditEntry
from desktop.models.sync import OutboxEntry
from desktop.sync import outbox
from wire.protocol import AUDIT_CHECKPOINT

log = logging.getLogger(__name__)

KEYRING_SERVICE = "Sportello audit anchor"
ANCHOR_SUFFIX = ".audit-anchor"
KEY_SUFFIX = ".audit-key"
KEY_BYTES = 32
#: A checkpoint goes to the region every this many entries (and at sync and close).
SERVER_EVERY = 100
#: Past this size the sealed copy is thinned (one line per THIN_STEP entries, the recent
#: lines kept whole), so that it stays small after years of use.
MAX_ANCHOR_BYTES = 1024 * 1024
THIN_STEP = 1000
KEEP_RECENT = 2000

_lock = threading.Lock()
_keys: dict[Path, bytes] = {}


@dataclass(frozen=True)
class Checkpoint:
    workstation: str
    seq: int
    hash: str
    count: int
    at: str

    def fields(self) -> dict[str, Any]:
        return {"workstation": self.workstation, "seq": self.seq, "hash": self.hash,
                "count": self.count, "at": self.at}


@dataclass(frozen=True)
class AnchorRead:
    """What the sealed copy holds, as found."""

    path: Path | None
    present: bool = False
    #: The key exists (the credential store or the key file).
    keyed: bool = False
    checkpoints: tuple[Checkpoint, ...] = ()
    #: Line numbers (from 1) whose signature or shape is wrong.
    bad_lines: tuple[int, ...] = field(default_factory=tuple)


# -- where the anchor and its key live -------------------------------------------------------


def anchor_path(database: Path) -> Path:
    return database.with_name(database.name + ANCHOR_SUFFIX)


def _key_file(database: Path) -> Path:
    return database.with_name(database.name + KEY_SUFFIX)


def _account(database: Path) -> str:
    return str(database.resolve())


def load_key(database: Path) -> bytes | None:
    """The anchor's key of ``database``, or None when it never had one."""
    database = database.resolve()
    cached = _keys.get(database)
    if cached is not None:
        return cached
    stored = keystore.get_secret(KEYRING_SERVICE, _account(database))
    try:
        if not stored and _key_file(database).exists():
            stored = _key_file(database).read_text(encoding="ascii").strip()
        key = bytes.fromhex(stored or "")
    except (OSError, ValueError):  # a damaged key file: as good as none (verify says so)
        log.warning("audit anchor key unreadable")
        return None
    if len(key) != KEY_BYTES:
        return None
    _keys[database] = key
    return key


def forget_cached_keys() -> None:
    """Drop the keys read so far (they are read again from where they are kept)."""
    _keys.clear()


def _key_for_writing(database: Path) -> bytes:
    key = load_key(database)
    if key is not None:
        return key
    secret = secrets.token_hex(KEY_BYTES)
    if not keystore.set_secret(KEYRING_SERVICE, _account(database), secret):
        fd = os.open(_key_file(database), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secret + "\n")
    _keys[database.resolve()] = bytes.fromhex(secret)
    return _keys[database.resolve()]


def retire(database: Path) -> Path | None:
    """Set the anchor of ``database`` aside (a new database replaces it legitimately:
    ``demo --reset``, a restore) and start an empty one; returns where the old one went.
    The key stays. A restore calls it before writing its own audit line."""
    source = anchor_path(database)
    if not source.exists():
        return None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = source.with_name(f"{source.name}.{stamp}")
    source.replace(target)
    source.touch()  # an empty sealed copy: the new chain is anchored from its next entry
    return target


# -- signing and the sealed copy -------------------------------------------------------------


def _mac(key: bytes, checkpoint: Checkpoint) -> str:
    body = json.dumps(checkpoint.fields(), sort_keys=True, separators=(",", ":"))
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def seal(database: Path, checkpoint: Checkpoint) -> None:
    """Append ``checkpoint``, signed, to the sealed copy of ``database``."""
    with _lock:
        key = _key_for_writing(database)
        line = json.dumps({**checkpoint.fields(), "mac": _mac(key, checkpoint)},
                          separators=(",", ":"))
        path = anchor_path(database)
        with path.open("ab") as handle, _exclusive(handle):
            handle.write((line + "\n").encode("utf-8"))
            handle.flush()
            large = path.stat().st_size > MAX_ANCHOR_BYTES
        if large:  # closed first: Windows replaces no file that is open
            _thin(path)


@contextmanager
def _exclusive(handle: BinaryIO) -> Iterator[None]:
    """Hold the sealed copy against other processes appending to it (a command run while
    the application is open): whole lines, never two interleaved."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
        try:
            handle.seek(0, os.SEEK_END)
            yield
        finally:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _thin(path: Path) -> None:
    """Keep one line per THIN_STEP entries and the KEEP_RECENT newest, atomically."""
    lines = path.read_text(encoding="utf-8").splitlines()
    kept: list[str] = []
    step = -1
    for number, line in enumerate(lines):
        try:
            seq = int(json.loads(line)["seq"])
        except (ValueError, KeyError, TypeError):
            kept.append(line)  # a damaged line stays: verify must still see it
            continue
        if number >= len(lines) - KEEP_RECENT or seq // THIN_STEP != step:
            kept.append(line)
            step = seq // THIN_STEP
    partial = path.with_name(path.name + ".thinning")
    partial.write_text("\n".join(kept) + "\n", encoding="utf-8")
    partial.replace(path)


def _parse(line: str, key: bytes | None) -> Checkpoint | None:
    try:
        data = json.loads(line)
        checkpoint = Checkpoint(str(data["workstation"]), int(data["seq"]), str(data["hash"]),
                                int(data["count"]), str(data["at"]))
        mac = str(data["mac"])
    except (ValueError, KeyError, TypeError):
        return None
    if key is not None and not hmac.compare_digest(mac, _mac(key, checkpoint)):
        return None
    return checkpoint


def read_anchor(db: Database) -> AnchorRead:
    """The sealed copy of ``db`` (nothing for a database that is not a SQLite file)."""
    database = db.file
    if database is None:
        return AnchorRead(None)
    path = anchor_path(database)
    key = load_key(database)
    if not path.exists():
        return AnchorRead(path, keyed=key is not None)
    good: list[Checkpoint] = []
    bad: list[int] = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            checkpoint = _parse(line, key)
            if checkpoint is None:
                bad.append(number)
            else:
                good.append(checkpoint)
    return AnchorRead(path, True, key is not None, tuple(good), tuple(bad))


# -- recording checkpoints -------------------------------------------------------------------

_PENDING = "audit_anchor_pending"


def note(session: Session, seq: int, digest: str, station: str,
         first: int | None = None) -> None:
    """Called for new entries ``first`` to ``seq`` (default: just ``seq``), ``digest``
    the hash of ``seq``, inside the caller's transaction.

    The sealed copy is written once the transaction commits (never for one rolled back);
    when the entries reach a multiple of :data:`SERVER_EVERY`, a checkpoint of the newest
    joins the outbox in this transaction.
    """
    checkpoint = Checkpoint(station, seq, digest, seq, _now())
    database = _database_of(session)
    if database is not None:
        session.info[_PENDING] = (database, checkpoint)
    if seq // SERVER_EVERY > ((seq if first is None else first) - 1) // SERVER_EVERY:
        _to_outbox(session, checkpoint)


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def _database_of(session: Session) -> Path | None:
    url = session.get_bind().engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _to_outbox(session: Session, checkpoint: Checkpoint) -> None:
    outbox.record(session, AUDIT_CHECKPOINT, uuid.uuid4(), "create", checkpoint.fields())


@event.listens_for(Session, "after_commit")
def _sealed_after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending is None:
        return
    database, checkpoint = pending
    try:
        seal(database, checkpoint)
    except OSError as exc:  # the action is committed: say so in the log, never undo it
        log.warning("audit anchor not written: %s", type(exc).__name__)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _last_sent(session: Session) -> tuple[int, str]:
    """The head the newest checkpoint in the outbox named ((0, "") when none)."""
    rows = session.scalars(select(OutboxEntry.payload).where(
        OutboxEntry.kind == AUDIT_CHECKPOINT).order_by(OutboxEntry.seq.desc()).limit(1))
    for payload in rows:
        fields = payload.get("fields") or {}
        return int(fields.get("seq", 0)), str(fields.get("hash", ""))
    return 0, ""


def checkpoint_now(db: Database, station: str) -> Checkpoint | None:
    """Anchor the current head now (sync round, application close): sealed copy and,
    when the region has not had it yet, the outbox. None for an empty chain."""
    with db.transaction() as session:
        head = session.execute(select(AuditEntry.seq, AuditEntry.hash)
                               .order_by(AuditEntry.seq.desc()).limit(1)).first()
        if head is None:
            return None
        checkpoint = Checkpoint(station, int(head[0]), str(head[1]), int(head[0]), _now())
        # a head that differs from the last one sent goes, even a lower one: the region
        # flags a chain that went backwards
        if _last_sent(session) != (checkpoint.seq, checkpoint.hash):
            _to_outbox(session, checkpoint)
    if db.file is not None:
        try:
            seal(db.file, checkpoint)
        except OSError as exc:  # the region's copy is queued; the round must go on
            log.warning("audit anchor not written: %s", type(exc).__name__)
    return checkpoint


def iter_checkpoints(*sources: tuple[Checkpoint, ...]) -> Iterator[tuple[int, str]]:
    for source in sources:
        for checkpoint in source:
            yield checkpoint.seq, checkpoint.hash
