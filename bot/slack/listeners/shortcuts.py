"""Shortcuts, which work where slash commands don't (threads) and on any message:

- "New partnership" (global): starts one in the DM with the coach;
- "Save as commitment" and "Add as progress note" (on a message): the message's words go
  to the coach as if confirmed, so nothing is guessed from them; the coach answers in
  the DM (asking for a due date or the goal, as when typed).

Each goes through the inbox like a typed message, so a retried shortcut is answered once."""

from __future__ import annotations

import json
import re

from bot.slack import people
from bot.slack.conversation import Conversations, Place

GLOBAL = {"new_partnership": "/start_partnership"}
# callback id -> the intent the message's words are recorded as
ON_A_MESSAGE = {"save_as_commitment": "make_commitment", "add_progress_note": "report_progress"}
LONGEST = 2000  # characters of a message taken; a longer one is cut at a word with an ellipsis
# "Sarge, can you call the DA by Friday?" asked of the person saving it: what they'll do
# is what follows the request.
REQUEST = re.compile(r"^(?:[\w.]+[,:]?\s+)?(?:can|could|would|will) (?:you|u) (?:please |pls )?|^(?:please|pls),? ", re.I)
EMPTY = "That message has no text I can save; copy the words into a message to me instead."


def message_payload(intent: str, text: str) -> str | None:
    """`/intent{"confirmed": words}`: the coach acts on the words as if it had asked and
    been told yes (bot/actions/context.py latest_text). None for a message without words."""
    words = " ".join(text.split())
    if intent == "make_commitment":
        words = REQUEST.sub("", words, count=1).rstrip("?")
    if not words:
        return None
    if len(words) > LONGEST:
        words = words[:LONGEST].rsplit(" ", 1)[0] + "…"
    return f"/{intent}{json.dumps({'confirmed': words})}"


def register(app, conversations: Conversations) -> None:
    async def start(client, body: dict, text: str, key: str) -> None:
        team, user = body["team"]["id"], body["user"]["id"]
        await conversations.receive(Place(team, user, await people.dm_with(client, user)), f"shortcut:{key}", text)

    # Handlers are made by functions, not closures over loop variables with defaults: bolt
    # fills a listener's arguments by name, and "message" is one of its names.
    def global_shortcut(words: str):
        async def handle(ack, body, client):
            await ack()
            await start(client, body, words, body["trigger_id"])
        return handle

    def message_shortcut(intent: str):
        async def handle(ack, body, client):
            await ack()
            payload = message_payload(intent, (body.get("message") or {}).get("text", ""))
            if payload is None:
                dm = await people.dm_with(client, body["user"]["id"])
                await client.chat_postMessage(channel=dm, text=EMPTY)
                return
            await start(client, body, payload, body["trigger_id"])
        return handle

    for callback_id, words in GLOBAL.items():
        app.shortcut(callback_id)(global_shortcut(words))
    for callback_id, intent in ON_A_MESSAGE.items():
        app.shortcut(callback_id)(message_shortcut(intent))
