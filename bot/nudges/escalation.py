"""Blockers that sit: a blocker still open after the workspace's `escalate_after_days`
is raised once with the partnership's sponsor, as a DM with the blocker, the knowledge
base's advice for the barrier it resembles, and two buttons: "Reply to <reporter>" (the
reporter is told the sponsor wants to talk) and "Mark handled".

An escalation is recorded like a nudge (a message with the blocker as its one item)
before it is sent, so it goes out once, whatever restarts or retries happen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from bot.barriers import barrier_advice, matching_barrier
from bot.nudges import shifts
from bot.nudges.responses import NotYours
from bot.nudges.stalled import StalledItem
from bot.store import blockers, nudge_log
from bot.store.models import NudgeMessage, NudgeResponse, Partnership, Person, ProgressNote, ReminderPreference, Workspace, as_utc

KIND = "escalation"


@dataclass(frozen=True)
class Escalation:
    """A blocker raised with the partnership's sponsor, as it stands now."""

    message_id: int
    note_id: int
    partnership: str
    reporter: str          # the name the sponsor knows them by
    reporter_user: str     # their user id in the workspace, so the sponsor can message them
    text: str
    reported: date
    open_days: int
    advice: list[str]      # the knowledge base's advice for the barrier it resembles, if any
    asked_to_talk: bool = False
    handled: date | None = None
    handled_by: str | None = None


class BlockerGone(LookupError):
    """The escalation is the person's, but its blocker was removed from the records since;
    `channel` and `ts` say where the escalation is."""

    def __init__(self, channel: str | None, ts: str | None):
        super().__init__("blocker removed")
        self.channel, self.ts = channel, ts


def plan(session: Session, workspace: Workspace, people: dict[int, Person],
         preferences: dict[int, ReminderPreference], now: datetime) -> list[tuple[Person, str, list[StalledItem]]]:
    """One escalation per blocker open for `escalate_after_days` and never escalated,
    to its partnership's sponsor (unless the sponsor reported it), in their working hours.
    `people` holds at least the workspace's sponsors."""
    rows = blockers.open_and_never_escalated(session, workspace, now - timedelta(days=workspace.escalate_after_days),
                                             KIND)
    planned = []
    for row in rows:
        sponsor = people[row.sponsor_id]
        if shifts.may_nudge_now(preferences.get(sponsor.id), sponsor.timezone, now):
            item = StalledItem("blocker", row.id, row.author_id, row.text, row.name, as_utc(row.created_at).date())
            planned.append((sponsor, KIND, [item]))
    return planned


def _note_of(session: Session, message: NudgeMessage) -> ProgressNote | None:
    recorded = next((i for i in message.items if i.kind == "blocker"), None)
    return session.get(ProgressNote, recorded.item_id) if recorded else None


def current(session: Session, message: NudgeMessage, now: datetime) -> Escalation | None:
    """The escalation as it stands now; None when its blocker was removed meanwhile."""
    note = _note_of(session, message)
    if note is None:
        return None
    partnership = session.get(Partnership, note.partnership_id)
    reporter = session.get(Person, note.author_id)
    handled_by = session.get(Person, note.handled_by_id) if note.handled_by_id else None
    barrier = matching_barrier(note.text)
    return Escalation(
        message_id=message.id, note_id=note.id, partnership=partnership.name, reporter=reporter.shown_name,
        reporter_user=reporter.external_id, text=note.text, reported=as_utc(note.created_at).date(),
        open_days=(now - as_utc(note.created_at)).days,
        advice=barrier_advice(barrier, "This looks like a known barrier") if barrier else [],
        asked_to_talk=nudge_log.responded(session, message.id, "reply"),
        handled=as_utc(note.handled_at).date() if note.handled_at else None,
        handled_by=handled_by.shown_name if handled_by else None)


def _escalation_to(session: Session, person: Person, message_id, note_id) -> tuple[NudgeMessage, ProgressNote]:
    """The escalation `message_id`, when it was sent to `person` about blocker `note_id`."""
    message = session.get(NudgeMessage, int(message_id)) if str(message_id).isdigit() else None
    if message is None or message.kind != KIND or message.person_id != person.id:
        raise NotYours(f"escalation {message_id}")
    recorded = next((i.item_id for i in message.items if i.kind == "blocker"), None)
    if recorded != note_id:
        raise NotYours(f"escalation {message_id}")
    note = session.get(ProgressNote, note_id)
    if note is None:
        raise BlockerGone(message.channel, message.ts)
    return message, note


def mark_handled(session: Session, person: Person, message_id, note_id: int, now: datetime) -> Escalation:
    message, note = _escalation_to(session, person, message_id, note_id)
    if note.handled_at is None:
        note.handled_at, note.handled_by_id = now, person.id
        session.add(NudgeResponse(message_id=message.id, person_id=person.id, action="handled", kind="blocker",
                                  item_id=note.id, at=now))
    session.flush()
    return current(session, message, now)


def ask_to_talk(session: Session, person: Person, message_id, note_id: int,
                now: datetime) -> tuple[Escalation, str | None]:
    """Record that the sponsor wants to talk; (the escalation, the reporter's Slack user id
    to tell, or None when they were told already)."""
    message, note = _escalation_to(session, person, message_id, note_id)
    already = current(session, message, now).asked_to_talk
    if not already:
        session.add(NudgeResponse(message_id=message.id, person_id=person.id, action="reply", kind="blocker",
                                  item_id=note.id, at=now))
        session.flush()
    escalation = current(session, message, now)
    return escalation, None if already else escalation.reporter_user


def where_sent(session: Session, escalation: Escalation) -> tuple[str | None, str | None]:
    """(channel, ts) of the escalation as it was sent, whatever a button's payload says."""
    sent = session.get(NudgeMessage, escalation.message_id)
    return sent.channel, sent.ts


def talk_request(sponsor: str, escalation: Escalation) -> str:
    """What the reporter is told (plain text; the Slack side escapes it)."""
    return (f"{sponsor}, who sponsors the {escalation.partnership} partnership, saw your blocker "
            f"\"{escalation.text}\" and wants to talk about it. Message them when you can.")
