"""charter: adopted editions; feedback: complaints and satisfaction ratings

The Carta dei servizi takes its edition number and effective date from the edition the
centre adopted (charter_edition), not from the print date. Complaints (reclami) are
recorded with their deadline and answer; satisfaction ratings are stored per service,
counter and day, never per ticket or person.

Revision ID: 0980
Revises: 0860
Create Date: 2026-12-05 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0980'
down_revision = '0960'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'charter_edition',
        sa.Column('centre_code', sa.String(length=20), nullable=False),
        sa.Column('edition', sa.String(length=20), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('effective_from', sa.Date(), nullable=False),
        sa.Column('adopted_on', sa.Date(), nullable=False),
        sa.Column('adopted_at', sa.DateTime(), nullable=False),
        sa.Column('adopted_by', sa.Uuid(), nullable=True),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(['adopted_by'], ['operator.id'],
                                name=op.f('fk_charter_edition_adopted_by_operator')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_charter_edition')),
        sa.UniqueConstraint('centre_code', 'edition', 'number',
                            name=op.f('uq_charter_edition_centre_code_edition_number')),
    )
    op.create_table(
        'complaint',
        sa.Column('site_id', sa.Uuid(), nullable=False),
        sa.Column('number', sa.String(length=20), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('received_on', sa.Date(), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('service_prefix', sa.String(length=2), nullable=False),
        sa.Column('person_id', sa.Uuid(), nullable=True),
        sa.Column('complainant', sa.String(length=200), nullable=False),
        sa.Column('contact', sa.String(length=300), nullable=False),
        sa.Column('deadline', sa.Date(), nullable=False),
        sa.Column('answer', sa.Text(), nullable=False),
        sa.Column('answered_on', sa.Date(), nullable=True),
        sa.Column('recorded_by', sa.Uuid(), nullable=True),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'],
                                name=op.f('fk_complaint_person_id_person')),
        sa.ForeignKeyConstraint(['recorded_by'], ['operator.id'],
                                name=op.f('fk_complaint_recorded_by_operator')),
        sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_complaint_site_id_site')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint')),
        sa.UniqueConstraint('number', name=op.f('uq_complaint_number')),
    )
    op.create_index('ix_complaint_site_deadline', 'complaint', ['site_id', 'deadline'])
    op.create_table(
        'satisfaction_rating',
        sa.Column('site_id', sa.Uuid(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('service_id', sa.Uuid(), nullable=False),
        sa.Column('counter_id', sa.Uuid(), nullable=True),
        sa.Column('face', sa.SmallInteger(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(['counter_id'], ['counter.id'],
                                name=op.f('fk_satisfaction_rating_counter_id_counter')),
        sa.ForeignKeyConstraint(['service_id'], ['service.id'],
                                name=op.f('fk_satisfaction_rating_service_id_service')),
        sa.ForeignKeyConstraint(['site_id'], ['site.id'],
                                name=op.f('fk_satisfaction_rating_site_id_site')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_satisfaction_rating')),
    )
    op.create_index('ix_satisfaction_rating_site_day', 'satisfaction_rating', ['site_id', 'day'])


def downgrade() -> None:
    op.drop_index('ix_satisfaction_rating_site_day', table_name='satisfaction_rating')
    op.drop_table('satisfaction_rating')
    op.drop_index('ix_complaint_site_deadline', table_name='complaint')
    op.drop_table('complaint')
    op.drop_table('charter_edition')
