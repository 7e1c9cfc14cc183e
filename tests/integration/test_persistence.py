"""State that must survive: a coaching step left open across an engine restart, and
the whole conversation on PostgreSQL (store and Rasa's tracker store)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.db import session_scope
from bot.store.models import Commitment, Partnership, Person

pytestmark = pytest.mark.integration


def partnership_of(conversation) -> Partnership:
    with session_scope(conversation.stack.settings.database_url) as session:
        return session.scalar(select(Partnership).join(Person, Partnership.owner_id == Person.id)
                              .where(Person.external_id == conversation.user))


def answers_of(conversation) -> dict:
    with session_scope(conversation.stack.settings.database_url) as session:
        partnership = session.get(Partnership, partnership_of(conversation).id)
        return {a.step_id: a.answer for a in partnership.answers}


def test_an_unfinished_step_survives_an_engine_restart(stack, conversation):
    assert "Step 1 of 9" in conversation.say("I want to start a partnership with Mercy Hospital on overdoses")
    stack.restart_engine()
    # the engine remembers it asked for the problem: the next message is the answer
    replies = conversation.say("Overdose calls in the 5th precinct doubled this year, per EMS data")
    assert "Saved for the common problem." in replies
    assert answers_of(conversation)["problem"].startswith("Overdose calls in the 5th precinct")


def test_a_conversation_on_postgresql(pg_conversation):
    replies = pg_conversation.say("I need to set up a partnership with the school district on truancy")
    assert "Step 1 of 9" in replies
    assert partnership_of(pg_conversation).partner == "school district"
    assert "Got it: you'll call the principal by" in pg_conversation.say("I'll call the principal by Friday")
    assert "1. call the principal, due" in pg_conversation.say("what have I committed to?")
    with session_scope(pg_conversation.stack.settings.database_url) as session:
        assert [c.text for c in session.scalars(select(Commitment))] == ["call the principal"]


def test_postgresql_state_survives_an_engine_restart(pg_stack, pg_conversation):
    pg_conversation.say("I want to start a partnership with the county mental health board")
    pg_stack.restart_engine()
    assert "Saved for the common problem." in pg_conversation.say(
        "Mental health calls take officers off patrol for hours")
