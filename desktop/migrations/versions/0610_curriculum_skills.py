"""matching: the person's skills in the curriculum

The skills part of the matching score compares a vacancy's skills with the
person's; without a place to record them every person lost that part.

Revision ID: 0610
Revises: 0600
Create Date: 2026-12-03 09:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0610'
down_revision = '0600'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('curriculum_profile') as batch:
        batch.add_column(sa.Column('skills', sa.String(length=1000), nullable=False,
                                   server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('curriculum_profile') as batch:
        batch.drop_column('skills')
