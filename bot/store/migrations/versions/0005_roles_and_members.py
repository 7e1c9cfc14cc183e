"""roles and partnership members

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 00:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('people') as people:
        people.add_column(sa.Column('role', sa.String(length=16), server_default='supervisor', nullable=False))
        people.add_column(sa.Column('slack_admin', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('partnership_members',
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], ),
    sa.PrimaryKeyConstraint('partnership_id', 'person_id')
    )


def downgrade() -> None:
    op.drop_table('partnership_members')
    with op.batch_alter_table('people') as people:
        people.drop_column('slack_admin')
        people.drop_column('role')
