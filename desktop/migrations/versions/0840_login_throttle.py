"""login: wrong passwords counted per user name and per workstation

The lockout becomes a growing, bounded delay (issue 19): failures are counted by a
hash of the typed user name (known or not) and of the workstation, instead of a
hard lock on the operator row that answered differently for existing accounts.

Revision ID: 0840
Revises: 0820
Create Date: 2026-12-05 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0840'
down_revision = '0820'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'login_throttle',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('failures', sa.Integer(), server_default='0', nullable=False),
        sa.Column('last_failure_at', sa.DateTime(), nullable=True),
        sa.Column('last_attempt_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttle')),
    )


def downgrade() -> None:
    op.drop_table('login_throttle')
