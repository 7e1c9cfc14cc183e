"""The buttons on a nudge and on a blocker escalation, the listeners called directly."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.slack.listeners import nudges
from bot.store import commitments, people
from bot.store.db import session_scope
from bot.store.models import NudgeMessage


@pytest.fixture
def nudge(database_url) -> dict:
    """A nudge sent to UOWN about one of their commitments: its button value."""
    with session_scope(database_url) as session:
        owner = people.person_for(session, people.Identity("T1", "UOWN"))
        commitment = commitments.add_commitment(session, owner, "call the principal", None)
        message = NudgeMessage(person_id=owner.id, channel="DUOWN", ts="1700000000.000001")
        session.add(message)
        session.flush()
        return {"m": message.id, "k": "commitment", "i": commitment.id}


def pressed(user: str, action_id: str, value: dict) -> tuple[dict, dict]:
    """The body and action of a button on the nudge in `user`'s DM."""
    item = f"nudge:{value['k']}:{value['i']}"
    body = {"team": {"id": "T1"}, "user": {"id": user}, "channel": {"id": f"D{user}"}, "trigger_id": "trig1",
            "message": {"ts": "1700000000.000001", "blocks": [{"type": "section", "block_id": item}]}}
    return body, {"action_id": action_id, "value": json.dumps(value)}


def test_snooze_updates_the_nudge_to_say_until_when(ack, client, standin, nudge):
    body, action = pressed("UOWN", "nudge_snooze", nudge)
    asyncio.run(nudges.done_or_snooze(ack=ack, body=body, action=action, client=client))
    [update] = standin.of("chat.update")
    assert ack.calls == [{}] and update.args["text"].startswith("Snoozed until ")
    assert update.args["blocks"] == [{"type": "context", "elements": [{"type": "mrkdwn", "text": update.args["text"]}]}]


def test_someone_elses_item_is_not_changed(ack, client, standin, nudge):
    body, action = pressed("UOTHER", "nudge_done", nudge)
    asyncio.run(nudges.done_or_snooze(ack=ack, body=body, action=action, client=client))
    [update] = standin.of("chat.update")
    assert update.args["text"] == "That item isn't yours to update."


def test_report_a_blocker_opens_a_form_that_remembers_the_nudge(ack, client, standin, nudge):
    body, action = pressed("UOWN", "nudge_blocker", nudge)
    asyncio.run(nudges.ask_for_note(ack=ack, body=body, action=action, client=client))
    [opened] = standin.of("views.open")
    view = opened.args["view"]
    assert view["title"]["text"] == "Report a blocker" and view["blocks"][0]["label"]["text"] == "What is in the way?"
    assert json.loads(view["private_metadata"])["action"] == "blocker"


def note_form(target: dict, text: str) -> dict:
    return {"private_metadata": json.dumps(target), "state": {"values": {"note": {"text": {"value": text}}}}}


def test_an_empty_note_is_refused_in_the_form(ack, client, standin):
    asyncio.run(nudges.note_submitted(ack=ack, body={}, view=note_form({}, "  "), client=client))
    assert ack.calls == [{"response_action": "errors", "errors": {"note": "Write a few words, or close the form."}}]
    assert standin.calls == []


def test_a_note_on_a_nudge_sent_to_someone_else_reads_and_changes_nothing(ack, client, standin, nudge):
    body = {"team": {"id": "T1"}, "user": {"id": "UOTHER"}}
    asyncio.run(nudges.note_submitted(ack=ack, body=body, client=client, view=note_form(
        {**nudge, "action": "update"}, "Met the principal")))
    assert ack.calls == [{}] and standin.calls == []


def test_an_escalation_button_pressed_by_someone_it_was_not_sent_to_changes_nothing(ack, client, standin, nudge):
    body, action = pressed("UOTHER", "escalation_handled", {"m": nudge["m"], "n": 1, "k": "blocker", "i": 1})
    asyncio.run(nudges.on_escalation(ack=ack, body=body, action=action, client=client))
    assert ack.calls == [{}]
    assert [c.method for c in standin.calls] == ["users.info"]  # who pressed it, and nothing else
