"""sync: outbox, entity clocks, stream cursors, replicated records, problems, agent lock

Revision ID: 0400
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0400'
down_revision = '0200'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_client',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('last_hlc', sa.String(length=40), nullable=False),
    sa.Column('epoch', sa.String(length=64), nullable=False),
    sa.Column('last_success_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('clock_skew_ms', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_client'))
    )
    op.create_table('sync_outbox',
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('op', sa.String(length=20), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('acked_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_outbox')),
    sa.UniqueConstraint('seq', name=op.f('uq_sync_outbox_seq'))
    )
    op.create_index(op.f('ix_sync_outbox_entity_id'), 'sync_outbox', ['entity_id'], unique=False)
    op.create_index(op.f('ix_sync_outbox_status'), 'sync_outbox', ['status'], unique=False)
    op.create_table('sync_entity_clock',
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('known', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'entity_id', name=op.f('pk_sync_entity_clock'))
    )
    op.create_table('sync_cursor',
    sa.Column('stream', sa.String(length=40), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('snapshot_after', sa.String(length=64), nullable=True),
    sa.Column('snapshot_version', sa.BigInteger(), nullable=True),
    sa.Column('snapshot_done', sa.Boolean(), nullable=False),
    sa.Column('snapshot_total', sa.BigInteger(), nullable=False),
    sa.Column('snapshot_read', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('stream', name=op.f('pk_sync_cursor'))
    )
    op.create_table('sync_record',
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'entity_id', name=op.f('pk_sync_record'))
    )
    op.create_table('sync_problem',
    sa.Column('mutation_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('mine', sa.JSON(), nullable=False),
    sa.Column('theirs', sa.JSON(), nullable=False),
    sa.Column('resolved', sa.Boolean(), nullable=False),
    sa.Column('resolution', sa.String(length=20), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_problem'))
    )
    op.create_index(op.f('ix_sync_problem_mutation_id'), 'sync_problem', ['mutation_id'], unique=False)
    op.create_index(op.f('ix_sync_problem_resolved'), 'sync_problem', ['resolved'], unique=False)
    op.create_table('sync_lock',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('owner', sa.String(length=80), nullable=False),
    sa.Column('lease_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_sync_lock'))
    )


def downgrade() -> None:
    op.drop_table('sync_lock')
    op.drop_index(op.f('ix_sync_problem_resolved'), table_name='sync_problem')
    op.drop_index(op.f('ix_sync_problem_mutation_id'), table_name='sync_problem')
    op.drop_table('sync_problem')
    op.drop_table('sync_record')
    op.drop_table('sync_cursor')
    op.drop_table('sync_entity_clock')
    op.drop_index(op.f('ix_sync_outbox_status'), table_name='sync_outbox')
    op.drop_index(op.f('ix_sync_outbox_entity_id'), table_name='sync_outbox')
    op.drop_table('sync_outbox')
    op.drop_table('sync_client')
