"""indicators: indexes that let the Osservatorio read in order and from indexes alone

The year's dashboard of a region (250,000 people, 600,000 actions) spent most of its
time decrypting pages read at random:

- the patti probed each DID's person's agreements in the order of the DIDs' dates, a
  random page of the agreements' index a DID; the DIDs are now read through an index in
  the order of the people (the fairness report's, which gains the patto deadline), so
  the probes walk the agreements' index in order;
- the queue probed each ticket's events in the tickets' table order: two ticket
  indexes in id order (all sites; one site), with the day and issue time, make those
  probes ordered, and the events' index gains each event's kind and time, so the events are read from it alone (it
  replaces the index on ``ticket_id``, which it covers);
- the period's vacancies and proposals were read from their tables (long rows); two
  indexes hold what the firms indicator reads.

Revision ID: 1060
Revises: 1040
Create Date: 2026-12-05 11:40:00
"""

from __future__ import annotations

from alembic import op

revision = '1060'
down_revision = '1040'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_did_person_dates', 'did',
                    ['person_id', 'did_date', 'ended_on', 'patto_deadline'], unique=False)
    op.drop_index('ix_did_person_period', table_name='did')
    op.create_index('ix_queue_ticket_timing', 'queue_ticket', ['id', 'day', 'issued_at'],
                    unique=False)
    op.create_index('ix_queue_ticket_site_timing', 'queue_ticket',
                    ['site_id', 'id', 'day', 'issued_at'], unique=False)
    op.create_index('ix_queue_ticket_event_timing', 'queue_ticket_event',
                    ['ticket_id', 'kind', 'at'], unique=False)
    op.drop_index('ix_queue_ticket_event_ticket_id', table_name='queue_ticket_event')
    op.create_index('ix_vacancy_opened', 'vacancy',
                    ['opened_on', 'site_code', 'employer_id', 'positions'], unique=False)
    op.create_index('ix_proposal_at', 'proposal', ['proposed_at', 'vacancy_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_proposal_at', table_name='proposal')
    op.drop_index('ix_vacancy_opened', table_name='vacancy')
    op.create_index('ix_queue_ticket_event_ticket_id', 'queue_ticket_event', ['ticket_id'],
                    unique=False)
    op.drop_index('ix_queue_ticket_event_timing', table_name='queue_ticket_event')
    op.drop_index('ix_queue_ticket_site_timing', table_name='queue_ticket')
    op.drop_index('ix_queue_ticket_timing', table_name='queue_ticket')
    op.create_index('ix_did_person_period', 'did', ['person_id', 'did_date', 'ended_on'],
                    unique=False)
    op.drop_index('ix_did_person_dates', table_name='did')
