"""nudge delivery: failures given up or retried later, blockers handled and escalated, channel digests

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-02 12:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('channel_digests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=64), nullable=False),
    sa.Column('channel_name', sa.String(length=200), nullable=True),
    sa.Column('every', sa.String(length=16), nullable=False),
    sa.Column('set_up_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('stopped_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('stop_reason', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['set_up_by_id'], ['people.id'], ),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workspace_id', 'channel')
    )
    with op.batch_alter_table('nudge_messages') as messages:
        messages.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        messages.add_column(sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True))
        messages.add_column(sa.Column('failure', sa.String(length=200), nullable=True))
        messages.add_column(sa.Column('channel_digest_id', sa.Integer(), nullable=True))
        messages.create_foreign_key('fk_nudge_messages_channel_digest_id_channel_digests', 'channel_digests',
                                    ['channel_digest_id'], ['id'])
    with op.batch_alter_table('progress_notes') as notes:
        notes.add_column(sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True))
        notes.add_column(sa.Column('handled_by_id', sa.Integer(), nullable=True))
        notes.create_foreign_key('fk_progress_notes_handled_by_id_people', 'people', ['handled_by_id'], ['id'])
    with op.batch_alter_table('workspaces') as workspaces:
        workspaces.add_column(sa.Column('escalate_after_days', sa.Integer(), server_default='7', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('workspaces') as workspaces:
        workspaces.drop_column('escalate_after_days')
    with op.batch_alter_table('progress_notes') as notes:
        notes.drop_constraint('fk_progress_notes_handled_by_id_people', type_='foreignkey')
        notes.drop_column('handled_by_id')
        notes.drop_column('handled_at')
    with op.batch_alter_table('nudge_messages') as messages:
        messages.drop_constraint('fk_nudge_messages_channel_digest_id_channel_digests', type_='foreignkey')
        messages.drop_column('channel_digest_id')
        messages.drop_column('failure')
        messages.drop_column('failed_at')
        messages.drop_column('next_attempt_at')
    op.drop_table('channel_digests')
