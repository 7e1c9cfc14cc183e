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
from bot.slack.conversation import Place

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


async def global_shortcut(ack, body, client, context) -> None:
    """New partnership: starts one in the DM, as typing its words would."""
    await ack()
    await _start(client, context, body, GLOBAL[body["callback_id"]])


async def message_shortcut(ack, body, client, context) -> None:
    """Save as commitment, Add as progress note: the message's words to the coach."""
    await ack()
    payload = message_payload(ON_A_MESSAGE[body["callback_id"]], (body.get("message") or {}).get("text", ""))
    if payload is None:
        dm = await people.dm_with(client, body["user"]["id"])
        await client.chat_postMessage(channel=dm, text=EMPTY)
        return
    await _start(client, context, body, payload)


async def _start(client, context, body: dict, text: str) -> None:
    team, user = body["team"]["id"], body["user"]["id"]
    place = Place(team, user, await people.dm_with(client, user))
    await context["conversations"].receive(place, f"shortcut:{body['trigger_id']}", text)


def register(app) -> None:
    for callback_id in GLOBAL:
        app.shortcut(callback_id)(global_shortcut)
    for callback_id in ON_A_MESSAGE:
        app.shortcut(callback_id)(message_shortcut)
