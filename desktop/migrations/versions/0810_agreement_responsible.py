"""agreement: the responsible operator of each Patto version

A version records who saved it; the responsible operator printed on the Patto is
chosen among the accounts allowed to sign, so it gets its own column (existing
versions: the operator who saved them, which is what their printout shows).

Revision ID: 0810
Revises: 0800
Create Date: 2026-12-04 20:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0810'
down_revision = '0800'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('agreement_version') as batch:
        batch.add_column(sa.Column('responsible_username', sa.String(length=60),
                                   server_default='', nullable=False))
    op.execute("UPDATE agreement_version SET responsible_username = operator_username")


def downgrade() -> None:
    with op.batch_alter_table('agreement_version') as batch:
        batch.drop_column('responsible_username')
