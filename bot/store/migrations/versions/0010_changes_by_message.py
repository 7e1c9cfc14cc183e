"""the message each recorded change came from, so a turn whose outcome is unknown can say what it kept

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 21:35:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('record_changes') as changes:
        changes.add_column(sa.Column('message_id', sa.String(length=128), nullable=True))
    op.create_index('ix_record_changes_message', 'record_changes', ['message_id'])


def downgrade() -> None:
    op.drop_index('ix_record_changes_message', 'record_changes')
    with op.batch_alter_table('record_changes') as changes:
        changes.drop_column('message_id')
