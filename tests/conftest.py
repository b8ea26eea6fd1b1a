"""Shared fixtures: an isolated installation folder and real SQLite databases."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never the developer's real keyring (database keys, sync tokens), in this process or in
# the `sportello` subprocesses the tests start (they inherit the environment): the
# installations under test keep their secrets in their own 0600 files.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from desktop.i18n import set_language
from desktop.infra.database import Database, open_database


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own SPORTELLO_HOME, and Italian as the language."""
    home = tmp_path / "home"
    monkeypatch.setenv("SPORTELLO_HOME", str(home))
    set_language("it")
    return home


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite+pysqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def db(db_url: str, tmp_path: Path) -> Iterator[Database]:
    database = open_database(db_url, tmp_path / "backups")
    yield database
    database.dispose()


@pytest.fixture
def demo_db(db: Database) -> Database:
    from desktop.demo import create_demo

    create_demo(db, people=30)
    return db
