"""What the buttons on a nudge do, recorded every time: Done, Snooze a week,
Report a blocker, Post an update."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.dates import format_date
from bot.store import commitments
from bot.store.models import Commitment, Goal, NudgeMessage, NudgeResponse, Person, ProgressNote

SNOOZE = timedelta(days=7)


class NotYours(PermissionError):
    pass


def _item(session: Session, person: Person, kind: str, item_id: int) -> Commitment | Goal:
    item = session.get(Commitment if kind == "commitment" else Goal, item_id)
    owner_id = item.owner_id if isinstance(item, Commitment) else item.partnership.owner_id if item else None
    if item is None or owner_id != person.id:
        raise NotYours(f"{kind} {item_id}")
    return item


def sent_to(session: Session, person: Person, message_id) -> tuple[str, str] | None:
    """(channel, ts) of the nudge `message_id`, when it was sent to `person`."""
    message = session.get(NudgeMessage, int(message_id)) if str(message_id).isdigit() else None
    if message is None or message.person_id != person.id or not message.ts:
        return None
    return message.channel, message.ts


def respond(session: Session, person: Person, message_id: int, kind: str, item_id: int, action: str,
            now: datetime, note: str | None = None) -> str:
    """Apply a button press; return the line that replaces the item's buttons."""
    item = _item(session, person, kind, item_id)
    if action == "done":
        if isinstance(item, Commitment):
            commitments.complete(session, item)
        else:
            _note(session, person, item, "Marked done from a nudge", "progress", now)
        outcome = "Done. Nice work."
    elif action == "snooze":
        item.snoozed_until = now + SNOOZE
        outcome = f"Snoozed until {format_date((now + SNOOZE).date())}."
    else:
        kind_of_note = "blocker" if action == "blocker" else "progress"
        _note(session, person, item, note or "", kind_of_note, now)
        outcome = "Blocker recorded." if action == "blocker" else "Update recorded."
    session.add(NudgeResponse(message_id=message_id, person_id=person.id, action=action, kind=kind,
                              item_id=item_id, note=note, at=now))
    return outcome


def _note(session: Session, person: Person, item: Commitment | Goal, text: str, kind: str, now: datetime) -> None:
    partnership_id = item.partnership_id
    if partnership_id is not None:
        session.add(ProgressNote(partnership_id=partnership_id, goal_id=item.id if isinstance(item, Goal) else None,
                                 author_id=person.id, text=text, kind=kind, created_at=now))
    if isinstance(item, Goal) and kind == "progress":
        item.last_progress_at = now
    if isinstance(item, Commitment):
        item.updated_at = now
