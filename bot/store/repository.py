"""Reads and writes of the coach's records. Actions and the nudge scheduler use these;
nothing else builds queries. Every function is scoped to one workspace."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.models import (
    Commitment, Goal, Partnership, Person, ProcessedEvent, StepAnswer, Workspace, as_utc, utcnow,
)


@dataclass(frozen=True)
class Identity:
    """Who is talking, and in which workspace (Slack team, or "local")."""

    workspace: str
    user: str
    display_name: str | None = None
    timezone: str | None = None


class UnknownPartnership(LookupError):
    def __init__(self, name: str, known: list[str]):
        super().__init__(name)
        self.name = name
        self.known = known


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
    """The person talking, created on first contact; call it first in a session."""
    workspace = _get_or_add(session, select(Workspace).where(Workspace.external_id == who.workspace),
                            Workspace(external_id=who.workspace))
    person = _get_or_add(
        session, select(Person).where(Person.workspace_id == workspace.id, Person.external_id == who.user),
        Person(workspace_id=workspace.id, external_id=who.user))
    person.display_name = who.display_name or person.display_name
    person.timezone = who.timezone or person.timezone
    session.flush()
    return person


def partnerships_of(session: Session, person: Person) -> list[Partnership]:
    return list(
        session.scalars(
            select(Partnership)
            .where(Partnership.workspace_id == person.workspace_id, Partnership.owner_id == person.id)
            .order_by(Partnership.updated_at.desc())
        )
    )


def partnership_by_id(session: Session, person: Person, partnership_id: int | None) -> Partnership | None:
    if partnership_id is None:
        return None
    found = session.get(Partnership, int(partnership_id))
    return found if found and found.workspace_id == person.workspace_id else None


def find_partnership(session: Session, person: Person, name: str) -> Partnership:
    """The person's partnership whose name best matches `name` (typos forgiven)."""
    candidates = partnerships_of(session, person)
    by_name = {p.name.lower(): p for p in candidates}
    by_name.update({p.partner.lower(): p for p in candidates})
    wanted = name.lower().strip()
    for key, partnership in by_name.items():
        if wanted and (wanted in key or key in wanted):
            return partnership
    close = difflib.get_close_matches(wanted, list(by_name), n=1, cutoff=0.6)
    if close:
        return by_name[close[0]]
    raise UnknownPartnership(name, [p.name for p in candidates])


def create_partnership(session: Session, owner: Person, partner: str, first_step: str) -> Partnership:
    name = partner
    taken = {p.name.lower() for p in session.scalars(
        select(Partnership).where(Partnership.workspace_id == owner.workspace_id)
    )}
    suffix = 2
    while name.lower() in taken:
        name = f"{partner} ({suffix})"
        suffix += 1
    partnership = Partnership(
        workspace_id=owner.workspace_id, owner_id=owner.id, name=name, partner=partner,
        current_step=first_step,
    )
    session.add(partnership)
    session.flush()
    return partnership


def save_step_answer(session: Session, partnership: Partnership, step_id: str, answer: str | None,
                     status: str = "answered") -> StepAnswer:
    existing = next((a for a in partnership.answers if a.step_id == step_id), None)
    if existing is None:
        existing = StepAnswer(step_id=step_id)
        partnership.answers.append(existing)
    existing.answer, existing.status = answer, status
    partnership.updated_at = utcnow()
    session.flush()
    return existing


def add_commitment(session: Session, owner: Person, text: str, due: date | None,
                   partnership: Partnership | None = None, message_id: str | None = None) -> Commitment:
    """Store a commitment once: a retried message returns the one already stored."""
    if message_id:
        stored = session.scalar(select(Commitment).where(Commitment.source_message_id == message_id))
        if stored is not None:
            return stored
    commitment = Commitment(
        workspace_id=owner.workspace_id, owner_id=owner.id, text=text, due_date=due,
        partnership_id=partnership.id if partnership else None, source_message_id=message_id,
    )
    session.add(commitment)
    try:
        session.flush()
    except IntegrityError:  # the same message stored concurrently
        session.rollback()
        return session.scalar(select(Commitment).where(Commitment.source_message_id == message_id))
    return commitment


def open_commitments(session: Session, owner: Person) -> list[Commitment]:
    return list(
        session.scalars(
            select(Commitment)
            .where(Commitment.owner_id == owner.id, Commitment.status == "open")
            .order_by(Commitment.due_date.is_(None), Commitment.due_date, Commitment.id)
        )
    )


def match_commitment(commitments: list[Commitment], said: str) -> Commitment | None:
    """The open commitment `said` is about: "I met with the principal" -> "meet the principal"."""
    said_words = _content_words(said)
    best, best_score = None, 0.0
    for commitment in commitments:
        words = _content_words(commitment.text)
        overlap = len(said_words & words) / max(len(words), 1)
        score = overlap + 0.5 * difflib.SequenceMatcher(None, said.lower(), commitment.text.lower()).ratio()
        if score > best_score:
            best, best_score = commitment, score
    return best if best_score >= 0.5 else None


STOP_WORDS = {"i", "the", "a", "an", "to", "with", "of", "my", "and", "for", "on", "is", "it",
              "have", "has", "had", "just", "done", "did", "finished", "completed", "mark",
              "as", "complete", "that", "this", "me", "we"}


def _content_words(text: str) -> set[str]:
    words = {w.strip(".,!?'\"").lower() for w in text.split()}
    # crude stemming so "met"/"meet", "called"/"call" compare equal
    stems = {w[:4] for w in words - STOP_WORDS if w}
    return stems | ({"meet"} if "met" in words else set())


def complete(session: Session, commitment: Commitment) -> Commitment:
    commitment.status = "done"
    commitment.completed_at = utcnow()
    session.flush()
    return commitment


def first_delivery(session: Session, event_id: str) -> bool:
    """True the first time an event id is seen; False for a retry or duplicate."""
    if session.get(ProcessedEvent, event_id) is not None:
        return False
    session.add(ProcessedEvent(event_id=event_id))
    try:
        session.flush()
    except IntegrityError:  # another process recorded it at the same moment
        session.rollback()
        return False
    return True


def stalled_goals(session: Session, person: Person, now: datetime, days: int = 14) -> list[Goal]:
    """The person's goals with no progress note for `days` days."""
    cutoff = now - timedelta(days=days)
    goals = session.scalars(
        select(Goal).join(Partnership).where(Partnership.owner_id == person.id).order_by(Goal.id)
    )
    return [g for g in goals if as_utc(g.last_progress_at or g.created_at) < cutoff]
