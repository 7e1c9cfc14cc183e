"""reminders that follow a shift: a cycle of working days, and public holidays per workspace

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reminder_preferences') as preferences:
        preferences.add_column(sa.Column('work_cycle', sa.String(length=32), nullable=True))
        preferences.add_column(sa.Column('work_cycle_start', sa.Date(), nullable=True))
    with op.batch_alter_table('workspaces') as workspaces:
        workspaces.add_column(sa.Column('holiday_country', sa.String(length=8), nullable=True))
        workspaces.add_column(sa.Column('holiday_subdivision', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('workspaces') as workspaces:
        workspaces.drop_column('holiday_subdivision')
        workspaces.drop_column('holiday_country')
    with op.batch_alter_table('reminder_preferences') as preferences:
        preferences.drop_column('work_cycle_start')
        preferences.drop_column('work_cycle')
