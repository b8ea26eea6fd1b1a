"""SQLCipher at rest: an encrypted file is unreadable without its key."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.errors import DatabaseError, NotSportelloDatabase
from desktop.infra import encryption
from desktop.infra.database import Database, open_database
from desktop.models import Person
from desktop.services.security import audit
from desktop.services.security.backup import backup_database, restore_database


def people(db: Database) -> list[tuple[str, str]]:
    with db.read() as session:
        return [tuple(r) for r in session.execute(  # type: ignore[misc]
            select(Person.fiscal_code, Person.surname).order_by(Person.fiscal_code))]


@pytest.mark.plain_sqlite
def test_encrypting_a_plain_database_keeps_its_content(tmp_path: Path) -> None:
    from desktop.demo import create_demo

    demo_db = open_database(f"sqlite+pysqlite:///{tmp_path / 'plain.sqlite'}", plain=True)
    create_demo(demo_db, people=30)
    before = people(demo_db)
    path = demo_db.file
    assert path is not None
    demo_db.dispose()
    assert encryption.is_plain_sqlite(path)
    key = encryption.new_key()
    encryption.encrypt_file(path, key)
    header = path.read_bytes()[:16]
    assert header != b"SQLite format 3\x00"
    # No plain text codice fiscale: random ciphertext holds a given 3-byte run about once
    # in ten files, so look for every whole 16-character code instead.
    data = path.read_bytes()
    assert not [code for code, _surname in before if code.encode() in data]
    with pytest.raises(sqlite3.DatabaseError):  # no key: unreadable
        sqlite3.connect(path).execute("SELECT COUNT(*) FROM person").fetchone()
    with pytest.raises(NotSportelloDatabase):
        open_database(demo_db.url)
    with pytest.raises(NotSportelloDatabase):  # wrong key
        open_database(demo_db.url, key=encryption.new_key())
    reopened = open_database(demo_db.url, key=key)
    assert people(reopened) == before
    assert audit.verify(reopened).ok
    reopened.dispose()


def test_new_database_encrypted_from_the_start_and_its_backup_too(tmp_path: Path) -> None:
    url = f"sqlite+pysqlite:///{tmp_path / 'new.sqlite'}"
    key = encryption.new_key()
    db = open_database(url, tmp_path / "backups", key=key)
    from desktop.demo import create_demo

    create_demo(db, people=5)
    before = people(db)
    copy = backup_database(url, tmp_path / "copy.sqlite", key).path
    assert not encryption.is_plain_sqlite(copy)
    with db.transaction() as session:
        session.query(Person).delete()
    db.dispose()
    restore_database(url, copy, tmp_path / "backups", key)
    restored = open_database(url, key=key)
    assert people(restored) == before
    restored.dispose()
    kept = list((tmp_path / "backups").glob("pre-restore-*.sqlite"))
    assert kept and all(encryption.is_encrypted(k) for k in kept)


def test_key_is_kept_outside_the_settings_and_read_back(tmp_path: Path) -> None:
    config = tmp_path / "config"
    database = tmp_path / "data" / "sportello.sqlite"
    key = encryption.key_for_new_database(database, config)
    assert encryption.load_key(database, config) == key
    stored = config / "key.txt"  # no OS keyring on this machine: the documented fallback
    if stored.exists():
        assert stored.stat().st_mode & 0o077 == 0
    assert not (config / "settings.json").exists()
    assert encryption.normalise_key(encryption.recovery_text(key).upper()) == key
    with pytest.raises(DatabaseError):
        encryption.normalise_key("not a key")


@pytest.mark.plain_sqlite
def test_encrypt_command_then_the_app_path_opens_it(isolated_home: Path) -> None:
    from desktop.app import load_config
    from desktop.infra.encryption import key_for_url

    config = load_config(isolated_home)
    db = open_database(f"sqlite+pysqlite:///{config.paths.default_database}", plain=True)
    db.dispose()
    env = dict(os.environ, SPORTELLO_HOME=str(isolated_home))
    result = subprocess.run([sys.executable, "-m", "desktop", "encrypt"], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert encryption.is_encrypted(config.paths.default_database)
    recovery = result.stdout.strip().splitlines()[-1].strip()
    url = f"sqlite+pysqlite:///{config.paths.default_database}"
    key = key_for_url(url, config.paths.config)
    assert key == encryption.normalise_key(recovery)
    open_database(url, key=key).dispose()


def test_a_fresh_installation_is_encrypted_by_default(isolated_home: Path) -> None:
    from desktop.app import database_url, load_config, open_session_database

    config = load_config(isolated_home)
    db = open_session_database(config, database_url(config), demo=False)
    db.dispose()
    assert encryption.is_encrypted(config.paths.default_database)


def test_restore_drill_on_a_new_pc(isolated_home: Path, tmp_path: Path) -> None:
    """README 'Restore drill': backup of an encrypted database, key from the safe,
    restore on a PC that has neither the database nor the key."""
    from desktop.app import database_url, load_config, open_session_database

    config = load_config(isolated_home)
    db = open_session_database(config, database_url(config), demo=False)
    from desktop.demo import create_demo

    create_demo(db, people=5)
    before = people(db)
    key = db.key
    assert key is not None
    copy = backup_database(db.url, tmp_path / "copy.sqlite", key).path
    db.dispose()
    new_pc = tmp_path / "new-pc"
    env = dict(os.environ, SPORTELLO_HOME=str(new_pc))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                              text=True, env=env, timeout=120)

    assert run("restore", str(copy)).returncode != 0  # no key on this PC yet
    stored = run("encrypt", "--store-key", encryption.recovery_text(key))
    assert stored.returncode == 0, stored.stdout + stored.stderr
    restored = run("restore", str(copy))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    verified = run("audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    live = new_pc / "data" / "sportello.sqlite"
    assert encryption.is_encrypted(live)
    reopened = open_database(f"sqlite+pysqlite:///{live}", key=key)
    assert people(reopened) == before
    reopened.dispose()
