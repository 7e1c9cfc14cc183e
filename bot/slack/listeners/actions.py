"""Button clicks continue the conversation exactly as typing the choice would, and
the clicked message is updated so it cannot be clicked twice."""

from __future__ import annotations

import re

from bot.slack import render
from bot.slack.conversation import Place, converse, first_delivery


def register(app, engine) -> None:
    @app.action(re.compile(r"^coach_choice_\d+$"))
    async def choice(ack, body, action, client):
        await ack()
        message, channel = body.get("message") or {}, body["channel"]["id"]
        click_id = f"click:{channel}:{message.get('ts')}"
        if not await first_delivery(click_id):
            return  # a second click on the same message
        await client.chat_update(channel=channel, ts=message["ts"], text=message.get("text", ""),
                                 blocks=render.chosen(message.get("blocks", []), action["text"]["text"]))
        place = Place(body["team"]["id"], body["user"]["id"], channel, message.get("thread_ts"))
        await converse(client, engine, place, action["value"], click_id)
