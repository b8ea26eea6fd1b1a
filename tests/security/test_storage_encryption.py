"""Encryption wherever SQLite is: every path the bootstrap opens gives an encrypted file,
and a plain file is refused with the sentence that offers ``sportello encrypt``."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest
import sqlcipher3

from desktop.bootstrap import open_target, resolve
from desktop.errors import BrokenInvariant, DatabaseError
from desktop.infra import encryption
from desktop.infra.database import open_database
from tests.helpers.storage import is_plain


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_database_at_a_custom_path_is_encrypted(tmp_path: Path) -> None:
    custom = tmp_path / "elsewhere" / "centre.sqlite"
    db = open_target(resolve(override=str(custom)))  # what `--db PATH` does
    db.dispose()
    assert custom.stat().st_size > 0
    assert not is_plain(custom)
    again = open_target(resolve(override=str(custom)))  # its key was stored: it reopens
    assert again.key is not None
    again.dispose()


def test_a_database_named_by_the_settings_is_encrypted(tmp_path: Path) -> None:
    from desktop.settings import save_settings

    target = resolve()
    custom = tmp_path / "share" / "from-settings.sqlite"
    settings = dataclasses.replace(target.config.settings,
                                   database_url=f"sqlite+pysqlite:///{custom}")
    save_settings(settings, target.config.paths.settings_file)
    configured = resolve()
    assert str(custom) in configured.url
    open_target(configured).dispose()
    assert not is_plain(custom)


def test_the_demo_database_is_encrypted() -> None:
    target = resolve(demo=True)
    open_target(target, seed_demo=False).dispose()
    demo = target.config.paths.demo_database
    assert demo.stat().st_size > 0
    assert not is_plain(demo)


@pytest.mark.plain_sqlite
def test_a_plain_database_is_refused_and_offers_encrypt(tmp_path: Path) -> None:
    path = tmp_path / "old-plain.sqlite"
    open_database(f"sqlite+pysqlite:///{path}", plain=True).dispose()
    before = _digest(path)
    with pytest.raises(DatabaseError) as info:
        open_target(resolve(override=str(path)))
    message = info.value.user_message
    assert "non è cifrato" in message
    assert f"sportello encrypt --db {path}" in message
    assert _digest(path) == before  # untouched: no key invented, nothing migrated
    with pytest.raises(DatabaseError):  # nor through the database layer without a key
        open_database(f"sqlite+pysqlite:///{path}")
    assert _digest(path) == before


def test_no_new_sqlite_file_without_a_key(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    with pytest.raises(BrokenInvariant):
        open_database(f"sqlite+pysqlite:///{path}")
    assert not path.exists() or path.stat().st_size == 0


def test_a_file_keyed_the_old_way_is_rekeyed_to_its_raw_key(tmp_path: Path) -> None:
    path = tmp_path / "legacy.sqlite"
    key = encryption.new_key()
    open_database(f"sqlite+pysqlite:///{path}", key=key).dispose()
    conn = sqlcipher3.connect(str(path))  # as Sportello did before: the key as passphrase
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    conn.execute(f"PRAGMA rekey = '{key}'")
    conn.close()
    raw = sqlcipher3.connect(str(path))
    raw.execute(encryption.raw_key_pragma(key))
    with pytest.raises(sqlcipher3.dbapi2.DatabaseError):
        raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
    raw.close()
    reopened = open_database(f"sqlite+pysqlite:///{path}", key=key)
    reopened.dispose()
    raw = sqlcipher3.connect(str(path))
    raw.execute(encryption.raw_key_pragma(key))
    assert raw.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 10
    raw.close()


def test_an_encrypted_database_reads_inside_a_transaction_on_one_thread(tmp_path: Path) -> None:
    """SQLCipher's dialect shared one connection per thread: a read session opened while a
    transaction ran on the same thread failed with "cannot start a transaction within a
    transaction" (the archive's print flow did it). Each session has its own connection."""
    from sqlalchemy import text

    db = open_database(f"sqlite+pysqlite:///{tmp_path / 'enc.sqlite'}", key=encryption.new_key())
    try:
        with db.transaction() as writing:
            writing.execute(text("SELECT count(*) FROM centre"))  # BEGIN IMMEDIATE taken
            with db.read() as reading:
                assert reading.execute(text("SELECT count(*) FROM centre")).scalar_one() == 0
    finally:
        db.dispose()
