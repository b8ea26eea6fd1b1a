"""Shared fixtures: an isolated installation folder and real, encrypted SQLite databases."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never the developer's real keyring (database keys, sync tokens), in this process or in
# the `sportello` subprocesses the tests start (they inherit the environment): the
# installations under test keep their secrets in their own 0600 files.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from desktop.i18n import set_language
from desktop.infra.database import Database, open_database
from tests.helpers.storage import TEST_KEY, plain_files

#: The file of every SQLite Database object the suite created (tracked in pytest_configure).
_OPENED: list[Path] = []
#: Of those, the files made plain on purpose by a test marked ``plain_sqlite``.
_ALLOWED_PLAIN: set[Path] = set()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "plain_sqlite: the test makes a plain (unencrypted) SQLite file on purpose")
    original = Database.__init__

    def tracking_init(self: Database, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if self.file is not None:
            _OPENED.append(self.file.resolve())

    Database.__init__ = tracking_init  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def no_plain_sqlite(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test: no SQLite file a Database object of the test opened starts with
    the plain header (the regional server's own test file is not a Database)."""
    first = len(_OPENED)
    yield
    created = _OPENED[first:]
    if request.node.get_closest_marker("plain_sqlite") is not None:
        _ALLOWED_PLAIN.update(p.resolve() for p in created)
        return
    plain = plain_files(created)
    assert not plain, f"plain (unencrypted) SQLite files: {[str(p) for p in plain]}"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The same check over every Database of the session (session fixtures included)."""
    plain = [p for p in plain_files(_OPENED) if p not in _ALLOWED_PLAIN]
    if plain:
        session.config.pluginmanager.get_plugin("terminalreporter").write_line(  # type: ignore[union-attr]
            f"plain (unencrypted) SQLite files left by the suite: {[str(p) for p in plain]}",
            red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own SPORTELLO_HOME, and Italian as the language."""
    home = tmp_path / "home"
    monkeypatch.setenv("SPORTELLO_HOME", str(home))
    set_language("it")
    return home


@pytest.fixture(autouse=True)
def collections_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """As in the application (desktop/views/gc_timer.py): while a test drives Qt, only
    the GUI thread frees cycles; after it, automatic collection as before."""
    from desktop import collector

    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield
        if collector.owned():  # an application made without qapp: its timer is idle here
            collector.collect_due()
        return
    from desktop.views.gc_timer import install

    owner = install(request.getfixturevalue("qapp"))
    yield
    collector.collect_due()
    owner.stop()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite+pysqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def db(db_url: str, tmp_path: Path) -> Iterator[Database]:
    database = open_database(db_url, tmp_path / "backups", key=TEST_KEY)
    yield database
    database.dispose()


@pytest.fixture
def demo_db(db: Database) -> Database:
    from desktop.demo import create_demo

    create_demo(db, people=30)
    return db
