"""registration: the codice fiscale as issued is unique; a DID can end

An omocode is a different person's code: uniqueness moves from the omocode-reduced
``fiscal_code_base`` (now a plain index, for duplicate warnings) to the code the
person holds. Existing data cannot clash: distinct reduced codes mean distinct
codes. The DID gains the date, kind (revoca/decadenza), reason and operator of its
end, so only a DID that has not ended is in force.

Revision ID: 0800
Revises: 0700
Create Date: 2026-12-04 20:30:00
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0800'
down_revision = '0700'
branch_labels = None
depends_on = None


_FTS_TRIGGERS = (
    "CREATE TRIGGER person_fts_ai AFTER INSERT ON person BEGIN "
    "INSERT INTO person_fts (person_id, search_key) VALUES (new.id, new.search_key); END",
    "CREATE TRIGGER person_fts_ad AFTER DELETE ON person BEGIN "
    "DELETE FROM person_fts WHERE person_id = old.id; END",
    "CREATE TRIGGER person_fts_au AFTER UPDATE OF search_key ON person "
    "WHEN old.search_key IS NOT new.search_key BEGIN "
    "DELETE FROM person_fts WHERE person_id = old.id; "
    "INSERT INTO person_fts (person_id, search_key) VALUES (new.id, new.search_key); END",
)


def _rebuild_person(change: Callable[[Any], None]) -> None:
    """Run a batch change of ``person`` without losing what hangs on it.

    SQLite rebuilds the table to change a unique constraint; dropping the old table
    with foreign keys on would cascade-delete every visit, DID, curriculum … of every
    person. The pragma only works outside a transaction: the migration's transaction
    is committed (the revisions before this one are complete and stamped), the rebuild
    runs in its own transaction with foreign keys off and checked before it commits,
    and a new transaction is opened for Alembic to stamp this revision. The rebuild
    also drops the name-search triggers, which are created again.
    """
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        with op.batch_alter_table('person') as batch:
            change(batch)
        return
    bind.exec_driver_sql("COMMIT")
    bind.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        bind.exec_driver_sql("BEGIN IMMEDIATE")
        with op.batch_alter_table('person', recreate='always') as batch:
            change(batch)
        for drop in ("DROP TRIGGER IF EXISTS person_fts_ai", "DROP TRIGGER IF EXISTS person_fts_ad",
                     "DROP TRIGGER IF EXISTS person_fts_au"):
            bind.exec_driver_sql(drop)
        for sql in _FTS_TRIGGERS:
            bind.exec_driver_sql(sql)
        broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"foreign keys broken by the person rebuild: {broken[:5]}")
        bind.exec_driver_sql("COMMIT")
    except BaseException:
        bind.exec_driver_sql("ROLLBACK")
        bind.exec_driver_sql("PRAGMA foreign_keys=ON")
        bind.exec_driver_sql("BEGIN IMMEDIATE")
        raise
    bind.exec_driver_sql("PRAGMA foreign_keys=ON")
    bind.exec_driver_sql("BEGIN IMMEDIATE")


def _code_unique(batch: Any) -> None:
    batch.drop_constraint('uq_person_fiscal_code_base', type_='unique')
    batch.drop_index('ix_person_fiscal_code')
    batch.create_unique_constraint('uq_person_fiscal_code', ['fiscal_code'])
    batch.create_index('ix_person_fiscal_code_base', ['fiscal_code_base'], unique=False)


def _base_unique(batch: Any) -> None:
    batch.drop_index('ix_person_fiscal_code_base')
    batch.drop_constraint('uq_person_fiscal_code', type_='unique')
    batch.create_index('ix_person_fiscal_code', ['fiscal_code'], unique=False)
    batch.create_unique_constraint('uq_person_fiscal_code_base', ['fiscal_code_base'])


def upgrade() -> None:
    _rebuild_person(_code_unique)
    with op.batch_alter_table('did') as batch:
        batch.add_column(sa.Column('ended_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('end_kind', sa.String(length=20), nullable=False,
                                   server_default=''))
        batch.add_column(sa.Column('end_reason', sa.String(length=500), nullable=False,
                                   server_default=''))
        batch.add_column(sa.Column('ended_by', sa.String(length=60), nullable=False,
                                   server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('did') as batch:
        batch.drop_column('ended_by')
        batch.drop_column('end_reason')
        batch.drop_column('end_kind')
        batch.drop_column('ended_on')
    _rebuild_person(_base_unique)  # fails if two people now share a reduced code
