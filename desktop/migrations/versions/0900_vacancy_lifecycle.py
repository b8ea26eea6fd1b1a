"""vacancy: optional skills, the reason of its status, and the history of its statuses

The counter enters vacancies (a draft, "bozza", until published), publishes, suspends
and closes them with a reason. Each vacancy gains its optional skills and the reason
(a code and a note) of its current status; every change is kept in
vacancy_status_change. Vacancies made before this revision keep their status with
no reason.

Revision ID: 0900
Revises: 0860
Create Date: 2026-12-05 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0900'
down_revision = '0880'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('optional_skills', sa.String(length=1000),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('status_reason', sa.String(length=30),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('status_note', sa.String(length=300),
                                      nullable=False, server_default=''))
    op.create_table(
        'vacancy_status_change',
        sa.Column('vacancy_id', sa.Uuid(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.String(length=30), nullable=False),
        sa.Column('note', sa.String(length=300), nullable=False),
        sa.Column('operator', sa.String(length=60), nullable=False),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(['vacancy_id'], ['vacancy.id'],
                                name=op.f('fk_vacancy_status_change_vacancy_id_vacancy'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancy_status_change')))
    with op.batch_alter_table('vacancy_status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vacancy_status_change_vacancy_id'),
                              ['vacancy_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('vacancy_status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vacancy_status_change_vacancy_id'))
    op.drop_table('vacancy_status_change')
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.drop_column('status_note')
        batch_op.drop_column('status_reason')
        batch_op.drop_column('optional_skills')
