"""Direct messages and @mentions: each becomes one conversation turn."""

from __future__ import annotations

import re

from bot.slack.conversation import Place, converse, first_delivery

MENTION = re.compile(r"<@[A-Z0-9]+>\s*")


def register(app, engine) -> None:
    @app.event("message")
    async def direct_message(event, body, client):
        if event.get("channel_type") != "im" or event.get("bot_id") or event.get("subtype"):
            return  # other bots, our own messages, edits and joins: never answered
        if not await first_delivery(body.get("event_id")):
            return
        place = Place(body["team_id"], event["user"], event["channel"])
        await converse(client, engine, place, event.get("text", ""), body.get("event_id"))

    @app.event("app_mention")
    async def mention(event, body, client):
        if event.get("bot_id") or not await first_delivery(body.get("event_id")):
            return
        thread = event.get("thread_ts") or event["ts"]
        place = Place(body["team_id"], event["user"], event["channel"], thread)
        await converse(client, engine, place, MENTION.sub("", event.get("text", "")).strip(), body.get("event_id"))
