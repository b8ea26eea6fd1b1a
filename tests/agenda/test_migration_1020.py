"""Revision 1020 and the models agree: after migrating, Alembic finds nothing to change
in the agenda's tables; an older database's cancelled appointments keep their meaning."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from desktop.infra.database import Database
from desktop.models import Base


def test_the_agenda_tables_match_the_models(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    ours = [d for d in diff if any(name in repr(d) for name in (
        "queue_appointment", "agenda_operator_hours"))]
    assert ours == []
