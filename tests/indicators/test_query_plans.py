"""How the Osservatorio reads: the indexes of migration 1060, named by the statements
themselves, and the report connections the refresh runs on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, event, text

from desktop.infra.database import Database
from desktop.models import Base
from desktop.models.person import Person
from desktop.services.actions.indicators import compute
from desktop.values.indicators import Period
from tests.indicators.conftest import AS_OF, MANAGER, Known

_INDEXES = ("ix_did_person_dates", "ix_queue_ticket_timing", "ix_queue_ticket_event_timing",
            "ix_vacancy_opened", "ix_proposal_at")


def test_the_indicator_indexes_match_the_model(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        names = {r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'index'"))}
    assert [d for d in diff if "ix_" in repr(d)] == []
    assert set(_INDEXES) <= names
    assert not {"ix_did_person_period", "ix_queue_ticket_event_ticket_id"} & names


@pytest.fixture
def statements() -> Iterator[list[tuple[str, Any]]]:
    """Every statement any engine runs while the fixture is alive."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


def _plan(db: Database, statement: str, parameters: Any) -> str:
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        return " | ".join(str(r[3]) for r in rows)


def test_the_refresh_reads_in_the_order_of_people_and_tickets(
        db: Database, known: Known, statements: list[tuple[str, Any]]) -> None:
    """All sites: the patti read the DIDs in the order of their people and the queue
    its tickets in the order of their ids, each from an index alone and with no sort:
    the probes of the agreements and of the events then walk their indexes in order."""
    compute(db, MANAGER, Period.year(2025), as_of=AS_OF)
    patti = [s for s in statements if "did_patto" in s[0]]
    tickets = [s for s in statements if "queue_ticket_event" in s[0] and "undo" in s[0]
               and "FROM (SELECT" in s[0]]
    assert len(patti) == 2 and len(tickets) == 1  # the patti in two halves of the people
    for statement, parameters in patti:
        assert "did USING COVERING INDEX ix_did_person_dates" in _plan(
            db, statement, parameters)
    plan = _plan(db, *tickets[0])
    assert "SCAN queue_ticket USING COVERING INDEX ix_queue_ticket_timing" in plan, plan
    assert "COVERING INDEX ix_queue_ticket_event_timing" in plan, plan
    assert "TEMP B-TREE" not in plan, plan
    people = [s for s in statements if s[0].lstrip().startswith("SELECT count(*)")
              and "FROM person" in s[0]]
    assert len(people) == 2
    for statement, parameters in people:
        assert "TEMP B-TREE" not in _plan(db, statement, parameters)


def test_a_report_session_reads_on_its_own_connections(db: Database, known: Known) -> None:
    with db.report() as session:
        assert session.get_bind() is not db.engine
        person = session.get(Person, known.people["P1"])
        assert person is not None
        person.citizenship = "francese"
        session.flush()  # written in its transaction, never committed
    with db.read() as session:
        assert session.get(Person, known.people["P1"]).citizenship == "italiana"  # type: ignore[union-attr]
    db.dispose()
    with db.report() as session:  # made again after a dispose
        assert session.get(Person, known.people["P1"]) is not None
