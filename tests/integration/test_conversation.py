"""A real conversation through Rasa's REST channel: engine, action server and database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import dates
from bot.engine_client import ACTIONS_DOWN, EMPTY, NO_WORDS
from bot.store.db import session_scope
from bot.store.models import Commitment, Partnership, Person

pytestmark = pytest.mark.integration


def commitments_of(conversation) -> list[Commitment]:
    with session_scope(conversation.stack.settings.database_url) as session:
        return list(session.scalars(
            select(Commitment).join(Person, Commitment.owner_id == Person.id)
            .where(Person.external_id == conversation.user).order_by(Commitment.id)))


def next_friday():
    today = dates.today_in("America/Chicago")
    return today + timedelta(days=(4 - today.weekday()) % 7)


def test_greeting_and_help(conversation):
    assert "I'm Partnership Coach" in conversation.say("good morning")
    assert "Here is what I can do" in conversation.say("what can you do?")


def test_start_a_partnership_and_commit_to_something(conversation):
    replies = conversation.say("I want to start a partnership with the school district")
    assert "Let's set up a formal partnership with school district" in replies
    assert "Step 1 of 9: The common problem" in replies

    replies = conversation.say("Truancy at Lincoln High is up 30% since last year, per attendance records; the district agreed")
    assert "Saved for the common problem." in replies
    assert "Step 2 of 9" in replies
    with session_scope(conversation.stack.settings.database_url) as session:
        partnership = session.scalar(select(Partnership).join(Person, Partnership.owner_id == Person.id)
                                     .where(Person.external_id == conversation.user))
        assert partnership.partner == "school district"
        assert {a.step_id: a.answer for a in partnership.answers}["problem"].startswith("Truancy at Lincoln High")

    replies = conversation.say("I'll call the principal by Friday")
    assert f"Got it: you'll call the principal by {dates.format_date(next_friday())}" in replies
    [stored] = commitments_of(conversation)
    assert (stored.text, stored.due_date, stored.status) == ("call the principal", next_friday(), "open")

    replies = conversation.say("what have I committed to?")
    assert "1. call the principal, due" in replies

    replies = conversation.say("I called the principal")
    assert "Marked done: call the principal." in replies
    assert [c.status for c in commitments_of(conversation)] == ["done"]


def test_a_commitment_without_a_date_is_asked_for_one(conversation):
    assert "By when will you email the pastor?" in conversation.say("I'll email the pastor")
    replies = conversation.say("by the blue moon")
    assert "couldn't read \"by the blue moon\" as a date" in replies
    assert commitments_of(conversation) == []
    replies = conversation.say("Dec 15")
    assert "Got it: you'll email the pastor by" in replies and "15 December" in replies
    assert [c.text for c in commitments_of(conversation)] == ["email the pastor"]


def test_never_mind_drops_a_half_made_commitment(conversation):
    conversation.say("I'll email the pastor")
    assert "I haven't recorded that commitment" in conversation.say("never mind")
    assert commitments_of(conversation) == []


def test_bad_input_gets_a_clear_answer(conversation):
    assert conversation.say("   ") == EMPTY
    assert "20,000 characters long" in conversation.say("x" * 20_000)
    assert conversation.say("🚓🚓🚓") == NO_WORDS
    unknown = conversation.say("show my commitments for the zoo partnership")
    assert "I don't know a partnership called \"zoo\"" in unknown


def test_knowledge_questions(conversation):
    replies = conversation.say("what makes a partnership work?")
    assert "The research puts two first" in replies


def test_action_server_down_is_told_and_the_message_kept(stack, conversation):
    stack.children[0].stop()
    try:
        assert conversation.say("what have I committed to?") == ACTIONS_DOWN
        said = [e.get("text") for e in stack.client.history(conversation.sender) if e.get("event") == "user"]
        assert "what have I committed to?" in said
    finally:
        stack.restart_actions()
    assert "You have no open commitments" in conversation.say("what have I committed to?")
