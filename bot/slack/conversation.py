"""One turn of a Slack conversation: the user's words to the engine, the coach's
replies back to the same DM or thread, and the App Home refreshed after.

A conversation is keyed by team and user, plus channel and thread outside a DM, so a
thread is kept apart from the DM and from other threads. Every message goes through
the inbox (bot/store/inbox.py): recorded before Slack is acknowledged, then answered
in the order the person sent it, one at a time per conversation."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import OperationalError

from bot.engine_client import EngineClient, take_turn
from bot.slack import checkup_dms, home, people, render
from bot.slack.thread_pools import run_blocking
from bot.store import inbox
from bot.store.db import DatabaseUnavailable
from bot.store.models import utcnow

logger = logging.getLogger(__name__)
GAVE_UP = ("I couldn't answer your message \"{text}\" (sent {when}): something kept failing on my side. "
           "Please send it again.")
SWEEP_EVERY = 30  # seconds between looks for messages a stopped process left unanswered


@dataclass(frozen=True)
class Place:
    """Where the conversation happens: a DM, or a thread in a channel."""

    team: str
    user: str
    channel: str
    thread_ts: str | None = None

    @property
    def sender(self) -> str:
        if self.thread_ts:
            return f"{self.team}:{self.user}:{self.channel}:{self.thread_ts}"
        return f"{self.team}:{self.user}"

    def incoming(self, event_id: str, sent_ts: str, text: str) -> inbox.Incoming:
        return inbox.Incoming(event_id, self.sender, self.team, self.user, self.channel, self.thread_ts,
                              sent_ts, text)


class Conversations:
    """Answers what waits in the inbox, one message at a time per conversation."""

    def __init__(self, client: AsyncWebClient, engine: EngineClient):
        self.client, self.engine = client, engine
        self._busy: set[str] = set()
        self._again: set[str] = set()

    async def receive(self, place: Place, event_id: str, text: str) -> None:
        """A message the app puts in the conversation for the person (a slash command, a
        shortcut): recorded in the inbox like a typed one, then answered in its turn."""
        incoming = place.incoming(event_id, f"{utcnow().timestamp():.6f}", text)
        if await run_blocking(inbox.receive, incoming, utcnow()):
            await self.answer_waiting(place.sender)

    async def answer_waiting(self, conversation: str) -> None:
        if conversation in self._busy:
            self._again.add(conversation)  # the running loop looks once more before it stops
            return
        self._busy.add(conversation)
        try:
            while True:
                self._again.discard(conversation)
                while (message := await run_blocking(inbox.claim_next, conversation, utcnow())) is not None:
                    await self._answer(message)
                if conversation not in self._again:
                    return
        except (DatabaseUnavailable, OperationalError):
            logger.exception("database unavailable while answering %s; the sweep carries on", conversation)
        finally:
            self._busy.discard(conversation)

    async def _answer(self, message: inbox.Claimed) -> None:
        sent = message.incoming
        place = Place(sent.team, sent.user, sent.channel, sent.thread_ts)
        if message.attempts > inbox.MAX_ATTEMPTS:
            await self._give_up(place, message)
            return
        try:
            await converse(self.client, self.engine, place, sent.text, sent.event_id, repeat=message.attempts > 1)
        except Exception:
            logger.exception("could not answer inbox message %s (attempt %s)", message.id, message.attempts)
            return
        await self._finish(message, "answered")

    async def _finish(self, message: inbox.Claimed, outcome: str) -> None:
        try:
            await run_blocking(inbox.finish, message.id, outcome, utcnow())
        except (DatabaseUnavailable, OperationalError):
            # Answered, but the database went down: keep trying, so that the person's next
            # message is not held up for a whole lease, nor this one answered twice.
            asyncio.ensure_future(self._finish_when_back(message, outcome))
            raise

    async def _finish_when_back(self, message: inbox.Claimed, outcome: str) -> None:
        pause, waited = 1.0, 0.0
        while waited < inbox.lease().total_seconds():  # after that, the sweep answers it again
            await asyncio.sleep(pause)
            waited, pause = waited + pause, min(pause * 2, 10)
            try:
                await run_blocking(inbox.finish, message.id, outcome, utcnow())
            except (DatabaseUnavailable, OperationalError):
                continue
            await self.answer_waiting(message.incoming.conversation)
            return

    async def _give_up(self, place: Place, message: inbox.Claimed) -> None:
        text = message.incoming.text
        shown = render.escape(text if len(text) <= 80 else text[:77] + "...")
        try:
            await self.client.chat_postMessage(channel=place.channel, thread_ts=place.thread_ts, text=GAVE_UP.format(
                text=shown, when=f"{message.received_at:%H:%M} UTC"))
        finally:
            await run_blocking(inbox.finish, message.id, "failed", utcnow())

    async def sweep(self, missed_after: timedelta = inbox.MISSED_AFTER) -> None:
        """Answer what a stopped or crashed process left unanswered."""
        for conversation in await run_blocking(inbox.waiting_conversations, utcnow(), missed_after):
            asyncio.ensure_future(self.answer_waiting(conversation))
        await run_blocking(inbox.forget_answered, utcnow())

    async def sweep_forever(self) -> None:
        """At start-up everything unclaimed is taken at once; later, what waited MISSED_AFTER."""
        missed_after = timedelta(0)
        while True:
            try:
                await self.sweep(missed_after)
                missed_after = inbox.MISSED_AFTER
            except Exception:
                logger.exception("inbox sweep failed")
            await asyncio.sleep(min(SWEEP_EVERY, inbox.lease().total_seconds()))


async def converse(client: AsyncWebClient, engine: EngineClient, place: Place, text: str,
                   message_id: str | None, repeat: bool = False) -> None:
    person = await people.lookup(client, place.team, place.user)
    metadata = {"team": place.team, "user": place.user, "user_name": person.name, "tz": person.tz,
                "is_admin": person.is_admin, "channel": place.channel, "thread_ts": place.thread_ts}
    if message_id:
        metadata["message_id"] = message_id
    replies = await run_blocking(take_turn, engine, place.sender, text, metadata, repeat)
    for message in render.messages(replies):
        await client.chat_postMessage(channel=place.channel, thread_ts=place.thread_ts, **message)
    await home.publish(client, person, only_if_changed=True)
    await checkup_dms.deliver_after_turn(client, place.team)  # "send the health check to the partnership"
