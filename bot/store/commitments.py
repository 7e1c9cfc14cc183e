"""Commitments: what people said they will do, by when; stored once however often the
message arrives, listed, and completed (bot/words.py matches one to what someone says)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store import history
from bot.store.models import Commitment, Goal, Partnership, Person, Workspace, utcnow


def add_commitment(session: Session, owner: Person, text: str, due: date | None,
                   partnership: Partnership | None = None, message_id: str | None = None,
                   goal: Goal | None = None) -> Commitment:
    """Store a commitment once: a retried message returns the one already stored."""
    if message_id:
        stored = session.scalar(select(Commitment).where(Commitment.source_message_id == message_id))
        if stored is not None:
            return stored
    commitment = Commitment(
        workspace_id=owner.workspace_id, owner_id=owner.id, text=text, due_date=due,
        partnership_id=partnership.id if partnership else None, source_message_id=message_id,
        goal_id=goal.id if goal else None,
    )
    session.add(commitment)
    try:
        session.flush()
    except IntegrityError:  # the same message stored concurrently
        session.rollback()
        return session.scalar(select(Commitment).where(Commitment.source_message_id == message_id))
    history.added(session, owner, partnership, "commitment", commitment, text)
    return commitment


RETYPE_WINDOW = timedelta(minutes=30)


def retyped_commitment(session: Session, owner: Person, text: str, due: date | None,
                       message_id: str | None = None) -> Commitment | None:
    """The open commitment this person stored in the last half hour with the same words
    and date: a message retyped after "not processed" (or by habit) is not a second one."""
    words = " ".join(text.lower().split())
    recent = session.scalars(select(Commitment).where(
        Commitment.owner_id == owner.id, Commitment.status == "open", Commitment.due_date == due,
        Commitment.created_at >= utcnow() - RETYPE_WINDOW))
    return next((c for c in recent if " ".join(c.text.lower().split()) == words
                 and (message_id is None or c.source_message_id != message_id)), None)


def open_commitments(session: Session, owner: Person) -> list[Commitment]:
    return list(
        session.scalars(
            select(Commitment)
            .where(Commitment.owner_id == owner.id, Commitment.status == "open")
            .order_by(Commitment.due_date.is_(None), Commitment.due_date, Commitment.id)
        )
    )


def open_commitments_on(session: Session, partnership: Partnership) -> list[Commitment]:
    """The partnership's open commitments, whoever owns them; the done ones are never read."""
    return list(session.scalars(
        select(Commitment)
        .where(Commitment.partnership_id == partnership.id, Commitment.status == "open")
        .order_by(Commitment.due_date.is_(None), Commitment.due_date, Commitment.id)
    ))


def without_partnership(session: Session, workspace: Workspace) -> list[Commitment]:
    """The workspace's commitments on no partnership, oldest first."""
    return list(session.scalars(select(Commitment).where(
        Commitment.workspace_id == workspace.id, Commitment.partnership_id.is_(None)).order_by(Commitment.id)))


def unchanged_since(moment: datetime):
    """SQL: the commitment was not changed after `moment`."""
    return or_(Commitment.updated_at.is_(None), Commitment.updated_at <= moment)


def complete(session: Session, commitment: Commitment) -> Commitment:
    """Mark the commitment done; "undo that" reopens it."""
    history.completed(session, commitment)
    commitment.status = "done"
    commitment.completed_at = utcnow()
    session.flush()
    return commitment
