"""Who is talking: the person behind an identity (a Slack user in a workspace, or the
terminal chat's "local" one), created on first contact and kept up to date."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.models import Person, Workspace


@dataclass(frozen=True)
class Identity:
    """Who is talking, and in which workspace (Slack team, or "local")."""

    workspace: str
    user: str
    display_name: str | None = None
    timezone: str | None = None
    is_admin: bool | None = None  # a Slack workspace admin or owner; None when not known


def _get_or_add(session: Session, query, new):
    """The row `query` finds, else `new` added. When another process or thread adds
    the same row at the same moment, its row is used instead."""
    found = session.scalar(query)
    if found is not None:
        return found
    session.add(new)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()  # callers look people up first in a session: nothing else is lost
        return session.scalar(query)
    return new


def person_for(session: Session, who: Identity) -> Person:
    """The person talking, created on first contact; call it first in a session.
    Every action call asks: for someone known whose details are unchanged, it is one
    query and nothing to write."""
    person = session.scalar(select(Person).join(Workspace, Person.workspace_id == Workspace.id)
                            .where(Workspace.external_id == who.workspace, Person.external_id == who.user))
    if person is None:
        workspace = _get_or_add(session, select(Workspace).where(Workspace.external_id == who.workspace),
                                Workspace(external_id=who.workspace))
        person = _get_or_add(
            session, select(Person).where(Person.workspace_id == workspace.id, Person.external_id == who.user),
            Person(workspace_id=workspace.id, external_id=who.user))
    _update_details(session, person, who)
    return person


def _update_details(session: Session, person: Person, who: Identity) -> None:
    """Take the name, time zone and admin flag Slack gave; a detail not given is kept."""
    given = {"display_name": who.display_name or None, "timezone": who.timezone or None, "slack_admin": who.is_admin}
    changed = {name: value for name, value in given.items() if value is not None and getattr(person, name) != value}
    for name, value in changed.items():
        setattr(person, name, value)
    if changed:
        session.flush()


def people_by_id(session: Session, ids: set[int]) -> dict[int, Person]:
    """Those of `ids` that exist, by id; one query however many."""
    return {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
