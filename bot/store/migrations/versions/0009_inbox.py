"""the Slack inbox: every message recorded before it is acknowledged, answered in order

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 20:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'inbox',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('event_id', sa.String(length=128), nullable=False, unique=True),
        sa.Column('conversation', sa.String(length=255), nullable=False),
        sa.Column('team', sa.String(length=64), nullable=False),
        sa.Column('user', sa.String(length=64), nullable=False),
        sa.Column('channel', sa.String(length=64), nullable=False),
        sa.Column('thread_ts', sa.String(length=32), nullable=True),
        sa.Column('sent_ts', sa.String(length=32), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('outcome', sa.String(length=16), nullable=True),
    )
    op.create_index('ix_inbox_open', 'inbox', ['done_at', 'conversation'])
    op.drop_table('processed_events')


def downgrade() -> None:
    op.create_table(
        'processed_events',
        sa.Column('event_id', sa.String(length=128), primary_key=True),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
    )
    op.drop_index('ix_inbox_open', 'inbox')
    op.drop_table('inbox')
