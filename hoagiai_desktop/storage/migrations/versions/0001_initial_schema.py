"""Initial schema: every entity of DOMAIN §2, plus the FTS5 search tables on SQLite.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

FTS_TABLES = ("fts_mediator", "fts_case", "fts_team", "fts_village")


def upgrade() -> None:
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('who', sa.String(length=100), nullable=False),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('entity_code', sa.String(length=64), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('fields', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)

    op.create_table('finalised_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(length=64), nullable=False),
    sa.Column('period', sa.String(length=32), nullable=False),
    sa.Column('team_code', sa.String(length=32), nullable=True),
    sa.Column('definition_version', sa.String(length=64), nullable=True),
    sa.Column('number', sa.String(length=100), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('preparer', sa.String(length=200), nullable=True),
    sa.Column('checker', sa.String(length=200), nullable=True),
    sa.Column('signer', sa.String(length=200), nullable=True),
    sa.Column('figures', sa.Text(), nullable=False),
    sa.Column('estimates', sa.Text(), nullable=True),
    sa.Column('narrative', sa.Text(), nullable=True),
    sa.Column('finalised_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finalised_report'))
    )
    op.create_table('form_definition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_definition')),
    sa.UniqueConstraint('form_id', 'version', name=op.f('uq_form_definition_form_id'))
    )
    op.create_table('mediator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('sex', sa.String(length=32), nullable=False),
    sa.Column('ethnicity', sa.String(length=60), nullable=False),
    sa.Column('address', sa.String(length=400), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('legal_qualification', sa.String(length=32), nullable=False),
    sa.Column('background', sa.String(length=32), nullable=True),
    sa.Column('community_role', sa.String(length=200), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('name_fold', sa.String(length=400), nullable=False),
    sa.Column('sort_key', sa.String(length=600).with_variant(sa.String(length=600, collation='C'), 'postgresql'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediator')),
    sa.UniqueConstraint('code', name=op.f('uq_mediator_code'))
    )
    with op.batch_alter_table('mediator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediator_name_fold'), ['name_fold'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediator_sort_key'), ['sort_key'], unique=False)

    op.create_table('setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan', sa.String(length=200), nullable=False),
    sa.Column('legal_basis', sa.String(length=400), nullable=True),
    sa.Column('indicator', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('year_from', sa.Integer(), nullable=True),
    sa.Column('year_to', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target')),
    sa.UniqueConstraint('plan', 'indicator', name=op.f('uq_target_plan'))
    )
    op.create_table('training_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=400), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('organiser_level', sa.String(length=32), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=False),
    sa.Column('hours', sa.Float(), nullable=True),
    sa.Column('venue', sa.String(length=400), nullable=True),
    sa.Column('trainers', sa.Text(), nullable=True),
    sa.Column('materials', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('name_fold', sa.String(length=800), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_event')),
    sa.UniqueConstraint('code', name=op.f('uq_training_event_code'))
    )
    with op.batch_alter_table('training_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_event_end_on'), ['end_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_event_name_fold'), ['name_fold'], unique=False)

    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('place_name', sa.String(length=200), nullable=False),
    sa.Column('chairman_name', sa.String(length=200), nullable=True),
    sa.Column('vice_chairman_name', sa.String(length=200), nullable=True),
    sa.Column('signer_is_vice', sa.Boolean(), nullable=False),
    sa.Column('justice_officer_name', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('code', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit'))
    )
    op.create_table('village',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('households', sa.Integer(), nullable=True),
    sa.Column('ethnic_area', sa.Boolean(), nullable=False),
    sa.Column('active_from', sa.Date(), nullable=True),
    sa.Column('merged_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('name_fold', sa.String(length=400), nullable=False),
    sa.Column('sort_key', sa.String(length=600).with_variant(sa.String(length=600, collation='C'), 'postgresql'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_village')),
    sa.UniqueConstraint('code', name=op.f('uq_village_code'))
    )
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_village_name_fold'), ['name_fold'], unique=False)
        batch_op.create_index(batch_op.f('ix_village_sort_key'), ['sort_key'], unique=False)

    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['training_event.id'], name=op.f('fk_attendance_event_id_training_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediator.id'], name=op.f('fk_attendance_mediator_id_mediator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('event_id', 'mediator_id', name=op.f('uq_attendance_event_id'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_mediator_id'), ['mediator_id'], unique=False)

    op.create_table('guest_attendee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=200), nullable=True),
    sa.Column('role', sa.String(length=200), nullable=True),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['training_event.id'], name=op.f('fk_guest_attendee_event_id_training_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guest_attendee'))
    )
    with op.batch_alter_table('guest_attendee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guest_attendee_event_id'), ['event_id'], unique=False)

    op.create_table('team',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('decision_no', sa.String(length=100), nullable=True),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('planned_size', sa.Integer(), nullable=True),
    sa.Column('dissolved_on', sa.Date(), nullable=True),
    sa.Column('dissolution_note', sa.Text(), nullable=True),
    sa.Column('legal_support', sa.Boolean(), nullable=False),
    sa.Column('legal_support_name', sa.String(length=200), nullable=True),
    sa.Column('legal_support_category', sa.String(length=32), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('name_fold', sa.String(length=400), nullable=False),
    sa.Column('sort_key', sa.String(length=600).with_variant(sa.String(length=600, collation='C'), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], name=op.f('fk_team_village_id_village')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team')),
    sa.UniqueConstraint('code', name=op.f('uq_team_code'))
    )
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_name_fold'), ['name_fold'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_sort_key'), ['sort_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_village_id'), ['village_id'], unique=False)

    op.create_table('case_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('basis', sa.String(length=32), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('subtype', sa.String(length=200), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('place', sa.String(length=400), nullable=True),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('immediate', sa.Boolean(), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=True),
    sa.Column('result', sa.String(length=32), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.String(length=32), nullable=True),
    sa.Column('agreement', sa.Text(), nullable=True),
    sa.Column('rights_obligations', sa.Text(), nullable=True),
    sa.Column('execution_method', sa.Text(), nullable=True),
    sa.Column('referral', sa.Text(), nullable=True),
    sa.Column('court_filed_on', sa.Date(), nullable=True),
    sa.Column('court_name', sa.String(length=200), nullable=True),
    sa.Column('court_decision', sa.String(length=200), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('search_fold', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_case_file_team_id_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_file')),
    sa.UniqueConstraint('code', name=op.f('uq_case_file_code'))
    )
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_file_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_file_ended_on'), ['ended_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_file_received_on'), ['received_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_file_result'), ['result'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_file_team_id'), ['team_id'], unique=False)

    op.create_table('membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('election_method', sa.String(length=32), nullable=True),
    sa.Column('votes', sa.Integer(), nullable=True),
    sa.Column('voters', sa.Integer(), nullable=True),
    sa.Column('leader_since', sa.Date(), nullable=True),
    sa.Column('leader_votes', sa.Integer(), nullable=True),
    sa.Column('leader_voters', sa.Integer(), nullable=True),
    sa.Column('recognition_no', sa.String(length=100), nullable=True),
    sa.Column('recognition_date', sa.Date(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.String(length=32), nullable=True),
    sa.Column('termination_no', sa.String(length=100), nullable=True),
    sa.Column('termination_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediator.id'], name=op.f('fk_membership_mediator_id_mediator'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_membership_team_id_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership'))
    )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index('ix_membership_dates', ['start_date', 'end_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_mediator_id'), ['mediator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_team_id'), ['team_id'], unique=False)

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=False),
    sa.Column('assigned_on', sa.Date(), nullable=False),
    sa.Column('recusal_override', sa.Boolean(), nullable=False),
    sa.Column('recusal_note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_assignment_case_id_case_file'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediator.id'], name=op.f('fk_assignment_mediator_id_mediator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment')),
    sa.UniqueConstraint('case_id', 'mediator_id', name=op.f('uq_assignment_case_id'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_mediator_id'), ['mediator_id'], unique=False)

    op.create_table('follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_follow_up_case_id_case_file'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up'))
    )
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_case_id'), ['case_id'], unique=False)

    op.create_table('invitee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=400), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_invitee_case_id_case_file'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitee'))
    )
    with op.batch_alter_table('invitee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitee_case_id'), ['case_id'], unique=False)

    op.create_table('mediation_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=400), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_mediation_session_case_id_case_file'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_session'))
    )
    with op.batch_alter_table('mediation_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediation_session_case_id'), ['case_id'], unique=False)

    op.create_table('party',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('sex', sa.String(length=32), nullable=True),
    sa.Column('address', sa.String(length=400), nullable=True),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_party_case_id_case_file'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party'))
    )
    with op.batch_alter_table('party', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_party_case_id'), ['case_id'], unique=False)


    if op.get_bind().dialect.name == "sqlite":
        # Folded text (đ→d already applied) so "dang" finds "Đặng"; rowid = the entity's id.
        for name in FTS_TABLES:
            op.execute(f"CREATE VIRTUAL TABLE {name} USING fts5(body, tokenize='unicode61')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in FTS_TABLES:
            op.execute(f"DROP TABLE IF EXISTS {name}")
    with op.batch_alter_table('party', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_party_case_id'))

    op.drop_table('party')
    with op.batch_alter_table('mediation_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediation_session_case_id'))

    op.drop_table('mediation_session')
    with op.batch_alter_table('invitee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitee_case_id'))

    op.drop_table('invitee')
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_case_id'))

    op.drop_table('follow_up')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignment_mediator_id'))
        batch_op.drop_index(batch_op.f('ix_assignment_case_id'))

    op.drop_table('assignment')
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_team_id'))
        batch_op.drop_index(batch_op.f('ix_membership_mediator_id'))
        batch_op.drop_index('ix_membership_dates')

    op.drop_table('membership')
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_file_team_id'))
        batch_op.drop_index(batch_op.f('ix_case_file_result'))
        batch_op.drop_index(batch_op.f('ix_case_file_received_on'))
        batch_op.drop_index(batch_op.f('ix_case_file_ended_on'))
        batch_op.drop_index(batch_op.f('ix_case_file_category'))

    op.drop_table('case_file')
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_village_id'))
        batch_op.drop_index(batch_op.f('ix_team_sort_key'))
        batch_op.drop_index(batch_op.f('ix_team_name_fold'))

    op.drop_table('team')
    with op.batch_alter_table('guest_attendee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guest_attendee_event_id'))

    op.drop_table('guest_attendee')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_mediator_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_event_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_village_sort_key'))
        batch_op.drop_index(batch_op.f('ix_village_name_fold'))

    op.drop_table('village')
    op.drop_table('unit')
    with op.batch_alter_table('training_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_event_name_fold'))
        batch_op.drop_index(batch_op.f('ix_training_event_end_on'))

    op.drop_table('training_event')
    op.drop_table('target')
    op.drop_table('setting')
    with op.batch_alter_table('mediator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediator_sort_key'))
        batch_op.drop_index(batch_op.f('ix_mediator_name_fold'))

    op.drop_table('mediator')
    op.drop_table('form_definition')
    op.drop_table('finalised_report')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))

    op.drop_table('audit_entry')
