"""registration: person record, DID, visits, curriculum, L.68

Revision ID: 0100
Revises: 0001
Create Date: 2026-11-25 03:01:23.432787
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op


revision = '0100'
down_revision = '0400'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('curriculum_language',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('language', sa.String(length=40), nullable=False),
    sa.Column('level', sa.String(length=2), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_curriculum_language_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_curriculum_language'))
    )
    with op.batch_alter_table('curriculum_language', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_curriculum_language_person_id'), ['person_id'], unique=False)

    op.create_table('curriculum_profile',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('education', sa.String(length=30), nullable=False),
    sa.Column('licences', sa.String(length=100), nullable=False),
    sa.Column('mobility_radius_km', sa.Integer(), nullable=False),
    sa.Column('mobility_comuni', sa.String(length=500), nullable=False),
    sa.Column('part_time', sa.Boolean(), nullable=False),
    sa.Column('own_vehicle', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_curriculum_profile_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_curriculum_profile')),
    sa.UniqueConstraint('person_id', name=op.f('uq_curriculum_profile_person_id'))
    )
    op.create_table('desired_occupation',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('occupation_code', sa.String(length=20), nullable=False),
    sa.Column('code_system', sa.String(length=10), nullable=False),
    sa.Column('code_version', sa.String(length=10), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_desired_occupation_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desired_occupation'))
    )
    with op.batch_alter_table('desired_occupation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desired_occupation_person_id'), ['person_id'], unique=False)

    op.create_table('did',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('did_date', sa.Date(), nullable=False),
    sa.Column('education', sa.String(length=30), nullable=False),
    sa.Column('employment_condition', sa.String(length=30), nullable=False),
    sa.Column('months_unemployed', sa.Integer(), nullable=False),
    sa.Column('years_in_italy', sa.Integer(), nullable=False),
    sa.Column('household_size', sa.Integer(), nullable=False),
    sa.Column('dependent_children', sa.Integer(), nullable=False),
    sa.Column('driving_licence', sa.Boolean(), nullable=False),
    sa.Column('naspi', sa.Boolean(), nullable=False),
    sa.Column('annual_income', sa.Integer(), nullable=False),
    sa.Column('profiling_index', sa.Float(), nullable=False),
    sa.Column('profiling_class', sa.String(length=20), nullable=False),
    sa.Column('coefficients_version', sa.String(length=20), nullable=False),
    sa.Column('gol_path', sa.Integer(), nullable=False),
    sa.Column('patto_deadline', sa.Date(), nullable=False),
    sa.Column('operator', sa.String(length=60), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_did_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_did'))
    )
    with op.batch_alter_table('did', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_did_person_id'), ['person_id'], unique=False)

    op.create_table('l68_enrolment',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('enrolled_on', sa.Date(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('disability_percent', sa.Integer(), nullable=False),
    sa.Column('assessment_date', sa.Date(), nullable=True),
    sa.Column('notes', sa.String(length=1000), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_l68_enrolment_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_l68_enrolment')),
    sa.UniqueConstraint('person_id', name=op.f('uq_l68_enrolment_person_id'))
    )
    op.create_table('visit',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=100), nullable=False),
    sa.Column('operator', sa.String(length=60), nullable=False),
    sa.Column('site_code', sa.String(length=20), nullable=False),
    sa.Column('ticket_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_visit_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit'))
    )
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_person_id'), ['person_id'], unique=False)

    op.create_table('work_experience',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('employer', sa.String(length=200), nullable=False),
    sa.Column('ateco', sa.String(length=10), nullable=False),
    sa.Column('occupation_code', sa.String(length=20), nullable=False),
    sa.Column('code_system', sa.String(length=10), nullable=False),
    sa.Column('code_version', sa.String(length=10), nullable=False),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('contract', sa.String(length=40), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_work_experience_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_experience'))
    )
    with op.batch_alter_table('work_experience', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_experience_person_id'), ['person_id'], unique=False)

    op.create_table('person_merge',
    sa.Column('kept_id', sa.Uuid(), nullable=False),
    sa.Column('merged_id', sa.Uuid(), nullable=False),
    sa.Column('merged_fiscal_code', sa.String(length=16), nullable=False),
    sa.Column('operator', sa.String(length=60), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_merge'))
    )
    with op.batch_alter_table('person_merge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_merge_kept_id'), ['kept_id'], unique=False)

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('birthplace_name', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('birthplace_province', sa.String(length=2), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('marital_status', sa.String(length=30), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('residence_code', sa.String(length=4), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('residence_town', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('residence_province', sa.String(length=2), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('residence_address', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('residence_number', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('residence_postcode', sa.String(length=5), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('domicile_same', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('domicile_code', sa.String(length=4), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('domicile_town', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('domicile_province', sa.String(length=2), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('domicile_address', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('domicile_number', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('domicile_postcode', sa.String(length=5), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('phone', sa.String(length=30), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('pec', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('permit_type', sa.String(length=60), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('permit_number', sa.String(length=30), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('permit_expiry', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('permit_reason', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('permit_questura', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('delegate_name', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('delegate_fiscal_code', sa.String(length=16), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('delegate_relation', sa.String(length=60), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('privacy_version', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('privacy_acknowledged_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('search_key', sa.String(length=210), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('mobile_key', sa.String(length=30), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_person_mobile_key'), ['mobile_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_search_key'), ['search_key'], unique=False)
        batch_op.create_index('ix_person_birth_date_sex', ['birth_date', 'sex'], unique=False)
        batch_op.create_index('ix_person_email', ['email'], unique=False)

    _backfill_keys()
    _create_name_search()



def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        for name in ('person_fts_ai', 'person_fts_ad', 'person_fts_au'):
            op.execute(f'DROP TRIGGER IF EXISTS {name}')
        op.execute('DROP TABLE IF EXISTS person_fts')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('ix_person_birth_date_sex')
        batch_op.drop_index('ix_person_email')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_search_key'))
        batch_op.drop_index(batch_op.f('ix_person_mobile_key'))
        batch_op.drop_column('mobile_key')
        batch_op.drop_column('search_key')
        batch_op.drop_column('privacy_acknowledged_at')
        batch_op.drop_column('privacy_version')
        batch_op.drop_column('delegate_relation')
        batch_op.drop_column('delegate_fiscal_code')
        batch_op.drop_column('delegate_name')
        batch_op.drop_column('permit_questura')
        batch_op.drop_column('permit_reason')
        batch_op.drop_column('permit_expiry')
        batch_op.drop_column('permit_number')
        batch_op.drop_column('permit_type')
        batch_op.drop_column('pec')
        batch_op.drop_column('phone')
        batch_op.drop_column('domicile_postcode')
        batch_op.drop_column('domicile_number')
        batch_op.drop_column('domicile_address')
        batch_op.drop_column('domicile_province')
        batch_op.drop_column('domicile_town')
        batch_op.drop_column('domicile_code')
        batch_op.drop_column('domicile_same')
        batch_op.drop_column('residence_postcode')
        batch_op.drop_column('residence_number')
        batch_op.drop_column('residence_address')
        batch_op.drop_column('residence_province')
        batch_op.drop_column('residence_town')
        batch_op.drop_column('residence_code')
        batch_op.drop_column('marital_status')
        batch_op.drop_column('birthplace_province')
        batch_op.drop_column('birthplace_name')

    with op.batch_alter_table('work_experience', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_experience_person_id'))

    op.drop_table('work_experience')
    with op.batch_alter_table('person_merge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_merge_kept_id'))
    op.drop_table('person_merge')
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_person_id'))

    op.drop_table('visit')
    op.drop_table('l68_enrolment')
    with op.batch_alter_table('did', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_did_person_id'))

    op.drop_table('did')
    with op.batch_alter_table('desired_occupation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desired_occupation_person_id'))

    op.drop_table('desired_occupation')
    op.drop_table('curriculum_profile')
    with op.batch_alter_table('curriculum_language', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_curriculum_language_person_id'))

    op.drop_table('curriculum_language')


def _fold(text: str) -> str:
    plain = unicodedata.normalize('NFKD', text).encode('ascii', 'ignore').decode()
    return ''.join(ch for ch in plain.lower() if ch.isalnum() or ch == ' ')


def _backfill_keys() -> None:
    """Existing people get the folded search key and digits-only mobile (same rules as
    desktop.models.person.search_key / phone_key, restated: migrations never import models)."""
    bind = op.get_bind()
    person = sa.table('person', sa.column('id', sa.Uuid()), sa.column('surname', sa.String()),
                      sa.column('name', sa.String()), sa.column('mobile', sa.String()),
                      sa.column('email', sa.String()),
                      sa.column('search_key', sa.String()), sa.column('mobile_key', sa.String()))
    rows = bind.execute(sa.select(person.c.id, person.c.surname, person.c.name,
                                  person.c.mobile, person.c.email)).all()
    for row in rows:
        digits = ''.join(ch for ch in row.mobile if ch.isdigit())
        mobile_key = ('+' + digits) if row.mobile.strip().startswith('+') and digits else digits
        bind.execute(person.update().where(person.c.id == row.id).values(
            search_key=' '.join(f'{_fold(row.surname)} {_fold(row.name)}'.split()),
            mobile_key=mobile_key, email=row.email.strip().lower()))


def _create_name_search() -> None:
    """SQLite: an FTS5 index of the folded names, kept in sync by triggers.

    It stores the person id (UNINDEXED) rather than mapping rowids, so a later
    batch migration that rebuilds the person table cannot mismatch it. PostgreSQL
    searches ``search_key`` directly (see desktop.services.people.search).
    """
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        op.execute("CREATE INDEX ix_person_search_key_pattern ON person "
                   "(search_key text_pattern_ops)")
        return
    op.execute("CREATE VIRTUAL TABLE person_fts USING fts5(person_id UNINDEXED, search_key, "
               "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')")
    op.execute("INSERT INTO person_fts (person_id, search_key) SELECT id, search_key FROM person")
    op.execute("CREATE TRIGGER person_fts_ai AFTER INSERT ON person BEGIN "
               "INSERT INTO person_fts (person_id, search_key) VALUES (new.id, new.search_key); END")
    op.execute("CREATE TRIGGER person_fts_ad AFTER DELETE ON person BEGIN "
               "DELETE FROM person_fts WHERE person_id = old.id; END")
    op.execute("CREATE TRIGGER person_fts_au AFTER UPDATE OF search_key ON person "
               "WHEN old.search_key IS NOT new.search_key BEGIN "
               "DELETE FROM person_fts WHERE person_id = old.id; "
               "INSERT INTO person_fts (person_id, search_key) VALUES (new.id, new.search_key); END")
