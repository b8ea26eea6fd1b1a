"""matching: occupations, employers, vacancies, proposals

The proposal rows cascade with the person (erasure, merge) and the vacancy.

Revision ID: 0600
Revises: 0300
Create Date: 2026-12-03 05:07:36.855962
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0600'
down_revision = '0300'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('employer',
    sa.Column('fiscal_code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('ateco', sa.String(length=10), nullable=False),
    sa.Column('comune_code', sa.String(length=4), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('site_code', sa.String(length=20), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer')),
    sa.UniqueConstraint('fiscal_code', name=op.f('uq_employer_fiscal_code'))
    )
    op.create_table('occupation',
    sa.Column('code_system', sa.String(length=10), nullable=False),
    sa.Column('code_version', sa.String(length=10), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('isco_code', sa.String(length=10), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_occupation')),
    sa.UniqueConstraint('code_system', 'code_version', 'code', name=op.f('uq_occupation_code_system_code_version_code'))
    )
    with op.batch_alter_table('occupation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_occupation_code'), ['code'], unique=False)

    op.create_table('vacancy',
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('employer_id', sa.Uuid(), nullable=False),
    sa.Column('site_code', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('occupation_code', sa.String(length=20), nullable=False),
    sa.Column('code_system', sa.String(length=10), nullable=False),
    sa.Column('code_version', sa.String(length=10), nullable=False),
    sa.Column('skills', sa.String(length=1000), nullable=False),
    sa.Column('education', sa.String(length=30), nullable=False),
    sa.Column('languages', sa.String(length=300), nullable=False),
    sa.Column('licences', sa.String(length=100), nullable=False),
    sa.Column('contract_type', sa.String(length=40), nullable=False),
    sa.Column('hours_per_week', sa.Integer(), nullable=False),
    sa.Column('part_time', sa.Boolean(), nullable=False),
    sa.Column('workplace_code', sa.String(length=4), nullable=False),
    sa.Column('positions', sa.Integer(), nullable=False),
    sa.Column('l68_only', sa.Boolean(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], name=op.f('fk_vacancy_employer_id_employer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancy')),
    sa.UniqueConstraint('number', name=op.f('uq_vacancy_number'))
    )
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vacancy_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancy_status'), ['status'], unique=False)

    op.create_table('proposal',
    sa.Column('vacancy_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('proposed_at', sa.DateTime(), nullable=False),
    sa.Column('operator', sa.String(length=60), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('outcome_at', sa.DateTime(), nullable=True),
    sa.Column('contract_type', sa.String(length=40), nullable=False),
    sa.Column('notes', sa.String(length=500), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_proposal_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancy.id'], name=op.f('fk_proposal_vacancy_id_vacancy'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal')),
    sa.UniqueConstraint('vacancy_id', 'person_id', name=op.f('uq_proposal_vacancy_id_person_id'))
    )
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_outcome'), ['outcome'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_vacancy_id'), ['vacancy_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_vacancy_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_person_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_outcome'))

    op.drop_table('proposal')
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vacancy_status'))
        batch_op.drop_index(batch_op.f('ix_vacancy_employer_id'))

    op.drop_table('vacancy')
    with op.batch_alter_table('occupation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_occupation_code'))

    op.drop_table('occupation')
    op.drop_table('employer')
