"""The regional server's tables as first released (before sites held records).

A database made by that release has these tables already (it made them itself, without
Alembic): only the missing ones are created, so it continues from here.

Revision ID: 0001
Revises:
Create Date: 2026-12-05
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())

    def table(name: str, *columns: Any) -> None:
        if name not in existing:
            op.create_table(name, *columns)

    table("meta",
          sa.Column("key", sa.String(40), primary_key=True),
          sa.Column("value", sa.String(80), nullable=False))
    table("workstation",
          sa.Column("id", sa.Uuid(), primary_key=True),
          sa.Column("name", sa.String(100), nullable=False, unique=True),
          sa.Column("token_hash", sa.String(64), nullable=False, index=True),
          sa.Column("expires_at", sa.DateTime(), nullable=True),
          sa.Column("last_seq", sa.BigInteger(), nullable=False))
    table("processed_mutation",
          sa.Column("id", sa.Uuid(), primary_key=True),
          sa.Column("workstation_id", sa.Uuid(), nullable=False, index=True),
          sa.Column("seq", sa.BigInteger(), nullable=False),
          sa.Column("kind", sa.String(40), nullable=False),
          sa.Column("entity_id", sa.Uuid(), nullable=False),
          sa.Column("status", sa.String(20), nullable=False),
          sa.Column("result", sa.JSON(), nullable=False),
          sa.Column("processed_at", sa.DateTime(), nullable=False))
    table("entity",
          sa.Column("kind", sa.String(40), primary_key=True),
          sa.Column("id", sa.Uuid(), primary_key=True),
          sa.Column("natural_key", sa.String(64), nullable=True),
          sa.Column("fields", sa.JSON(), nullable=False),
          sa.Column("clocks", sa.JSON(), nullable=False),
          sa.Column("deleted", sa.Boolean(), nullable=False),
          sa.Column("version", sa.BigInteger(), nullable=False),
          sa.UniqueConstraint("kind", "natural_key"))
    table("id_alias",
          sa.Column("kind", sa.String(40), primary_key=True),
          sa.Column("alias", sa.Uuid(), primary_key=True),
          sa.Column("target", sa.Uuid(), nullable=False))
    table("change",
          sa.Column("version", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                    primary_key=True, autoincrement=False),
          sa.Column("stream", sa.String(40), nullable=False, index=True),
          sa.Column("kind", sa.String(40), nullable=False),
          sa.Column("entity_id", sa.Uuid(), nullable=False),
          sa.Column("data", sa.JSON(), nullable=False))
    table("conflict_log",
          sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
          sa.Column("mutation_id", sa.Uuid(), nullable=False),
          sa.Column("kind", sa.String(40), nullable=False),
          sa.Column("entity_id", sa.Uuid(), nullable=False),
          sa.Column("detail", sa.JSON(), nullable=False),
          sa.Column("note", sa.Text(), nullable=False),
          sa.Column("at", sa.DateTime(), nullable=False))
    table("daily_aggregate",
          sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
          sa.Column("site_code", sa.String(20), nullable=False, index=True),
          sa.Column("day", sa.Date(), nullable=False, index=True),
          sa.Column("schema", sa.Integer(), nullable=False),
          sa.Column("figures", sa.JSON(), nullable=False),
          sa.Column("hlc", sa.String(40), nullable=False),
          sa.Column("received_at", sa.DateTime(), nullable=False),
          sa.UniqueConstraint("site_code", "day"))


def downgrade() -> None:
    for name in ("daily_aggregate", "conflict_log", "change", "id_alias", "entity",
                 "processed_mutation", "workstation", "meta"):
        op.drop_table(name)
