"""firms: the Imprese counter's registry (sites, contacts, size, L.68) and firm services

A firm gains a search key (its name in upper case without accents, indexed: the search
by the first letters is a range scan), a size band, the employees computable for L. 68
and the L. 68 hires in service. Its sedi operative and contacts get their own tables,
and the services the centre delivers to firms are recorded in firm_action.

Revision ID: 0880
Revises: 0860
Create Date: 2026-12-05 05:00:00
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0880'
down_revision = '0860'
branch_labels = None
depends_on = None


def _key(text: str) -> str:
    # desktop.models.search_key.search_key as of this revision (frozen here on purpose).
    plain = "".join(c for c in unicodedata.normalize("NFKD", text)
                    if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in plain.upper()).split())


def _timestamps() -> list[sa.Column[object]]:
    return [sa.Column('created_at', sa.DateTime(), nullable=False),
            sa.Column('updated_at', sa.DateTime(), nullable=False)]


def upgrade() -> None:
    with op.batch_alter_table('employer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_name', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('size_band', sa.String(length=8), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('employees', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('l68_hires', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_employer_search_name'), ['search_name'],
                              unique=False)
    connection = op.get_bind()
    employer = sa.table('employer', sa.column('id', sa.Uuid()), sa.column('name', sa.String()),
                        sa.column('search_name', sa.String()))
    for row in connection.execute(sa.select(employer.c.id, employer.c.name)).all():
        connection.execute(employer.update().where(employer.c.id == row.id)
                           .values(search_name=_key(row.name or "")))
    op.create_table(
        'employer_site',
        sa.Column('employer_id', sa.Uuid(), nullable=False),
        sa.Column('label', sa.String(length=120), nullable=False),
        sa.Column('address', sa.String(length=200), nullable=False),
        sa.Column('comune_code', sa.String(length=4), nullable=False),
        sa.Column('phone', sa.String(length=30), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], ondelete='CASCADE',
                                name=op.f('fk_employer_site_employer_id_employer')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_employer_site')),
    )
    op.create_index(op.f('ix_employer_site_employer_id'), 'employer_site', ['employer_id'])
    op.create_table(
        'employer_contact',
        sa.Column('employer_id', sa.Uuid(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('role', sa.String(length=120), nullable=False),
        sa.Column('phone', sa.String(length=30), nullable=False),
        sa.Column('email', sa.String(length=200), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], ondelete='CASCADE',
                                name=op.f('fk_employer_contact_employer_id_employer')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_employer_contact')),
    )
    op.create_index(op.f('ix_employer_contact_employer_id'), 'employer_contact',
                    ['employer_id'])
    op.create_table(
        'firm_action',
        sa.Column('employer_id', sa.Uuid(), nullable=False),
        sa.Column('action_date', sa.Date(), nullable=False),
        sa.Column('service_code', sa.String(length=40), nullable=False),
        sa.Column('operator_id', sa.Uuid(), nullable=True),
        sa.Column('operator_username', sa.String(length=100), nullable=False),
        sa.Column('employer_site_id', sa.Uuid(), nullable=True),
        sa.Column('site_code', sa.String(length=20), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], ondelete='CASCADE',
                                name=op.f('fk_firm_action_employer_id_employer')),
        sa.ForeignKeyConstraint(['employer_site_id'], ['employer_site.id'],
                                ondelete='SET NULL',
                                name=op.f('fk_firm_action_employer_site_id_employer_site')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_firm_action')),
    )
    op.create_index(op.f('ix_firm_action_employer_id'), 'firm_action', ['employer_id'])
    op.create_index('ix_firm_action_date_type', 'firm_action',
                    ['action_date', 'service_code'])


def downgrade() -> None:
    op.drop_index('ix_firm_action_date_type', table_name='firm_action')
    op.drop_index(op.f('ix_firm_action_employer_id'), table_name='firm_action')
    op.drop_table('firm_action')
    op.drop_index(op.f('ix_employer_contact_employer_id'), table_name='employer_contact')
    op.drop_table('employer_contact')
    op.drop_index(op.f('ix_employer_site_employer_id'), table_name='employer_site')
    op.drop_table('employer_site')
    with op.batch_alter_table('employer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employer_search_name'))
        batch_op.drop_column('l68_hires')
        batch_op.drop_column('employees')
        batch_op.drop_column('size_band')
        batch_op.drop_column('search_name')
