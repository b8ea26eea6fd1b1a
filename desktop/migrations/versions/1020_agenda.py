"""agenda: appointments per counter and operator, check-in and no-show, operators' hours

The agenda books into ``queue_appointment`` (one source of truth the queue already
reads): each appointment gains its counter, operator, length, purpose, the Patto and
measure it serves, a status (booked, checked_in, no_show, cancelled) with the check-in
and no-show moments, and indexes for the day view and the booking code. Operators'
hours for appointments are configuration in ``agenda_operator_hours``.

Revision ID: 1020
Revises: 1000
Create Date: 2026-12-05 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '1020'
down_revision = '1000'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('queue_appointment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counter_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('operator_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('duration_minutes', sa.Integer(), nullable=False,
                                      server_default='30'))
        batch_op.add_column(sa.Column('purpose', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('agreement_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('measure', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('status', sa.String(length=12), nullable=False,
                                      server_default='booked'))
        batch_op.add_column(sa.Column('checked_in_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('no_show_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_queue_appointment_counter_id_counter'),
                                    'counter', ['counter_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_queue_appointment_operator_id_operator'),
                                    'operator', ['operator_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_queue_appointment_agreement_id_agreement'),
                                    'agreement', ['agreement_id'], ['id'], ondelete='SET NULL')
        # A person's appointments go with the person, as their Patto does.
        batch_op.drop_constraint('fk_queue_appointment_person_id_person', type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_queue_appointment_person_id_person'),
                                    'person', ['person_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_queue_appointment_counter_id'), ['counter_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_queue_appointment_operator_id'), ['operator_id'],
                              unique=False)
        batch_op.create_index('ix_queue_appointment_site_when', ['site_id', 'scheduled_at'],
                              unique=False)
        batch_op.create_index('ix_queue_appointment_reference', ['reference'], unique=False)
    op.execute("UPDATE queue_appointment SET status = 'cancelled' WHERE cancelled")
    op.create_table(
        'agenda_operator_hours',
        sa.Column('operator_id', sa.Uuid(), nullable=False),
        sa.Column('site_id', sa.Uuid(), nullable=False),
        sa.Column('weekday', sa.Integer(), nullable=False),
        sa.Column('start', sa.Time(), nullable=False),
        sa.Column('end', sa.Time(), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['operator_id'], ['operator.id'],
                                name=op.f('fk_agenda_operator_hours_operator_id_operator')),
        sa.ForeignKeyConstraint(['site_id'], ['site.id'],
                                name=op.f('fk_agenda_operator_hours_site_id_site')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_operator_hours')))
    with op.batch_alter_table('agenda_operator_hours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_operator_hours_operator_id'),
                              ['operator_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('agenda_operator_hours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_operator_hours_operator_id'))
    op.drop_table('agenda_operator_hours')
    with op.batch_alter_table('queue_appointment', schema=None) as batch_op:
        batch_op.drop_index('ix_queue_appointment_reference')
        batch_op.drop_index('ix_queue_appointment_site_when')
        batch_op.drop_index(batch_op.f('ix_queue_appointment_operator_id'))
        batch_op.drop_index(batch_op.f('ix_queue_appointment_counter_id'))
        batch_op.drop_constraint(batch_op.f('fk_queue_appointment_agreement_id_agreement'),
                                 type_='foreignkey')
        batch_op.drop_constraint('fk_queue_appointment_person_id_person', type_='foreignkey')
        batch_op.create_foreign_key('fk_queue_appointment_person_id_person', 'person',
                                    ['person_id'], ['id'])
        batch_op.drop_constraint(batch_op.f('fk_queue_appointment_operator_id_operator'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_queue_appointment_counter_id_counter'),
                                 type_='foreignkey')
        for column in ('no_show_at', 'checked_in_at', 'status', 'measure', 'agreement_id',
                       'purpose', 'duration_minutes', 'operator_id', 'counter_id'):
            batch_op.drop_column(column)
