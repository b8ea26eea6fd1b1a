"""documents: agreements, versions and printed-document archive

Deleting a person (erasure, or the last step of a merge) removes their agreements and
the archive rows about them: ON DELETE CASCADE on every foreign key to a person.

Revision ID: 0300
Revises: 0001
Create Date: 2026-11-25 03:00:56.076330
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0300'
down_revision = '0100'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agreement',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('centre_code', sa.String(length=20), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_agreement_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement')),
    sa.UniqueConstraint('number', name=op.f('uq_agreement_number'))
    )
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_person_id'), ['person_id'], unique=False)

    op.create_table('agreement_version',
    sa.Column('agreement_id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('replaces_id', sa.Uuid(), nullable=True),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.Column('snapshot_sha256', sa.String(length=64), nullable=False),
    sa.Column('operator_username', sa.String(length=60), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_agreement_version_agreement_id_agreement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replaces_id'], ['agreement_version.id'], name=op.f('fk_agreement_version_replaces_id_agreement_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_version')),
    sa.UniqueConstraint('agreement_id', 'version', name=op.f('uq_agreement_version_agreement_id_version'))
    )
    with op.batch_alter_table('agreement_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_version_agreement_id'), ['agreement_id'], unique=False)

    op.create_table('printed_document',
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('agreement_version_id', sa.Uuid(), nullable=True),
    sa.Column('params', sa.Text(), nullable=False),
    sa.Column('operator_username', sa.String(length=60), nullable=False),
    sa.Column('printed_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_version_id'], ['agreement_version.id'], name=op.f('fk_printed_document_agreement_version_id_agreement_version'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_printed_document_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_printed_document'))
    )
    with op.batch_alter_table('printed_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_printed_document_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_printed_document_number'), ['number'], unique=False)
        batch_op.create_index(batch_op.f('ix_printed_document_person_id'), ['person_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('printed_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_printed_document_person_id'))
        batch_op.drop_index(batch_op.f('ix_printed_document_number'))
        batch_op.drop_index(batch_op.f('ix_printed_document_kind'))

    op.drop_table('printed_document')
    with op.batch_alter_table('agreement_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_version_agreement_id'))

    op.drop_table('agreement_version')
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_person_id'))

    op.drop_table('agreement')
