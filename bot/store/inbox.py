"""The Slack inbox: each message a person sends is recorded here before Slack is told it
arrived, and is answered in the order the person sent it, one at a time per
conversation, by whichever Slack app process claims it.

A claim is a lease: a process that dies while answering leaves the message claimed, and
after lease() another process (or the same one, restarted) answers it again. The engine
remembers what it already said to a message (bot/engine_client.py), so a second attempt repeats
the reply rather than redoing the work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot import config
from bot.store.db import session_scope
from bot.store.models import InboxMessage, as_utc

MISSED_AFTER = timedelta(seconds=10)  # unclaimed this long after arrival: the process that took it is gone
MAX_ATTEMPTS = 3
# Slack retries an event for minutes, not days: answered messages kept longer than this
# would only grow the table (the engine's tracker store keeps the conversation itself).
KEEP_ANSWERED = timedelta(days=7)


def lease() -> timedelta:
    """How long a claim lasts: longer than a turn can take (the engine client gives up after
    30 s), so a live process always finishes first; tests shorten it (settings.inbox_lease)."""
    return timedelta(seconds=config.installed().inbox_lease)


@dataclass(frozen=True)
class Incoming:
    event_id: str
    conversation: str
    team: str
    user: str
    channel: str
    thread_ts: str | None
    sent_ts: str
    text: str


@dataclass(frozen=True)
class Claimed:
    id: int
    incoming: Incoming
    attempts: int
    received_at: datetime


def receive(incoming: Incoming, now: datetime) -> bool:
    """Record a message; False when it is already here (Slack retrying, a second click)."""
    with session_scope() as session:
        if session.scalar(select(InboxMessage.id).where(InboxMessage.event_id == incoming.event_id)):
            return False
        session.add(InboxMessage(**incoming.__dict__, received_at=now))
        try:
            session.flush()
        except IntegrityError:  # another process recorded the same retry at the same moment
            session.rollback()
            return False
    return True


def claim_next(conversation: str, now: datetime) -> Claimed | None:
    """The conversation's oldest unanswered message, claimed for this process; None when
    there is none, or another process is still answering the one before it."""
    with session_scope() as session:
        first = session.scalar(select(InboxMessage)
                               .where(InboxMessage.conversation == conversation, InboxMessage.done_at.is_(None))
                               .order_by(InboxMessage.sent_ts, InboxMessage.id).limit(1))
        if first is None or (first.claimed_at is not None and as_utc(first.claimed_at) > now - lease()):
            return None
        attempts, fields = first.attempts + 1, {name: getattr(first, name) for name in Incoming.__dataclass_fields__}
        taken = session.execute(
            update(InboxMessage)
            .where(InboxMessage.id == first.id, InboxMessage.done_at.is_(None),
                   or_(InboxMessage.claimed_at.is_(None), InboxMessage.claimed_at <= now - lease()))
            .values(claimed_at=now, attempts=attempts)
            .execution_options(synchronize_session=False)).rowcount
        if taken != 1:
            return None  # another process claimed it between the read and the update
        return Claimed(first.id, Incoming(**fields), attempts, as_utc(first.received_at))


def finish(message_id: int, outcome: str, now: datetime) -> None:
    with session_scope() as session:
        session.execute(update(InboxMessage).where(InboxMessage.id == message_id)
                        .values(done_at=now, outcome=outcome))


def waiting_conversations(now: datetime, missed_after: timedelta = MISSED_AFTER) -> list[str]:
    """Conversations with a message nobody is answering: never claimed `missed_after`
    after it arrived, or claimed by a process that stopped before finishing."""
    with session_scope() as session:
        return list(session.scalars(
            select(InboxMessage.conversation).distinct()
            .where(InboxMessage.done_at.is_(None),
                   or_(InboxMessage.claimed_at <= now - lease(),
                       (InboxMessage.claimed_at.is_(None)) & (InboxMessage.received_at <= now - missed_after)))))


def forget_answered(now: datetime) -> int:
    """Delete messages finished more than KEEP_ANSWERED ago; how many went."""
    with session_scope() as session:
        return session.execute(delete(InboxMessage).where(InboxMessage.done_at < now - KEEP_ANSWERED)).rowcount
