"""One turn of a Slack conversation: the user's words to the engine, the coach's
replies back to the same DM or thread, and the App Home refreshed after.

A conversation is keyed by team and user, plus channel and thread outside a DM, so a
thread is kept apart from the DM and from other threads."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import OperationalError

from bot.engine import EngineClient, take_turn
from bot.slack import home, people, render
from bot.slack.blocking import run_blocking
from bot.store import repository
from bot.store.db import DatabaseUnavailable, session_scope

logger = logging.getLogger(__name__)


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


async def first_delivery(event_id: str | None) -> bool:
    """False when Slack is retrying an event already handled."""
    if not event_id:
        return True
    def record() -> bool:
        with session_scope() as session:
            return repository.first_delivery(session, event_id)
    try:
        return await run_blocking(record)
    except (DatabaseUnavailable, OperationalError):  # the database went down after the first connection
        logger.exception("could not record event %s; handling it anyway", event_id)
        return True


async def converse(client: AsyncWebClient, engine: EngineClient, place: Place, text: str,
                   message_id: str | None) -> None:
    person = await people.lookup(client, place.team, place.user)
    metadata = {"team": place.team, "user": place.user, "user_name": person.name, "tz": person.tz,
                "is_admin": person.is_admin, "channel": place.channel, "thread_ts": place.thread_ts}
    if message_id:
        metadata["message_id"] = message_id
    replies = await run_blocking(take_turn, engine, place.sender, text, metadata)
    for message in render.messages(replies):
        await client.chat_postMessage(channel=place.channel, thread_ts=place.thread_ts, **message)
    await home.publish(client, person)
