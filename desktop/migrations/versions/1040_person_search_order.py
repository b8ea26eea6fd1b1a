"""person: the name search's index also orders by birth date

The search box's first step is an ordered range on the folded ``search_key``
(``ORDER BY search_key, birth_date LIMIT 50``). With an index on ``search_key`` alone,
a common prefix ("rossi mar": about 1,600 people at regional scale) read every
match's row for its birth date before keeping 50; an index on both columns gives
them in order and stops at 50. It replaces the index on ``search_key`` alone, which
it covers.

Revision ID: 1040
Revises: 1020
Create Date: 2026-12-05 08:40:00
"""

from __future__ import annotations

from alembic import op

revision = '1040'
down_revision = '1020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_person_search_birth', 'person', ['search_key', 'birth_date'],
                    unique=False)
    op.drop_index('ix_person_search_key', table_name='person')


def downgrade() -> None:
    op.create_index('ix_person_search_key', 'person', ['search_key'], unique=False)
    op.drop_index('ix_person_search_birth', table_name='person')
