"""Backup and restore of the embedded SQLite database (online backup API).

A restore refuses any file that is not a Sportello database, and always keeps a
copy of the database it replaces.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop.errors import BackupError, DatabaseError
from desktop.i18n import _
from desktop.models.engine import sqlite_file
from desktop.services.database import (
    check_sqlite_file,
    sqlite_copy,
    timestamp,
    translate_operational_error,
)

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


def _integrity_ok(path: Path) -> bool:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return bool(conn.execute("PRAGMA quick_check").fetchone()[0] == "ok")
    finally:
        conn.close()


def backup_database(url: str, destination: Path) -> BackupResult:
    """Write a consistent copy of the live database to ``destination``."""
    source = _require_sqlite(url)
    if not source.exists():
        raise BackupError(_("There is no database at {path} to back up.").format(path=source))
    check_sqlite_file(source)
    if destination.exists() and destination.is_dir():
        destination = destination / f"sportello-{timestamp()}.sqlite"
    try:
        sqlite_copy(source, destination)
    except (sqlite3.Error, OSError) as exc:
        translated = translate_operational_error(exc, str(destination))
        if translated is not None:
            raise translated from exc
        raise BackupError(_("The backup to {path} failed: {reason}").format(
            path=destination, reason=exc.strerror if isinstance(exc, OSError) else exc)) from exc
    if not _integrity_ok(destination):
        destination.unlink(missing_ok=True)
        raise BackupError(_("The backup copy failed its integrity check and was removed."))
    log.info("backup written to %s", destination)
    return BackupResult(destination, destination.stat().st_size)


def restore_database(url: str, source: Path, backups: Path) -> BackupResult:
    """Replace the live database with ``source``, keeping a copy of the current one.

    Sportello must not be running on this database meanwhile.
    """
    live = _require_sqlite(url)
    if not source.is_file():
        raise BackupError(_("The file {path} does not exist.").format(path=source))
    try:
        state = check_sqlite_file(source)
    except DatabaseError as exc:
        raise BackupError(exc.user_message, exc.detail) from exc
    if state.empty or state.revision is None:
        raise BackupError(_("The file {path} is not a Sportello backup: nothing has been "
                            "restored.").format(path=source))
    if not _integrity_ok(source):
        raise BackupError(_("The backup {path} is damaged: nothing has been restored.")
                          .format(path=source))
    if live.exists() and live.stat().st_size > 0:
        safety = backups / f"pre-restore-{timestamp()}.sqlite"
        sqlite_copy(live, safety)
        log.info("database before restore kept at %s", safety)
    live.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(live, timeout=10)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    except sqlite3.Error as exc:
        translated = translate_operational_error(exc, str(live))
        raise (translated or BackupError(str(exc))) from exc
    finally:
        src.close()
    log.info("database restored from %s", source)
    return BackupResult(live, live.stat().st_size)
