"""messaging and condizionalità: message outbox, contact preferences, kiosk contacts,
absences and sanction proposals

Reminders and "your turn is near" messages wait in an outbox table and are sent by a
worker exactly once per idempotency key; a person's consent and preferred channel get
their own table (not columns on person). An absence at a convocation opens a
justification window; an unjustified one becomes a sanction proposal.

Revision ID: 0960
Revises: 0860
Create Date: 2026-12-05 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0960'
down_revision = '0900'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'message_outbox',
        sa.Column('key', sa.String(160), nullable=False),
        sa.Column('ref', sa.String(80), nullable=False),
        sa.Column('channel', sa.String(8), nullable=False),
        sa.Column('address', sa.String(254), nullable=False),
        sa.Column('subject', sa.String(200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('due_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=True),
        sa.Column('status', sa.String(10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('lease_owner', sa.String(60), nullable=False),
        sa.Column('lease_until', sa.DateTime(), nullable=True),
        sa.Column('last_error', sa.String(500), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_message_outbox')),
        sa.UniqueConstraint('key', name=op.f('uq_message_outbox_key')),
    )
    op.create_index('ix_message_outbox_due', 'message_outbox', ['status', 'next_attempt_at'])
    op.create_index(op.f('ix_message_outbox_ref'), 'message_outbox', ['ref'])
    op.create_table(
        'person_contact_preference',
        sa.Column('person_id', sa.Uuid(), nullable=False),
        sa.Column('channel', sa.String(8), nullable=False),
        sa.Column('consent', sa.Boolean(), nullable=False),
        sa.Column('recorded_by', sa.String(60), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE',
                                name=op.f('fk_person_contact_preference_person_id_person')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_person_contact_preference')),
        sa.UniqueConstraint('person_id', name=op.f('uq_person_contact_preference_person_id')),
    )
    op.create_table(
        'queue_ticket_contact',
        sa.Column('ticket_id', sa.Uuid(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('channel', sa.String(8), nullable=False),
        sa.Column('address', sa.String(254), nullable=False),
        sa.Column('notified', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['ticket_id'], ['queue_ticket.id'], ondelete='CASCADE',
                                name=op.f('fk_queue_ticket_contact_ticket_id_queue_ticket')),
        sa.PrimaryKeyConstraint('ticket_id', name=op.f('pk_queue_ticket_contact')),
    )
    op.create_index(op.f('ix_queue_ticket_contact_day'), 'queue_ticket_contact', ['day'])
    op.create_table(
        'conditionality_absence',
        sa.Column('person_id', sa.Uuid(), nullable=False),
        sa.Column('appointment_id', sa.Uuid(), nullable=False),
        sa.Column('scheduled_at', sa.DateTime(), nullable=False),
        sa.Column('window_until', sa.Date(), nullable=False),
        sa.Column('status', sa.String(12), nullable=False),
        sa.Column('reason', sa.String(300), nullable=False),
        sa.Column('document_ref', sa.String(120), nullable=False),
        sa.Column('justified_at', sa.DateTime(), nullable=True),
        sa.Column('justified_by', sa.String(60), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE',
                                name=op.f('fk_conditionality_absence_person_id_person')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_conditionality_absence')),
        sa.UniqueConstraint('appointment_id',
                            name=op.f('uq_conditionality_absence_appointment_id')),
    )
    op.create_index(op.f('ix_conditionality_absence_person_id'), 'conditionality_absence',
                    ['person_id'])
    op.create_index(op.f('ix_conditionality_absence_status'), 'conditionality_absence',
                    ['status'])
    op.create_table(
        'sanction_proposal',
        sa.Column('absence_id', sa.Uuid(), nullable=False),
        sa.Column('person_id', sa.Uuid(), nullable=False),
        sa.Column('ordinal', sa.Integer(), nullable=False),
        sa.Column('sanction', sa.String(20), nullable=False),
        sa.Column('benefit', sa.Boolean(), nullable=False),
        sa.Column('wording', sa.String(500), nullable=False),
        sa.Column('proposed_by', sa.String(60), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['absence_id'], ['conditionality_absence.id'],
                                ondelete='CASCADE',
                                name=op.f('fk_sanction_proposal_absence_id_conditionality_absence')),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE',
                                name=op.f('fk_sanction_proposal_person_id_person')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sanction_proposal')),
        sa.UniqueConstraint('absence_id', name=op.f('uq_sanction_proposal_absence_id')),
    )
    op.create_index(op.f('ix_sanction_proposal_person_id'), 'sanction_proposal',
                    ['person_id'])


def downgrade() -> None:
    op.drop_table('sanction_proposal')
    op.drop_table('conditionality_absence')
    op.drop_table('queue_ticket_contact')
    op.drop_table('person_contact_preference')
    op.drop_table('message_outbox')
