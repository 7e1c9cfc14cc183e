"""Direct messages, @mentions and button clicks: each is recorded in the inbox before
Slack is acknowledged (middleware), then answered in order with the rest of its
conversation. A message that cannot be recorded is refused with HTTP 503, so Slack sends
it again, and the person is told once why the answer is late."""

from __future__ import annotations

import asyncio
import logging
import re

from slack_bolt.response import BoltResponse
from sqlalchemy.exc import OperationalError

from bot import words
from bot.slack import render
from bot.slack.conversation import Place
from bot.slack.thread_pools import run_before_ack
from bot.store import inbox
from bot.store.db import DatabaseUnavailable
from bot.store.models import utcnow

logger = logging.getLogger(__name__)
CHOICE = re.compile(r"^coach_choice_\d+$")
NOT_RECORDED = ("I can't reach my records right now, so I haven't read your message yet. Slack will "
                "send it to me again in a few minutes and I'll answer then; if no answer comes, "
                "please send it again.")


def incoming_of(body: dict) -> inbox.Incoming | None:
    """The conversation message a request carries; None for anything else (other bots,
    our own messages, edits, joins, channel chatter, other buttons)."""
    if body.get("type") == "event_callback":
        event = body.get("event") or {}
        if event.get("bot_id") or event.get("subtype") or not event.get("user"):
            return None
        if event.get("type") == "message" and event.get("channel_type") == "im":
            place, text = Place(body["team_id"], event["user"], event["channel"]), event.get("text", "")
        elif event.get("type") == "app_mention":
            place = Place(body["team_id"], event["user"], event["channel"], event.get("thread_ts") or event["ts"])
            text = words.without_mentions(event.get("text", "")).strip()
        else:
            return None
        return place.incoming(body["event_id"], event["ts"], text)
    if body.get("type") == "block_actions":
        action = (body.get("actions") or [{}])[0]
        if not CHOICE.match(action.get("action_id", "")):
            return None
        message, channel = body.get("message") or {}, body["channel"]["id"]
        place = Place(body["team"]["id"], body["user"]["id"], channel, message.get("thread_ts"))
        # One click per message of buttons: a second click on the same message is a duplicate.
        return place.incoming(f"click:{channel}:{message.get('ts')}", action["action_ts"], action["value"])
    return None


async def record_before_acknowledging(req, body, context, client, next):
    """Middleware: a conversation message is recorded in the inbox before Slack hears back."""
    incoming = incoming_of(body)
    if incoming is None:
        return await next()
    try:
        context["inbox_new"] = await run_before_ack(inbox.receive, incoming, utcnow())
    except (DatabaseUnavailable, OperationalError):
        logger.exception("could not record %s; Slack will retry", incoming.event_id)
        if not req.headers.get("x-slack-retry-num"):
            asyncio.ensure_future(tell(client, incoming, NOT_RECORDED))
        return BoltResponse(status=503, body="")
    context["inbox_conversation"] = incoming.conversation
    return await next()


async def answer(context) -> None:
    """Answer the message the middleware recorded (and what waits before it in its conversation)."""
    if context.get("inbox_new"):  # False: Slack retrying, or a second click
        await context["conversations"].answer_waiting(context["inbox_conversation"])


async def choice(ack, body, action, client, context) -> None:
    """A button the coach offered: the clicked message shows the choice and can't be clicked again."""
    await ack()
    if not context.get("inbox_new"):
        return
    message = body.get("message") or {}
    await client.chat_update(channel=body["channel"]["id"], ts=message["ts"], text=message.get("text", ""),
                             blocks=render.chosen(message.get("blocks", []), action["text"]["text"]))
    await answer(context)


async def tell(client, incoming: inbox.Incoming, text: str) -> None:
    try:
        await client.chat_postMessage(channel=incoming.channel, thread_ts=incoming.thread_ts, text=text)
    except Exception:
        logger.exception("could not tell %s their message is late", incoming.user)


def register(app) -> None:
    app.middleware(record_before_acknowledging)
    app.event("message")(answer)  # a direct message
    app.event("app_mention")(answer)
    app.action(CHOICE)(choice)
