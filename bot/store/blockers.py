"""Blockers: progress notes of kind "blocker", open until someone marks them handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from bot.store import nudge_log
from bot.store.models import Partnership, ProgressNote, Workspace


def open_and_never_escalated(session: Session, workspace: Workspace, reported_before: datetime,
                             escalation_kind: str) -> list[Row]:
    """The workspace's open blockers reported before `reported_before` on a sponsored
    partnership, not by its sponsor, that no message of `escalation_kind` recorded; oldest
    first, each with its partnership's name and sponsor id."""
    return list(session.execute(
        select(ProgressNote.id, ProgressNote.author_id, ProgressNote.text, ProgressNote.created_at,
               Partnership.name, Partnership.sponsor_id)
        .join(Partnership, ProgressNote.partnership_id == Partnership.id)
        .where(Partnership.workspace_id == workspace.id, Partnership.sponsor_id.is_not(None),
               ProgressNote.kind == "blocker", ProgressNote.handled_at.is_(None),
               ProgressNote.author_id != Partnership.sponsor_id,
               ProgressNote.created_at <= reported_before,
               nudge_log.never_recorded_in(escalation_kind, "blocker", ProgressNote.id))
        .order_by(ProgressNote.created_at, ProgressNote.id)))
