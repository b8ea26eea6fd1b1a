import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.errors import BackupError
from desktop.infra.database import Database, connect_file, open_database
from desktop.models import Person
from desktop.services.security.backup import backup_database, restore_database
from tests.helpers.storage import TEST_KEY


def people(db: Database) -> list[tuple[str, str]]:
    with db.read() as session:
        rows = session.execute(
            select(Person.fiscal_code, Person.surname).order_by(Person.fiscal_code))
        return [(code, surname) for code, surname in rows]


def test_backup_then_restore_gives_identical_content(demo_db: Database, tmp_path: Path) -> None:
    before = people(demo_db)
    result = backup_database(demo_db.url, tmp_path / "copy.sqlite", TEST_KEY)
    assert result.size_bytes > 0
    with demo_db.transaction() as session:
        session.query(Person).delete()
    assert people(demo_db) == []
    demo_db.dispose()
    restore_database(demo_db.url, result.path, tmp_path / "backups", TEST_KEY)
    reopened = open_database(demo_db.url, key=TEST_KEY)
    assert people(reopened) == before
    reopened.dispose()
    # the database that was replaced (with no people) is kept
    kept = list((tmp_path / "backups").glob("pre-restore-*.sqlite"))
    assert len(kept) == 1
    conn = connect_file(kept[0], key=TEST_KEY)
    assert conn.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 0
    conn.close()


def test_backup_into_a_folder_names_the_file(demo_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "nightly"
    folder.mkdir()
    result = backup_database(demo_db.url, folder, TEST_KEY)
    assert result.path.parent == folder
    assert result.path.suffix == ".sqlite"


@pytest.mark.plain_sqlite
def test_restore_refuses_a_foreign_file_and_leaves_the_database(demo_db: Database,
                                                                tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE x (y)")
    conn.commit()
    conn.close()
    before = people(demo_db)
    with pytest.raises(BackupError) as info:
        restore_database(demo_db.url, foreign, tmp_path / "backups", TEST_KEY)
    assert "non è un database di Sportello" in info.value.user_message
    assert people(demo_db) == before


def test_restore_refuses_a_missing_file(demo_db: Database, tmp_path: Path) -> None:
    with pytest.raises(BackupError) as info:
        restore_database(demo_db.url, tmp_path / "nope.sqlite", tmp_path / "b", TEST_KEY)
    assert "non esiste" in info.value.user_message


def test_postgresql_urls_are_refused_with_a_pointer_to_pg_dump(tmp_path: Path) -> None:
    with pytest.raises(BackupError) as info:
        backup_database("postgresql+psycopg://u:p@localhost/db", tmp_path / "x")
    assert "pg_dump" in info.value.user_message


def test_backup_copy_is_self_contained(demo_db: Database, tmp_path: Path) -> None:
    result = backup_database(demo_db.url, tmp_path / "copy.sqlite", TEST_KEY)
    assert not Path(str(result.path) + "-wal").exists()
    conn = connect_file(result.path, key=TEST_KEY)
    assert conn.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 30
    conn.close()
    with demo_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 30
