"""The engine (Rasa Open Source 3.6, Python 3.10) and the action server (a current
rasa-sdk, on the app's Python) talk across a version gap: rasa-sdk only warns about it,
and refuses calls without the domain (Rasa 3.6 sends the domain to form validators only).
These check the parts of the protocol the coach relies on, against the real pair."""

from __future__ import annotations

import sys

import pytest
import rasa_sdk
import requests

pytestmark = pytest.mark.integration


def engine_api(stack, path: str) -> dict:
    answer = requests.get(f"{stack.client.engine_url}{path}", params={"token": stack.settings.engine_token}, timeout=10)
    answer.raise_for_status()
    return answer.json()


def test_the_pair_is_the_one_this_project_ships():
    major, minor = (int(n) for n in rasa_sdk.__version__.split(".")[:2])
    assert (major, minor) >= (3, 13) and sys.version_info >= (3, 11)


def test_the_engine_is_rasa_3_6(stack):
    assert engine_api(stack, "/version")["version"].startswith("3.6.")


def test_a_form_runs_across_the_gap_with_its_slots_events_and_buttons(stack, conversation):
    reply = conversation.say("I want to start a partnership with Mercy Hospital")
    assert "Step 1 of 9: The common problem" in reply
    tracker = engine_api(stack, f"/conversations/{conversation.sender}/tracker")
    assert tracker["active_loop"]["name"] == "coaching_form"  # the ActiveLoop event came back
    assert tracker["slots"]["partnership_id"]  # a SlotSet from the action server
    replies = stack.client.send(conversation.sender, "1,150 crisis calls to the Mercy ER last year",
                                conversation.metadata)
    assert any(r.buttons for r in replies)  # buttons travel back as the action sent them
    assert "Saved for the common problem." in "\n".join(r.text or "" for r in replies)  # the validator ran


def test_an_action_sent_no_domain_still_answers(conversation):
    # action_list_commitments is not a form validator: Rasa 3.6 sends it no domain
    assert conversation.say("I'll call the principal by Friday").startswith("Got it: you'll call the principal by ")
    assert "1. call the principal, due " in conversation.say("what have I committed to?")
