"""Sites hold records: the site a token speaks for, the site holding a record, and
mutation ids scoped per workstation.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workstation") as batch:
        batch.add_column(sa.Column("site_code", sa.String(200), nullable=True))
    with op.batch_alter_table("entity") as batch:
        batch.add_column(sa.Column("site_code", sa.String(20), nullable=True))
    # the same mutation id from two workstations is two mutations: a new primary key,
    # made by copying the table (the same way on SQLite and PostgreSQL)
    op.create_table(
        "processed_mutation_new",
        sa.Column("workstation_id", sa.Uuid(), primary_key=True),
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("processed_at", sa.DateTime(), nullable=False))
    op.execute("INSERT INTO processed_mutation_new (workstation_id, id, seq, kind, entity_id, "
               "status, result, processed_at) SELECT workstation_id, id, seq, kind, entity_id, "
               "status, result, processed_at FROM processed_mutation")
    op.drop_table("processed_mutation")
    op.rename_table("processed_mutation_new", "processed_mutation")
    op.create_index("ix_processed_mutation_id", "processed_mutation", ["id"])


def downgrade() -> None:
    # back to one primary key on the mutation id: two workstations' mutations with the
    # same id cannot both be kept, and the copy then fails on the key (nothing changed)
    op.create_table(
        "processed_mutation_old",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("workstation_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("processed_at", sa.DateTime(), nullable=False))
    op.execute("INSERT INTO processed_mutation_old (id, workstation_id, seq, kind, entity_id, "
               "status, result, processed_at) SELECT id, workstation_id, seq, kind, entity_id, "
               "status, result, processed_at FROM processed_mutation")
    op.drop_table("processed_mutation")
    op.rename_table("processed_mutation_old", "processed_mutation")
    op.create_index("ix_processed_mutation_workstation_id", "processed_mutation",
                    ["workstation_id"])
    with op.batch_alter_table("entity") as batch:
        batch.drop_column("site_code")
    with op.batch_alter_table("workstation") as batch:
        batch.drop_column("site_code")
