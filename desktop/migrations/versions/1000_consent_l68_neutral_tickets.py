"""consent per vacancy, L. 68 enrolment details, vacancy demands, neutral ticket letters

A candidate's consent to send their CV and contacts to the firm of a vacancy gets a
table. The L. 68/1999 enrolment gains the basis of art. 1 (which threshold applies),
the references to the reports and the work limitations; a vacancy gains what it asks
of the body (night shifts, heavy lifting, standing long, driving) so the matching can
respect those limitations. A site chooses what the waiting room sees of a ticket:
neutral letters by default, so nobody learns which service a person came for.

Revision ID: 1000
Revises: 0980
Create Date: 2026-12-05 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '1000'
down_revision = '0980'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'candidate_consent',
        sa.Column('person_id', sa.Uuid(), nullable=False),
        sa.Column('vacancy_id', sa.Uuid(), nullable=False),
        sa.Column('given_at', sa.DateTime(), nullable=False),
        sa.Column('operator', sa.String(length=60), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['vacancy_id'], ['vacancy.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('person_id', 'vacancy_id'),
    )
    op.create_index('ix_candidate_consent_person_id', 'candidate_consent', ['person_id'])
    op.create_index('ix_candidate_consent_vacancy_id', 'candidate_consent', ['vacancy_id'])
    with op.batch_alter_table('l68_enrolment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('basis', sa.String(length=30), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('report_number', sa.String(length=40), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('report_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('functional_report', sa.String(length=200),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('limitations', sa.String(length=300), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('limitations_note', sa.String(length=500),
                                      nullable=False, server_default=''))
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        for name in ('night_shifts', 'heavy_lifting', 'long_standing', 'driving'):
            batch_op.add_column(sa.Column(name, sa.Boolean(), nullable=False,
                                          server_default=sa.false()))
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ticket_letters', sa.String(length=10), nullable=False,
                                      server_default='neutral'))
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_letter', sa.String(length=2), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_column('public_letter')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_column('ticket_letters')
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        for name in ('driving', 'long_standing', 'heavy_lifting', 'night_shifts'):
            batch_op.drop_column(name)
    with op.batch_alter_table('l68_enrolment', schema=None) as batch_op:
        for name in ('limitations_note', 'limitations', 'functional_report', 'report_date',
                     'report_number', 'basis'):
            batch_op.drop_column(name)
    op.drop_index('ix_candidate_consent_vacancy_id', table_name='candidate_consent')
    op.drop_index('ix_candidate_consent_person_id', table_name='candidate_consent')
    op.drop_table('candidate_consent')
