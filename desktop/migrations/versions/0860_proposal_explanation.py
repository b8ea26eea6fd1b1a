"""proposal: keep the ranking and the explanation given when the candidate was proposed

A rosa printed later must show the explanation the operator saw (its parts add up to the
stored score), not one recomputed from today's data. Each proposal gains its rank, the
day it was scored and the explanation as JSON (the parts and the data they came from).
Proposals made before this revision keep an empty explanation and rank 0. An index on
the DIDs (person, dates) lets the fairness report count a year's pool in one pass.

Revision ID: 0860
Revises: 0820
Create Date: 2026-12-05 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0860'
down_revision = '0840'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rank', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('scored_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('explanation', sa.Text(), nullable=False,
                                      server_default=''))
    # The fairness report's probe: a DID in force at some time in the period, per person.
    op.create_index('ix_did_person_period', 'did', ['person_id', 'did_date', 'ended_on'])


def downgrade() -> None:
    op.drop_index('ix_did_person_period', table_name='did')
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_column('explanation')
        batch_op.drop_column('scored_on')
        batch_op.drop_column('rank')
