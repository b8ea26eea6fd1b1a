"""actions: policy actions, placements, the DID's site and the patto's signing date

The DID gains the site that took it (backfilled from the "did" visit recorded with
it) and the agreement the date its first version was signed (backfilled from that
version's snapshot), so the indicators can count per site and check the patto
deadline with aggregate SQL.

Revision ID: 0700
Revises: 0610
Create Date: 2026-12-03 08:59:51.909037
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

revision = '0700'
down_revision = '0610'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('policy_action',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('agreement_id', sa.Uuid(), nullable=True),
    sa.Column('measure_code', sa.String(length=10), nullable=False),
    sa.Column('delivered_on', sa.Date(), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.Column('operator', sa.String(length=60), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('site_code', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.String(length=500), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_policy_action_agreement_id_agreement'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_policy_action_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_action'))
    )
    with op.batch_alter_table('policy_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_action_agreement_id'), ['agreement_id'], unique=False)
        batch_op.create_index('ix_policy_action_day', ['delivered_on', 'measure_code', 'person_id', 'hours', 'agreement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_action_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_policy_action_site_day', ['site_code', 'delivered_on', 'measure_code', 'person_id', 'hours', 'agreement_id'], unique=False)

    op.create_table('placement',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('proposal_id', sa.Uuid(), nullable=True),
    sa.Column('employer_id', sa.Uuid(), nullable=True),
    sa.Column('employer_name', sa.String(length=200), nullable=False),
    sa.Column('contract_type', sa.String(length=40), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('operator', sa.String(length=60), nullable=False),
    sa.Column('site_code', sa.String(length=20), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], name=op.f('fk_placement_employer_id_employer'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_placement_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_placement_proposal_id_proposal'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement')),
    sa.UniqueConstraint('proposal_id', name=op.f('uq_placement_proposal_id'))
    )
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_placement_site_start', ['site_code', 'start_date', 'person_id', 'contract_type', 'employer_id'], unique=False)
        batch_op.create_index('ix_placement_start', ['start_date', 'person_id', 'contract_type', 'employer_id'], unique=False)

    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signed_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_agreement_signed_on'), ['signed_on'], unique=False)
        batch_op.create_index('ix_agreement_person_signed', ['person_id', 'signed_on'], unique=False)

    with op.batch_alter_table('did', schema=None) as batch_op:
        batch_op.add_column(sa.Column('site_code', sa.String(length=20), server_default='', nullable=False))
        batch_op.create_index('ix_did_site_date', ['site_code', 'did_date', 'person_id', 'patto_deadline'], unique=False)
        batch_op.create_index('ix_did_date', ['did_date', 'person_id', 'patto_deadline'], unique=False)

    op.create_index('ix_person_indicators', 'person', ['id', 'sex', 'birth_date', 'citizenship'], unique=False)

    _backfill()


def _backfill() -> None:
    bind = op.get_bind()
    bind.execute(sa.text(
        "UPDATE did SET site_code = COALESCE((SELECT v.site_code FROM visit v "
        "WHERE v.person_id = did.person_id AND v.kind = 'did' AND v.site_code <> '' "
        "ORDER BY v.at DESC LIMIT 1), '')"))
    rows = bind.execute(sa.text(
        "SELECT agreement_id, snapshot FROM agreement_version WHERE version = 1")).all()
    for agreement_id, snapshot in rows:
        try:
            signed = json.loads(snapshot).get("signed_on")
        except ValueError:
            continue
        if signed:
            bind.execute(sa.text("UPDATE agreement SET signed_on = :d WHERE id = :i"),
                         {"d": dt.date.fromisoformat(str(signed)[:10]), "i": agreement_id})


def downgrade() -> None:
    op.drop_index('ix_person_indicators', table_name='person')

    with op.batch_alter_table('did', schema=None) as batch_op:
        batch_op.drop_index('ix_did_date')
        batch_op.drop_index('ix_did_site_date')
        batch_op.drop_column('site_code')

    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index('ix_agreement_person_signed')
        batch_op.drop_index(batch_op.f('ix_agreement_signed_on'))
        batch_op.drop_column('signed_on')

    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.drop_index('ix_placement_start')
        batch_op.drop_index('ix_placement_site_start')
        batch_op.drop_index(batch_op.f('ix_placement_person_id'))
        batch_op.drop_index(batch_op.f('ix_placement_employer_id'))

    op.drop_table('placement')
    with op.batch_alter_table('policy_action', schema=None) as batch_op:
        batch_op.drop_index('ix_policy_action_site_day')
        batch_op.drop_index(batch_op.f('ix_policy_action_person_id'))
        batch_op.drop_index('ix_policy_action_day')
        batch_op.drop_index(batch_op.f('ix_policy_action_agreement_id'))

    op.drop_table('policy_action')
