"""The regional server's schema is made and upgraded by its migrations, also for a
database made by a release before them."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from server.models import Base
from server.store import Store
from server.store.schema import alembic_config, current_revision, head_revision
from tests.helpers.postgres import create_database


def _differences(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            found = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        # index and constraint names differ by dialect; columns and tables must not
        return [d for d in found if isinstance(d, tuple) and d[0] in (
            "add_table", "remove_table", "add_column", "remove_column")]
    finally:
        engine.dispose()


def _revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return current_revision(conn)
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty server database: a SQLite file, or a new database in the cluster."""
    if request.param == "postgresql":
        return create_database(request.getfixturevalue("postgres_cluster"))
    return f"sqlite+pysqlite:///{tmp_path / 'r.sqlite'}"


def test_a_new_server_database_is_made_by_the_migrations(empty_url: str) -> None:
    url = empty_url
    Store(url).dispose()
    assert _revision(url) == head_revision()
    assert _differences(url) == []


def _first_release(url: str) -> None:
    """A database as the first release left it: its tables, no Alembic version, data."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0001")
            conn.execute(text("DROP TABLE alembic_version"))
            conn.execute(text(
                "INSERT INTO workstation (id, name, token_hash, expires_at, last_seq) "
                "VALUES (:id, 'vecchia', :hash, NULL, 1)"),
                {"id": uuid.uuid4().hex if url.startswith("sqlite") else uuid.uuid4(),
                 "hash": "0" * 64})
            conn.execute(text(
                "INSERT INTO meta (key, value) VALUES ('epoch', 'e1'), ('version', '0')"))
    finally:
        engine.dispose()


def test_a_first_release_database_is_upgraded_keeping_its_data(empty_url: str) -> None:
    url = empty_url
    _first_release(url)
    store = Store(url)
    try:
        token = store.create_workstation("nuova", site="FI01")
        station = store.who(token)
        assert station is not None and station.site_code == "FI01"
        with store.reads() as session:
            names = set(session.execute(text("SELECT name FROM workstation")).scalars())
            epoch = session.execute(text("SELECT value FROM meta WHERE key = 'epoch'")).scalar()
        assert names == {"vecchia", "nuova"}
        assert epoch == "e1", "the history's epoch is kept: clients need not start again"
    finally:
        store.dispose()
    assert _revision(url) == head_revision()
    assert _differences(url) == []
    engine = create_engine(url)
    try:
        keys = inspect(engine).get_pk_constraint("processed_mutation")["constrained_columns"]
    finally:
        engine.dispose()
    assert sorted(keys) == ["id", "workstation_id"]


def test_a_database_made_from_the_models_before_migrations_is_recognised(
        tmp_path: Path) -> None:
    url = f"sqlite+pysqlite:///{tmp_path / 'r.sqlite'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    Store(url).dispose()
    assert _revision(url) == head_revision()


@pytest.mark.postgres
def test_workers_starting_together_on_an_empty_database_agree(
        postgres_cluster: str) -> None:
    url = create_database(postgres_cluster)
    errors: list[BaseException] = []
    stores: list[Store] = []

    def start() -> None:
        try:
            stores.append(Store(url, pool_size=1))
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for store in stores:
        store.dispose()
    assert errors == [] and len(stores) == 3
    assert _revision(url) == head_revision()


def test_the_migrations_go_back_and_forth_keeping_the_data(tmp_path: Path) -> None:
    """Downgrading to the first release's schema and upgrading again keeps every row."""
    url = f"sqlite+pysqlite:///{tmp_path / 'r.sqlite'}"
    store = Store(url)
    token = store.create_workstation("a", site="FI01")
    station = store.who(token)
    assert station is not None
    mutation = {"id": str(uuid.uuid4()), "seq": 1, "kind": "action",
                "entity_id": str(uuid.uuid4()), "op": "upsert", "hlc": "0000000000001.00001.a",
                "payload": {"fields": {"site_code": "FI01", "kind": "colloquio"}, "base": {}}}
    assert store.push(station, [mutation])[0]["status"] == "applied"  # type: ignore[list-item]
    store.dispose()
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0001")
        with engine.connect() as conn:
            assert current_revision(conn) == "0001"
            assert "site_code" not in {c["name"] for c in inspect(conn).get_columns("entity")}
            assert conn.execute(text("SELECT count(*) FROM processed_mutation")).scalar() == 1
    finally:
        engine.dispose()
    Store(url).dispose()  # and up again
    assert _revision(url) == head_revision()
    assert _differences(url) == []
