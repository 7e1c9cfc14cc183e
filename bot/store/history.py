"""What the conversation added to the records and what was taken out again, so "undo
that" and "remove the dispatch center" work on every kind of record, and the reply can
say exactly what changed (COACHING.md: anything stored can be undone in words)."""

from __future__ import annotations

import json
from contextvars import ContextVar
from datetime import date, datetime

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from bot.store.models import Commitment, Goal, Partnership, Person, ProgressNote, RecordChange, Stakeholder, StepAnswer, utcnow

# The message being handled (its id from the client), set by the action around its work:
# every change records it, so a turn whose outcome is unknown can say what it kept.
CURRENT_MESSAGE: ContextVar[str | None] = ContextVar("current_message", default=None)

MODELS = {"stakeholder": Stakeholder, "goal": Goal, "commitment": Commitment, "progress": ProgressNote,
          "blocker": ProgressNote, "answer": StepAnswer}
NOUNS = {"stakeholder": "stakeholder", "goal": "goal", "commitment": "commitment", "progress": "progress note",
         "blocker": "blocker", "answer": "answer"}


def added(session: Session, person: Person, partnership: Partnership | None, kind: str, record, summary: str) -> None:
    session.flush()  # the record's id
    session.add(RecordChange(person_id=person.id, partnership_id=partnership.id if partnership else None,
                             kind=kind, record_id=record.id, action="added", summary=summary[:500],
                             message_id=CURRENT_MESSAGE.get()))


def changed(session: Session, person: Person, partnership: Partnership | None, kind: str, record,
            summary: str) -> None:
    """Call before changing `record` (a goal's target, a commitment's date, a contact):
    undoing the change puts these values back."""
    session.add(RecordChange(person_id=person.id, partnership_id=partnership.id if partnership else None,
                             kind=kind, record_id=record.id, action="changed", summary=summary[:500],
                             snapshot=_snapshot(record), message_id=CURRENT_MESSAGE.get()))


def completed(session: Session, commitment: Commitment) -> None:
    """Call before marking `commitment` done: undoing the completion reopens it."""
    session.add(RecordChange(person_id=commitment.owner_id, partnership_id=commitment.partnership_id,
                             kind="commitment", record_id=commitment.id, action="completed",
                             summary=commitment.text[:500], snapshot=_snapshot(commitment),
                             message_id=CURRENT_MESSAGE.get()))


def latest(session: Session, person: Person, kinds: set[str] | None = None,
           since: datetime | None = None) -> RecordChange | None:
    """The person's most recent change not yet undone, optionally of some kinds only or made since a time."""
    query = select(RecordChange).where(RecordChange.person_id == person.id, RecordChange.undone_at.is_(None))
    if kinds:
        query = query.where(RecordChange.kind.in_(kinds))
    if since is not None:
        query = query.where(RecordChange.at >= since)
    return session.scalars(query.order_by(RecordChange.id.desc()).limit(1)).first()


def _snapshot(record) -> str:
    values = {c.key: getattr(record, c.key) for c in inspect(record).mapper.column_attrs}
    return json.dumps({k: v.isoformat() if isinstance(v, (date, datetime)) else v for k, v in values.items()})


def remove(session: Session, person: Person, kind: str, record, summary: str) -> None:
    """Take a record out, keeping a snapshot so that undoing the removal restores it."""
    _remove(session, person.id, kind, record, summary)


def _remove(session: Session, person_id: int, kind: str, record, summary: str) -> None:
    partnership_id = getattr(record, "partnership_id", None)
    session.add(RecordChange(person_id=person_id, partnership_id=partnership_id, kind=kind, record_id=record.id,
                             action="removed", summary=summary[:500], snapshot=_snapshot(record),
                             message_id=CURRENT_MESSAGE.get()))
    session.delete(record)
    session.flush()


# A change put back as it was, the change that would redo it, and what the reply says.
REVERSED = {"changed": "changed", "completed": "reopened", "reopened": "completed"}
UNDONE = {"changed": "Put the {noun} \"{summary}\" back as it was before the change.",
          "completed": "Reopened: {summary}.",
          "reopened": "Marked done again: {summary}."}


def undo(session: Session, change: RecordChange) -> str:
    """Reverse one change; the words for what happened."""
    change.undone_at = utcnow()
    noun = NOUNS[change.kind]
    if change.action == "removed":
        restore(session, change)
        return f"Put back the {noun} \"{change.summary}\"."
    record = session.get(MODELS[change.kind], change.record_id)
    if record is None:
        return f"The {noun} \"{change.summary}\" was already gone."
    if change.action in REVERSED:
        session.add(RecordChange(person_id=change.person_id, partnership_id=change.partnership_id, kind=change.kind,
                                 record_id=record.id, action=REVERSED[change.action], summary=change.summary,
                                 snapshot=_snapshot(record)))  # so "undo that" again redoes the change
        for column, value in _values(change.kind, change.snapshot).items():
            setattr(record, column, value)
        session.flush()
        return UNDONE[change.action].format(noun=noun, summary=change.summary)
    _remove(session, change.person_id, change.kind, record, change.summary)  # so "undo that" again puts it back
    return f"Removed the {noun} \"{change.summary}\". Say \"undo that\" to put it back."


def _values(kind: str, snapshot: str) -> dict:
    """A snapshot's column values, dates and times as Python values again."""
    values = json.loads(snapshot)
    for column in inspect(MODELS[kind]).mapper.column_attrs:
        python_type = column.columns[0].type.python_type if hasattr(column.columns[0].type, "python_type") else None
        if values.get(column.key) and python_type is date:
            values[column.key] = date.fromisoformat(values[column.key])
        elif values.get(column.key) and python_type is datetime:
            values[column.key] = datetime.fromisoformat(values[column.key])
    return values


def restore(session: Session, change: RecordChange) -> None:
    session.add(MODELS[change.kind](**_values(change.kind, change.snapshot)))
    session.flush()


def kept_by(session: Session, message_id: str) -> list[str]:
    """What the message `message_id` stored, changed or removed, as the reply says it."""
    changes = session.scalars(select(RecordChange).where(RecordChange.message_id == message_id)
                              .order_by(RecordChange.id))
    return [f"{change.action} the {NOUNS[change.kind]} \"{change.summary}\"" for change in changes]
