"""The 1000 migration makes exactly the tables and columns the models declare."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from desktop.infra.database import Database
from desktop.models import Base

OURS = {"candidate_consent", "l68_enrolment", "vacancy", "site", "service"}


def test_migrated_schema_matches_the_models(db: Database) -> None:
    with db.engine.connect() as conn:
        found = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    columns_or_tables = [d for d in found if isinstance(d, tuple) and d[0] in (
        "add_table", "remove_table", "add_column", "remove_column")]
    ours = [d for d in columns_or_tables if getattr(d[-1], "name", None) in OURS
            or (len(d) > 2 and d[2] in OURS)]
    assert ours == []
