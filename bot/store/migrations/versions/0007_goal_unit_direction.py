"""a goal keeps the unit of its numbers and the way it should move

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 00:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('goals') as goals:
        goals.add_column(sa.Column('unit', sa.String(length=100), nullable=True))
        goals.add_column(sa.Column('direction', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('goals') as goals:
        goals.drop_column('direction')
        goals.drop_column('unit')
