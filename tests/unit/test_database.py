import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.errors import DatabaseReadOnly, DatabaseTooNew, DiskFull, NotSportelloDatabase
from desktop.infra.database import (
    Database,
    head_revision,
    open_database,
    translate_operational_error,
)
from desktop.models.engine import SQLITE_APPLICATION_ID
from tests.helpers.storage import TEST_KEY


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_migrated_and_marked(db: Database) -> None:
    with db.read() as session:
        revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        app_id = session.execute(text("PRAGMA application_id")).scalar()
    assert revision == head_revision()
    assert app_id == SQLITE_APPLICATION_ID


def test_sqlite_connections_use_safe_pragmas(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000


def test_foreign_keys_are_enforced(db: Database) -> None:
    import uuid

    from sqlalchemy.exc import IntegrityError

    from desktop.models import Site

    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(Site(centre_id=uuid.uuid4(), code="X", name="Orphan"))


def test_a_long_read_does_not_hold_up_a_write(db: Database) -> None:
    """A report reading in one session must not block a counter's write (WAL readers
    take no lock); the write also commits while the read is still open."""
    import threading

    from desktop.models import Centre

    done = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with db.transaction() as session:
                session.add(Centre(code="ZZ99", name="Centro di prova"))
        except BaseException as exc:  # noqa: BLE001 - the thread hands any failure to the test below
            errors.append(exc)
        finally:
            done.set()

    with db.read() as reading:
        before = reading.execute(text("SELECT count(*) FROM centre")).scalar_one()
        writer = threading.Thread(target=write)
        writer.start()
        # With a write lock taken by the read, the writer would wait out busy_timeout.
        assert done.wait(5), "the write waited for the read to end"
        # The read keeps its snapshot.
        assert reading.execute(text("SELECT count(*) FROM centre")).scalar_one() == before
    writer.join()
    assert errors == []
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM centre")).scalar_one() == before + 1


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"This is a shopping list, not a database.\n" * 100)
    before = digest(path)
    with pytest.raises(NotSportelloDatabase) as info:
        open_database(f"sqlite+pysqlite:///{path}")
    assert "non è un database di Sportello" in info.value.user_message
    assert digest(path) == before
    assert not Path(str(path) + "-wal").exists()


@pytest.mark.plain_sqlite
def test_another_programs_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('x')")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotSportelloDatabase):
        open_database(f"sqlite+pysqlite:///{path}")
    assert digest(path) == before


def test_a_database_from_a_newer_version_is_refused_untouched(db: Database) -> None:
    path = db.file
    assert path is not None
    with db.transaction() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.dispose()
    before = digest(path)
    with pytest.raises(DatabaseTooNew) as info:
        open_database(db.url, key=TEST_KEY)
    assert "versione più recente" in info.value.user_message
    assert "9999_future" in info.value.user_message
    assert digest(path) == before


def test_an_unwritable_location_gives_one_sentence() -> None:
    # /proc refuses new folders even to root: a real read-only location.
    with pytest.raises(DatabaseReadOnly) as info:
        open_database("sqlite+pysqlite:////proc/sportello-test/db.sqlite", key=TEST_KEY)
    assert "sola lettura" in info.value.user_message


def test_disk_full_is_recognised_from_the_real_sqlite_error(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "tiny.sqlite")
    conn.execute("CREATE TABLE t (x BLOB)")
    conn.execute("PRAGMA max_page_count = 3")
    with pytest.raises(sqlite3.OperationalError) as info:
        conn.execute("INSERT INTO t VALUES (zeroblob(100000))")
    conn.close()
    translated = translate_operational_error(info.value, "tiny.sqlite")
    assert isinstance(translated, DiskFull)
    assert "pieno" in translated.user_message


@pytest.mark.plain_sqlite
def test_existing_data_is_backed_up_before_a_migration(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {SQLITE_APPLICATION_ID}")
    conn.execute("CREATE TABLE legacy_note (body TEXT)")
    conn.execute("INSERT INTO legacy_note VALUES ('kept')")
    conn.commit()
    conn.close()
    backups = tmp_path / "backups"
    db = open_database(f"sqlite+pysqlite:///{path}", backups, plain=True)
    db.dispose()
    copies = list(backups.glob("pre-upgrade-none-*.sqlite"))
    assert len(copies) == 1
    copy = sqlite3.connect(copies[0])
    assert copy.execute("SELECT body FROM legacy_note").fetchall() == [("kept",)]
    assert copy.execute("SELECT name FROM sqlite_master WHERE name='centre'").fetchone() is None
    copy.close()


def test_reopening_an_up_to_date_database_makes_no_backup(db: Database, tmp_path: Path) -> None:
    db.dispose()
    backups = tmp_path / "backups2"
    open_database(db.url, backups, key=TEST_KEY).dispose()
    assert not backups.exists() or not list(backups.iterdir())
