"""Opening a database: recognise it, back it up, migrate it, hand out sessions.

``open_database`` is the only way the application gets a database. Before it
changes anything it checks that the file is Sportello's and not from a newer
version; before a migration it takes a backup of a SQLite file. Every refusal is
a :class:`~desktop.errors.DatabaseError` whose sentence says what to do, and the
database is left exactly as it was.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, inspect, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from desktop.errors import (
    BrokenInvariant,
    DatabaseError,
    DatabaseReadOnly,
    DatabaseTooNew,
    DatabaseUnavailable,
    DiskFull,
    NotSportelloDatabase,
)
from desktop.infra.encryption import (
    DRIVER_ERRORS,
    adopt_raw_key,
    is_encrypted,
    normalise_key,
    plain_database_error,
)
from desktop.infra.instance_lock import FileLock, release_all
from desktop.infra.schema_head import head_revision, known_revisions
from desktop.models.engine import (
    READ_ONLY_OPTION,
    SQLITE_APPLICATION_ID,
    make_engine,
    sqlite_file,
)
from desktop.paths import package_path

if TYPE_CHECKING:
    from alembic.config import Config

_OPEN_ERRORS: tuple[type[Exception], ...] = (
    sa_exc.OperationalError, sa_exc.DatabaseError, OSError, *DRIVER_ERRORS)

log = logging.getLogger(__name__)


def display_location(url: str) -> str:
    """How a database is named to a person: the file path, or the URL without password."""
    path = sqlite_file(url)
    if path is not None:
        return str(path)
    return make_url(url).render_as_string(hide_password=True)


def alembic_config() -> Config:
    """Alembic's configuration for the desktop schema (Alembic is imported only here and
    when migrating: its import is a large part of a start-up that does not migrate)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(package_path("migrations")))
    return config


