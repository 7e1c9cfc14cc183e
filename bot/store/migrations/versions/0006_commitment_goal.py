"""a commitment may name one of its partnership's goals

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 00:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('commitments') as commitments:
        commitments.add_column(sa.Column('goal_id', sa.Integer(), nullable=True))
        commitments.create_foreign_key('fk_commitments_goal_id_goals', 'goals', ['goal_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('commitments') as commitments:
        commitments.drop_constraint('fk_commitments_goal_id_goals', type_='foreignkey')
        commitments.drop_column('goal_id')
