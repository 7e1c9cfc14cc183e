"""checklist item states from evidence, the open follow-up, assignments, and the record of changes for undo

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 14:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('partnerships') as partnerships:
        partnerships.add_column(sa.Column('kind', sa.String(length=16), server_default='partnership', nullable=False))
        partnerships.add_column(sa.Column('follow_up_item', sa.String(length=64), nullable=True))
        partnerships.add_column(sa.Column('follow_up_question', sa.Text(), nullable=True))
    op.create_table(
        'checklist_items',
        sa.Column('partnership_id', sa.Integer(), sa.ForeignKey('partnerships.id'), primary_key=True),
        sa.Column('item_id', sa.String(length=64), primary_key=True),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('red_flag', sa.String(length=64), nullable=True),
        sa.Column('evidence', sa.Text(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        'record_changes',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('person_id', sa.Integer(), sa.ForeignKey('people.id'), nullable=False),
        sa.Column('partnership_id', sa.Integer(), sa.ForeignKey('partnerships.id', ondelete='SET NULL'), nullable=True),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('snapshot', sa.Text(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index('ix_record_changes_person_at', 'record_changes', ['person_id', 'at'])


def downgrade() -> None:
    op.drop_index('ix_record_changes_person_at', 'record_changes')
    op.drop_table('record_changes')
    op.drop_table('checklist_items')
    with op.batch_alter_table('partnerships') as partnerships:
        partnerships.drop_column('follow_up_question')
        partnerships.drop_column('follow_up_item')
        partnerships.drop_column('kind')
