"""Backup and restore of the embedded SQLite database (online backup API).

A backup never replaces an existing file unless told to. A restore refuses any file
that is not a Sportello database and any moment when the database is open (in the
application, the kiosk, the display, a command); it always keeps a copy of the
database it replaces, and writes an audit line in the restored one.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from desktop.errors import BackupError, BrokenInvariant, DatabaseError
from desktop.i18n import _
from desktop.infra.database import (
    Database,
    check_sqlite_file,
    connect_file,
    open_database,
    sqlite_copy,
    timestamp,
    translate_operational_error,
)
from desktop.infra.encryption import DRIVER_ERRORS
from desktop.infra.instance_lock import acquire_sole_use, release_all
from desktop.models.engine import sqlite_file
from desktop.services.security import audit, audit_anchor
from desktop.services.security.permissions import Permission, is_cli, require

_COPY_ERRORS: tuple[type[Exception], ...] = (OSError, *DRIVER_ERRORS)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size_bytes: int


def _require_sqlite(url: str) -> Path:
    path = sqlite_file(url)
    if path is None:
        raise BackupError(_("Backup and restore from Sportello work on the embedded SQLite "
                            "database only; for PostgreSQL use the server's tools (pg_dump)."))
    return path


def _integrity_ok(path: Path, key: str | None = None) -> bool:
    conn = connect_file(path, key=key, readonly=True)
    try:
        return bool(conn.execute("PRAGMA quick_check").fetchone()[0] == "ok")
    finally:
        conn.close()


def backup_database(url: str, destination: Path, key: str | None = None, *,
                    overwrite: bool = False) -> BackupResult:
    """Write a consistent copy of the live database to ``destination``.

    An encrypted database (``key``) gives a backup encrypted with the same key. An
    existing file is never replaced unless ``overwrite`` (``sportello backup --force``).
    """
    source = _require_sqlite(url)
    if not source.exists():
        raise BackupError(_("There is no database at {path} to back up.").format(path=source))
    check_sqlite_file(source, key)
    if destination.exists() and destination.is_dir():
        destination = destination / f"sportello-{timestamp()}.sqlite"
    if destination.exists() and not overwrite:
        raise BackupError(_("The file {path} already exists: nothing has been written. Choose "
                            "another name, or add --force to replace it.").format(
                                path=destination))
    if destination.resolve() == source.resolve():
        raise BackupError(_("The backup cannot be written over the database itself."))
    try:
        sqlite_copy(source, destination, key)
    except _COPY_ERRORS as exc:
        translated = translate_operational_error(exc, str(destination))
        if translated is not None:
            raise translated from exc
        raise BackupError(_("The backup to {path} failed: {reason}").format(
            path=destination, reason=exc.strerror if isinstance(exc, OSError) else exc)) from exc
    if not _integrity_ok(destination, key):
        destination.unlink(missing_ok=True)
        raise BackupError(_("The backup copy failed its integrity check and was removed."))
    log.info("backup written to %s", destination)
    return BackupResult(destination, destination.stat().st_size)


def restore_database(url: str, source: Path, backups: Path, key: str | None,
                     actor: audit.AuditActor | None = None) -> BackupResult:
    """Replace the live database with ``source``, keeping a copy of the current one,
    and write who restored what in the restored database's audit log.

    Refused (nothing changed) while anyone has the database open: the application,
    the kiosk, the display or a command (:mod:`desktop.infra.instance_lock`).
    """
    live = _require_sqlite(url)
    if key is None:
        raise BrokenInvariant("a restore needs the database key: every SQLite file is encrypted")
    if actor is not None and not is_cli(actor):  # an operator's: only the manager
        if not live.exists():
            raise BackupError(_("The database {path} does not exist: only the "
                                "'sportello restore' command can restore it.").format(
                                    path=live))
        current = open_database(url, key=key, migrate=False)
        try:
            require(actor, Permission.SETTINGS_MANAGE, current)
        finally:
            current.dispose()
    locks = acquire_sole_use(live)
    try:
        result, kept = _restore(live, source, backups, key)
        # the restored chain is older than the sealed copy of the one it replaced: set
        # that copy aside first, so the restore's own line starts the new anchor (the
        # region still sees the chain go back, as it should)
        audit_anchor.retire(live)
        _record_restore(url, key, actor, source, kept)
    finally:
        release_all(locks)
    return result


def _record_restore(url: str, key: str, actor: audit.AuditActor | None, source: Path,
                    kept: Path | None) -> None:
    db = open_database(url, key=key)  # migrates an older backup, as the next start would
    try:
        with db.transaction() as session:
            audit.record(session, actor, "restore", "database", "",
                         f"from {source.name}; replaced copy {kept.name if kept else '-'}")
    finally:
        db.dispose()


def _restore(live: Path, source: Path, backups: Path, key: str) -> tuple[BackupResult, Path | None]:
    if not source.is_file():
        raise BackupError(_("The file {path} does not exist.").format(path=source))
    try:
        state = check_sqlite_file(source, key)
    except DatabaseError as exc:
        raise BackupError(exc.user_message, exc.detail) from exc
    if state.empty or state.revision is None:
        raise BackupError(_("The file {path} is not a Sportello backup: nothing has been "
                            "restored.").format(path=source))
    if not _integrity_ok(source, key):
        raise BackupError(_("The backup {path} is damaged: nothing has been restored.")
                          .format(path=source))
    safety: Path | None = None
    if live.exists() and live.stat().st_size > 0:
        safety = backups / f"pre-restore-{timestamp()}.sqlite"
        sqlite_copy(live, safety, key)
        log.info("database before restore kept at %s", safety)
    live.parent.mkdir(parents=True, exist_ok=True)
    src = connect_file(source, key=key, readonly=True)
    try:
        dst = connect_file(live, key=key)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    except DRIVER_ERRORS as exc:
        translated = translate_operational_error(exc, str(live))
        raise (translated or BackupError(str(exc))) from exc
    finally:
        src.close()
    log.info("database restored from %s", source)
    return BackupResult(live, live.stat().st_size), safety


# -- audited and scheduled backups (security issue) ---------------------------------------


def backup_now(db: Database, actor: audit.AuditActor, destination: Path) -> BackupResult:
    """A manual backup by an operator: permission-checked and written to the audit log.

    The audit entry is committed first, so the copy contains its own record.
    """
    require(actor, Permission.SETTINGS_MANAGE, db)
    with db.transaction() as session:
        audit.record(session, actor, "backup", "database", "", destination.name[:200])
    return backup_database(db.url, destination, db.key)


DAILY_PREFIX = "daily-"


def daily_backups(folder: Path) -> list[Path]:
    """The scheduled backups in ``folder``, oldest first."""
    return sorted(folder.glob(f"{DAILY_PREFIX}*.sqlite"))


def daily_backup(db: Database, folder: Path, keep: int,
                 today: dt.date | None = None) -> BackupResult | None:
    """Write today's scheduled backup unless it exists; keep the newest ``keep``.

    Returns None when today's backup was already there (or the database is not an
    embedded SQLite file: PostgreSQL is backed up with the server's tools).
    """
    if not db.is_sqlite or db.file is None:
        return None
    if not 1 <= keep <= 365:
        raise BackupError(_("The number of backups to keep must be between 1 and 365."))
    day = today or dt.date.today()
    target = folder / f"{DAILY_PREFIX}{day:%Y%m%d}.sqlite"
    if target.exists():
        return None
    with db.transaction() as session:
        audit.record(session, None, "backup", "database", "", f"scheduled {target.name}")
    result = backup_database(db.url, target, db.key)
    for old in daily_backups(folder)[:-keep]:
        old.unlink(missing_ok=True)
        log.info("old scheduled backup %s removed", old.name)
    return result
