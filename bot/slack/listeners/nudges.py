"""The buttons on a nudge. Done and Snooze act at once; Report a blocker and Post an
update open a small form first. The nudge is updated to show what was done.

And the buttons on a blocker escalation to a sponsor: "Reply to <reporter>" tells the
reporter the sponsor wants to talk; "Mark handled" closes the blocker. Only the sponsor
the escalation was sent to can press them."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from bot.nudges import escalation, responses
from bot.nudges.responses import NotYours, respond
from bot.slack import nudge_blocks, people, render
from bot.slack.thread_pools import run_blocking
from bot.store.people import Identity

NOTE_FORMS = {"nudge_blocker": ("Report a blocker", "What is in the way?"),
              "nudge_update": ("Post an update", "What progress is there?")}


async def apply(client, team: str, user: str, target: dict, action: str, note: str | None = None) -> None:
    person = await people.lookup(client, team, user)
    try:
        outcome = await run_blocking(_respond, person.identity, target, action, note)
    except NotYours:
        outcome = "That item isn't yours to update."
    block_id = f"nudge:{target['k']}:{target['i']}"
    await client.chat_update(channel=target["channel"], ts=target["ts"], text=outcome,
                             blocks=nudge_blocks.resolved(target["blocks"], block_id, outcome))


def _respond(identity: Identity, target: dict, action: str, note: str | None) -> str:
    with people.session_for(identity) as (session, me):
        return respond(session, me, target["m"], target["k"], target["i"], action, datetime.now(timezone.utc), note)


def sent_to(team: str, user: str, message_id) -> tuple[str, str] | None:
    """Where the nudge `message_id` was sent, if it was sent to this person."""
    with people.session_for(Identity(team, user)) as (session, person):
        return responses.sent_to(session, person, message_id)


async def escalation_pressed(client, body: dict, action: dict) -> None:
    """Reply to <reporter> or Mark handled, by the sponsor the escalation went to."""
    target = json.loads(action["value"])
    sponsor = await people.lookup(client, body["team"]["id"], body["user"]["id"])
    try:
        current, tell, channel, ts = await run_blocking(_press, sponsor.identity, action["action_id"], target)
    except NotYours:
        return  # not an escalation sent to this person: nothing is read or changed
    except escalation.BlockerGone as gone:
        removed = "This blocker has since been removed from the partnership's records."
        kept = [b for b in body["message"].get("blocks", []) if b.get("type") != "actions"]
        await client.chat_update(channel=gone.channel, ts=gone.ts, text=removed, blocks=kept + [
            {"type": "context", "elements": [{"type": "mrkdwn", "text": removed}]}])
        return
    if tell:
        their_dm = await people.dm_with(client, tell)
        await client.chat_postMessage(channel=their_dm, text=render.escape(
            escalation.talk_request(sponsor.name or "Your sponsoring leader", current)))
    await client.chat_update(channel=channel, ts=ts, text=nudge_blocks.escalation_text(current),
                             blocks=nudge_blocks.escalation_blocks(current))


def _press(identity: Identity, pressed: str, target: dict):
    """The blocker escalated after the press, whom to tell the sponsor wants to talk (or
    None), and where the escalation was sent (not where the payload says)."""
    with people.session_for(identity) as (session, me):
        now = datetime.now(timezone.utc)
        if pressed == "escalation_handled":
            current, tell = escalation.mark_handled(session, me, target["m"], target["n"], now), None
        else:
            current, tell = escalation.ask_to_talk(session, me, target["m"], target["n"], now)
        return current, tell, *escalation.where_sent(session, current)


async def on_escalation(ack, body, action, client) -> None:
    await ack()
    await escalation_pressed(client, body, action)


async def done_or_snooze(ack, body, action, client) -> None:
    await ack()
    target = {**json.loads(action["value"]), "channel": body["channel"]["id"],
              "ts": body["message"]["ts"], "blocks": body["message"]["blocks"]}
    verb = "done" if action["action_id"] == "nudge_done" else "snooze"
    await apply(client, body["team"]["id"], body["user"]["id"], target, verb)


async def ask_for_note(ack, body, action, client) -> None:
    await ack()
    title, label = NOTE_FORMS[action["action_id"]]
    target = {**json.loads(action["value"]), "channel": body["channel"]["id"], "ts": body["message"]["ts"],
              "action": "blocker" if action["action_id"] == "nudge_blocker" else "update"}
    await client.views_open(trigger_id=body["trigger_id"], view={
        "type": "modal", "callback_id": "nudge_note", "private_metadata": json.dumps(target),
        "title": {"type": "plain_text", "text": title}, "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [{"type": "input", "block_id": "note", "label": {"type": "plain_text", "text": label},
                    "element": {"type": "plain_text_input", "action_id": "text", "multiline": True,
                                "max_length": 2000}}]})


async def note_submitted(ack, body, view, client) -> None:
    text = (view["state"]["values"]["note"]["text"].get("value") or "").strip()
    if not text:
        await ack(response_action="errors", errors={"note": "Write a few words, or close the form."})
        return
    await ack()
    target = json.loads(view["private_metadata"])
    sent = await run_blocking(sent_to, body["team"]["id"], body["user"]["id"], target.get("m"))
    if sent is None:
        return  # not a nudge sent to this person: nobody else's DM is read or changed
    target["channel"], target["ts"] = sent
    history = await client.conversations_history(channel=target["channel"], latest=target["ts"],
                                                 inclusive=True, limit=1)
    target["blocks"] = (history.get("messages") or [{}])[0].get("blocks", [])
    await apply(client, body["team"]["id"], body["user"]["id"], target, target["action"], text)


def register(app) -> None:
    for action_id in ("escalation_reply", "escalation_handled"):
        app.action(action_id)(on_escalation)
    for action_id in ("nudge_done", "nudge_snooze"):
        app.action(action_id)(done_or_snooze)
    for action_id in NOTE_FORMS:
        app.action(action_id)(ask_for_note)
    app.view("nudge_note")(note_submitted)
