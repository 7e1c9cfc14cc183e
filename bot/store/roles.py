"""Roles given with `coach role` (bot/cli.py): a leader sees every partnership in the
workspace, a supervisor only their own; Slack workspace admins lead without one."""

from __future__ import annotations

import re

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.store.models import Person, Workspace
from bot.store.people import Identity, person_for

ROLES = ("leader", "supervisor")
SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


class RoleError(ValueError):
    """A role change that can't be made; the message says why and what to do."""


def _workspace_named(session: Session, external_id: str | None) -> Workspace:
    """The workspace `external_id` names, or the only one there is."""
    workspaces = session.scalars(select(Workspace).order_by(Workspace.external_id)).all()
    if external_id is not None:
        found = [w for w in workspaces if w.external_id == external_id]
        if not found:
            raise RoleError(f"No workspace '{external_id}'. Known: {', '.join(w.external_id for w in workspaces) or 'none'}.")
        return found[0]
    if len(workspaces) != 1:
        raise RoleError("Say which workspace with --workspace: "
                        f"{', '.join(w.external_id for w in workspaces) or 'none has talked to the coach yet'}.")
    return workspaces[0]


def set_role(session: Session, workspace: str | None, user: str, role: str) -> Person:
    """Give `user` (a Slack user id, or a display name already known) `role` in the workspace."""
    if role not in ROLES:
        raise RoleError(f"Unknown role '{role}'. Roles: {', '.join(ROLES)}.")
    ws = _workspace_named(session, workspace)
    people = session.scalars(select(Person).where(Person.workspace_id == ws.id)).all()
    found = ([p for p in people if p.external_id == user]
             or [p for p in people if (p.display_name or "").lower() == user.lower()])
    if len(found) > 1:
        raise RoleError(f"Several people are called '{user}': use their Slack user id "
                        f"({', '.join(p.external_id for p in found)}).")
    if not found and not SLACK_USER_ID.match(user):
        raise RoleError(f"No one called '{user}' has talked to the coach in {ws.external_id}. "
                        "Use their Slack user id (U...), from their Slack profile.")
    person = found[0] if found else person_for(session, Identity(ws.external_id, user))
    person.role = role
    session.flush()
    return person


def leaders(session: Session, workspace: str | None = None) -> list[Person]:
    query = (select(Person).join(Workspace)
             .where(or_(Person.role == "leader", Person.slack_admin.is_(True)))
             .order_by(Workspace.external_id, Person.external_id))
    if workspace:
        query = query.where(Workspace.external_id == workspace)
    return list(session.scalars(query))