@dataclass
class Database:
    """An open, migrated database: the engine and the session factory services use."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    #: SQLCipher key of an encrypted SQLite file (None: plain file or PostgreSQL).
    key: str | None = field(default=None, repr=False)
    #: Data derived from this database that an area keeps between calls (the matching
    #: area's candidate index), by the owning module's name. It lives and dies with this
    #: object, so two databases never share an entry.
    caches: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    #: The OS locks this process holds on the file while it has it open
    #: (:mod:`desktop.infra.instance_lock`); :meth:`dispose` lets them go.
    locks: list[FileLock] = field(default_factory=list, repr=False, compare=False)
    _report_engine: Engine | None = field(default=None, repr=False, compare=False)
    _report_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def location(self) -> str:
        return display_location(self.url)

    @property
    def file(self) -> Path | None:
        return sqlite_file(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    def read(self) -> Session:
        """A session for reading (use it in a ``with`` block).

        On SQLite it begins with a plain (deferred) BEGIN, not the IMMEDIATE one of
        :meth:`transaction`: in WAL mode readers neither wait for nor block the writer,
        so a long report does not hold up a counter's "call next", and several reads
        run at once. Nothing written in it is committed.
        """
        if self.is_sqlite:
            return self.sessions(bind=self.engine.execution_options(**{READ_ONLY_OPTION: True}))
        return self.sessions()

    def report(self) -> Session:
        """:meth:`read` for a long read (a report, the Osservatorio's refresh). On SQLite
        on connections of its own that keep few prepared statements (make_engine): two
        reports on two threads then do not queue on SQLite's allocator lock."""
        if not self.is_sqlite:
            return self.read()
        with self._report_lock:
            if self._report_engine is None:
                self._report_engine = make_engine(self.url, key=self.key, report=True)
            engine = self._report_engine
        return Session(bind=engine.execution_options(**{READ_ONLY_OPTION: True}),
                       expire_on_commit=False)

    def dispose(self) -> None:
        with self._report_lock:
            for engine in (self._report_engine, self.engine):
                if engine is not None:
                    engine.dispose()
            self._report_engine = None
        release_all(self.locks)
        self.locks.clear()


# -- recognising a SQLite file ---------------------------------------------------------


@dataclass(frozen=True)
class SqliteFileState:
    exists: bool
    empty: bool
    application_id: int
    revision: str | None
    tables: int


def connect_file(path: Path, *, key: str | None = None, readonly: bool = False) -> Any:
    """A DB-API connection to a SQLite file: stdlib sqlite3, or SQLCipher with ``key``."""
    from desktop.infra.encryption import connect_encrypted

    if key is not None:
        return connect_encrypted(path, key, readonly=readonly)
    if readonly:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    return sqlite3.connect(path)


def inspect_sqlite_file(path: Path, key: str | None = None) -> SqliteFileState:
    """Read a SQLite file's identity without changing it (opened read-only)."""
    if not path.exists() or path.stat().st_size == 0:
        return SqliteFileState(path.exists(), True, 0, None, 0)
    location = str(path)
    try:
        conn = connect_file(path, key=key, readonly=True)
    except DRIVER_ERRORS as exc:
        raise NotSportelloDatabase(location, str(exc)) from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except DRIVER_ERRORS as exc:  # "file is not a database", encrypted, wrong key, garbage
        raise NotSportelloDatabase(location, str(exc)) from exc
    finally:
        conn.close()
    return SqliteFileState(True, not tables, app_id, revision, len(tables))


def check_sqlite_file(path: Path, key: str | None = None) -> SqliteFileState:
    """Refuse a file that is not Sportello's or is newer than this version."""
    state = inspect_sqlite_file(path, key)
    location = str(path)
    if not state.empty and state.application_id != SQLITE_APPLICATION_ID:
        raise NotSportelloDatabase(location, f"application_id={state.application_id}")
    if state.revision is not None and state.revision not in known_revisions():
        raise DatabaseTooNew(location, state.revision)
    return state


def _check_writable(path: Path) -> None:
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        raise DatabaseReadOnly(str(path), "file not writable")
    if not folder.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseReadOnly(str(path), str(exc)) from exc
    if not os.access(folder, os.W_OK):  # WAL needs the -wal and -shm files beside it
        raise DatabaseReadOnly(str(path), "folder not writable")


def translate_operational_error(exc: BaseException, location: str) -> DatabaseError | None:
    """Turn a driver error into the sentence a person needs, if we know it."""
    message = str(exc).lower()
    if "disk is full" in message or "no space left" in message:
        return DiskFull(location, str(exc))
    if "readonly" in message or "read-only" in message:
        return DatabaseReadOnly(location, str(exc))
    if "file is not a database" in message:
        return NotSportelloDatabase(location, str(exc))
    if "could not connect" in message or "connection refused" in message:
        return DatabaseUnavailable(location, str(exc))
    return None


# -- backup before migration ------------------------------------------------------------


def sqlite_copy(source: Path, destination: Path, key: str | None = None) -> None:
    """Copy a live SQLite database with the online backup API, atomically.

    With ``key`` (SQLCipher) the copy is encrypted with the same key.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    src = connect_file(source, key=key, readonly=True)
    try:
        dst = connect_file(partial, key=key)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            dst.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    os.replace(partial, destination)


def timestamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


# -- opening -----------------------------------------------------------------------------


def _migrate(engine: Engine) -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database (None: not stamped yet), read as Alembic's
    ``MigrationContext.get_current_revision`` does, without importing Alembic."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    if len(rows) > 1:
        raise BrokenInvariant("the database is stamped with more than one revision")
    return str(rows[0][0]) if rows else None


def _check_server_database(engine: Engine, location: str) -> None:
    names = set(inspect(engine).get_table_names())
    if names and "alembic_version" not in names:
        raise NotSportelloDatabase(location, "tables without alembic_version")
    revision = _current_revision(engine)
    if revision is not None and revision not in known_revisions():
        raise DatabaseTooNew(location, revision)


def _require_key(path: Path, key: str | None, plain: bool) -> str | None:
    """The key a SQLite file is opened with: never none, unless ``plain`` says so."""
    if key is not None:
        key = normalise_key(key)
        adopt_raw_key(path, key)
        return key
    if plain:
        return None
    if is_encrypted(path):
        return None  # the check that follows says "not a Sportello database"
    if path.exists() and path.stat().st_size > 0:
        check_sqlite_file(path)  # another program's file, or a newer one: say that first
        raise plain_database_error(path)
    raise BrokenInvariant("a new SQLite database needs its key: open it through bootstrap")


def open_database(url: str, backups: Path | None = None, *, migrate: bool = True,
                  key: str | None = None, plain: bool = False) -> Database:
    """Open ``url``, refusing foreign or newer databases, and bring it to the head schema.

    For a SQLite file that already holds data, a copy is written to ``backups``
    before any migration runs. ``key`` opens (or creates) a SQLCipher-encrypted file:
    a SQLite file is never created plain, and an existing plain one is refused with the
    sentence that offers ``sportello encrypt``, unless the caller says ``plain=True``
    (a scratch file, a test about plain files).
    """
    location = display_location(url)
    path = sqlite_file(url)
    state: SqliteFileState | None = None
    if path is not None:
        key = _require_key(path, key, plain)
        state = check_sqlite_file(path, key)
        _check_writable(path)
    else:
        key = None
    engine = make_engine(url, key=key)
    try:
        if path is None:
            _check_server_database(engine, location)
        current = _current_revision(engine)
        head = head_revision()
        if migrate and current != head:
            if path is not None and state is not None and not state.empty and backups:
                target = backups / f"pre-upgrade-{current or 'none'}-{timestamp()}.sqlite"
                sqlite_copy(path, target, key)
                log.info("backup before migration written to %s", target)
            if path is not None:
                with engine.begin() as connection:
                    connection.exec_driver_sql(f"PRAGMA application_id={SQLITE_APPLICATION_ID}")
            _migrate(engine)
            log.info("database migrated from %s to %s", current, head)
    except DatabaseError:
        engine.dispose()
        raise
    except _OPEN_ERRORS as exc:
        engine.dispose()
        translated = translate_operational_error(exc, location)
        if translated is not None:
            raise translated from exc
        raise DatabaseUnavailable(location, str(exc)) from exc
    return Database(url, engine, sessionmaker(engine, expire_on_commit=False), key)


def is_empty(database: Database) -> bool:
    """True when the database holds no centre yet (a fresh installation)."""
    with database.read() as session:
        return bool(session.execute(text("SELECT COUNT(*) FROM centre")).scalar_one() == 0)


def _cli(argv: list[str]) -> int:
    """Developer helper: ``python -m desktop.infra.database revision -m MSG``.

    Autogenerates a revision against a scratch SQLite database at head.
    """
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m desktop.infra.database")
    sub = parser.add_subparsers(dest="cmd", required=True)
    rev = sub.add_parser("revision")
    rev.add_argument("-m", "--message", required=True)
    rev.add_argument("--empty", action="store_true", help="no autogenerate")
    args = parser.parse_args(argv)
    from alembic import command

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite+pysqlite:///{tmp}/scratch.sqlite", plain=True)
        config = alembic_config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.revision(config, message=args.message, autogenerate=not args.empty)
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(_cli(sys.argv[1:]))
