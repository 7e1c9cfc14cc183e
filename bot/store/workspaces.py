"""Workspaces (a Slack team each, or "local" for the terminal chat); one appears when
someone from it first talks to the coach (bot/store/people.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import Workspace


def every_workspace(session: Session) -> list[Workspace]:
    """Oldest first."""
    return list(session.scalars(select(Workspace).order_by(Workspace.id)))


def workspace_called(session: Session, external_id: str) -> Workspace | None:
    return session.scalar(select(Workspace).where(Workspace.external_id == external_id))


def workspaces_except(session: Session, external_id: str) -> list[Workspace]:
    """Every workspace but the one `external_id` names (the nudges leave out "local")."""
    return list(session.scalars(select(Workspace).where(Workspace.external_id != external_id)))
