"""archive: keep the printed PDF bytes

Printed means archived, exactly: the archive row gains the bytes that were printed
or saved, so a reprint returns them unchanged (checked against the stored SHA-256)
instead of rebuilding the document with whatever code is installed later. Rows
archived before this revision keep ``pdf`` NULL.

Revision ID: 0820
Revises: 0810
Create Date: 2026-12-04 20:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0820'
down_revision = '0810'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('printed_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pdf', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('printed_document', schema=None) as batch_op:
        batch_op.drop_column('pdf')
