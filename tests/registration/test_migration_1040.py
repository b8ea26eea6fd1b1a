"""Migration 1040: the name search's ordered index, in step with the model."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from desktop.infra.database import Database
from desktop.models import Base


def test_the_person_indexes_match_the_model(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diff if "person" in repr(d) and "ix_" in repr(d)] == []


def test_the_ordered_name_range_reads_no_row_it_does_not_keep(db: Database) -> None:
    """ORDER BY search_key, birth_date LIMIT n is answered by the index, in order: no
    sort step (which would read the birth date of every match first)."""
    with db.engine.connect() as conn:
        plan = " ".join(str(r[3]) for r in conn.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM person WHERE search_key >= 'rossi mar' "
            "AND search_key < 'rossi mas' ORDER BY search_key, birth_date LIMIT 50")))
    assert "ix_person_search_birth" in plan and "TEMP B-TREE" not in plan, plan
