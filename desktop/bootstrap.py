"""The one way a ``sportello`` command (and the application) opens its database.

Settings, folders and logging (:func:`desktop.config.load_config`), the database URL
(settings, ``--db`` or the demo), the SQLCipher key of an encrypted SQLite file (from
the OS keyring or the installation's key file, created with the default database on
a first start), then :func:`desktop.infra.database.open_database`, which checks
the file, writes the pre-migration backup and migrates it.

Every command used to repeat this sequence, and three of them forgot the key: on a
default installation (encrypted) ``sportello sync``, ``match`` and ``print`` said
"not a Sportello database". Now they all call :func:`open_command_database`::

    with open_command_database(args) as (config, db):
        ...
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.config import AppConfig
    from desktop.infra.database import Database
    from desktop.infra.instance_lock import FileLock
    from desktop.services.security.accounts import OperatorInfo


@dataclass(frozen=True)
class Target:
    """Which database a command works on, and the installation it belongs to."""

    config: AppConfig
    url: str
    demo: bool

    def key(self, *, create: bool = False) -> str | None:
        """The SQLCipher key of the target (None: PostgreSQL, or a file not there yet).

        ``create``: when the target is a SQLite file that does not exist yet (the
        default database, ``--db PATH``, the ``database_url`` setting, the demo), it is
        created encrypted and its new key stored now (what the first ``sportello run``
        does). Commands that only read or copy an existing database pass False, so they
        never invent a key. A plain SQLite file is refused (``sportello encrypt``).
        """
        from desktop.infra.encryption import key_for_url

        paths = self.config.paths
        return key_for_url(self.url, paths.config, create=create)


def resolve(*, demo: bool = False, override: str | None = None, console_log: bool = False,
            home: Path | None = None) -> Target:
    """Settings, folders, logging, language, then the URL of the database to open."""
    from desktop.config import database_url, load_config

    config = load_config(home, console_log=console_log)
    return Target(config, database_url(config, demo=demo, override=override), demo)


def _take_locks(target: Target, single_instance: bool) -> list[FileLock]:
    """The locks of a SQLite target: always a shared hold (a restore waits for nobody
    to have it open), and with ``single_instance`` the application's own lock."""
    from desktop.infra.instance_lock import acquire_instance, acquire_use, release_all
    from desktop.models.engine import sqlite_file

    path = sqlite_file(target.url)
    if path is None:
        return []
    locks = [acquire_instance(path, "sportello run")] if single_instance else []
    try:
        locks.append(acquire_use(path))
    except BaseException:
        release_all(locks)
        raise
    return locks


def open_target(target: Target, *, migrate: bool = True, create: bool = True,
                seed_demo: bool = True, single_instance: bool = False) -> Database:
    """Open ``target`` with its key (backup and migration included).

    The demo database is filled with the demo centre on first use when ``seed_demo``,
    and on a later day brought to that day (a fresh working day for the queue).
    ``single_instance`` (the counter application): refuse when another application
    has this database open. The locks live as long as the returned database.
    """
    from desktop.infra.database import open_database
    from desktop.infra.instance_lock import release_all

    locks = _take_locks(target, single_instance)
    try:
        db = open_database(target.url, target.config.paths.backups, migrate=migrate,
                           key=target.key(create=create))
    except BaseException:
        release_all(locks)
        raise
    db.locks.extend(locks)
    if target.demo and seed_demo:
        try:
            from desktop.demo import create_demo, refresh_demo

            if not create_demo(db):
                refresh_demo(db)
        except BaseException:
            db.dispose()
            raise
    return db


def target_of(args: argparse.Namespace, *, console_log: bool = False) -> Target:
    """The target named by a command's usual ``--demo`` and ``--db`` options."""
    return resolve(demo=bool(getattr(args, "demo", False)),
                   override=getattr(args, "db", None) or None, console_log=console_log)


@contextmanager
def open_command_database(args: argparse.Namespace, *, console_log: bool = False,
                          migrate: bool = True, create: bool = True, seed_demo: bool = True
                          ) -> Iterator[tuple[AppConfig, Database]]:
    """The configuration and the opened database of a command; disposed at the end."""
    target = target_of(args, console_log=console_log)
    db = open_target(target, migrate=migrate, create=create, seed_demo=seed_demo)
    try:
        yield target.config, db
    finally:
        db.dispose()


def cli_actor(command: str) -> OperatorInfo:
    """Who a command acts as when no operator is named: the installation's
    administrator (the person at the shell already has the files and the key)."""
    from desktop.services.security.accounts import OperatorInfo

    return OperatorInfo(id=uuid.uuid4(), username="cli", full_name=f"sportello {command}",
                        role="responsabile", site_code="", cli=True)
