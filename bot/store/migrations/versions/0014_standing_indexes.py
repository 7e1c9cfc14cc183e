"""indexes that let a partnership's standing read its latest notes, its blockers, its open
commitments and its last activity without reading its whole history

Revision ID: 0014
Revises: 0010
Create Date: 2026-11-27 00:30:00
"""
from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_progress_notes_partnership', 'progress_notes', ['partnership_id', 'kind', 'created_at'])
    op.create_index('ix_progress_notes_goal', 'progress_notes', ['goal_id', 'kind', 'created_at'])
    op.create_index('ix_commitments_partnership', 'commitments', ['partnership_id', 'status', 'due_date'])
    op.create_index('ix_commitments_partnership_made', 'commitments', ['partnership_id', 'created_at'])


def downgrade() -> None:
    op.drop_index('ix_commitments_partnership_made', 'commitments')
    op.drop_index('ix_commitments_partnership', 'commitments')
    op.drop_index('ix_progress_notes_goal', 'progress_notes')
    op.drop_index('ix_progress_notes_partnership', 'progress_notes')
