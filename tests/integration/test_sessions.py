"""Bounded history: after an hour of silence the conversation starts a new session, and
the coach restores the person's place from the store. The clock is moved by ageing the
conversation's events in Rasa's tracker store, as days of silence would."""

from __future__ import annotations

import json

import pytest
import sqlalchemy
from sqlalchemy import select

from bot.processes import tracker_store_config
from bot.store.db import session_scope
from bot.store.models import Partnership, Person

pytestmark = pytest.mark.integration
DAY = 86_400


def tracker_store_url(stack) -> str:
    config = tracker_store_config(stack.settings.database_url, stack.settings.data_dir)
    if config["dialect"] == "sqlite":
        return f"sqlite:///{config['db']}"
    return f"postgresql+psycopg://{config['username']}@{config['url']}:{config['port']}/{config['db']}"


def age(conversation, days: float) -> None:
    """Move every stored event of the conversation `days` into the past."""
    engine = sqlalchemy.create_engine(tracker_store_url(conversation.stack))
    with engine.begin() as connection:
        rows = connection.execute(sqlalchemy.text("SELECT id, data FROM events WHERE sender_id = :s"),
                                  {"s": conversation.sender}).all()
        for row_id, data in rows:
            event = json.loads(data)
            event["timestamp"] -= days * DAY
            connection.execute(sqlalchemy.text("UPDATE events SET data = :d, timestamp = :t WHERE id = :i"),
                               {"d": json.dumps(event), "t": event["timestamp"], "i": row_id})
    engine.dispose()


def sessions_started(conversation) -> int:
    return sum(e["event"] == "session_started" for e in conversation.stack.client.history(conversation.sender))


def mine(conversation) -> Partnership:
    with session_scope(conversation.stack.settings.database_url) as session:
        found = session.scalar(select(Partnership).join(Person, Partnership.owner_id == Person.id)
                               .where(Person.external_id == conversation.user))
        found.answers, found.progress_notes  # noqa: B018 - reading them loads them before the session closes
        return found


def test_a_step_left_three_days_ago_is_picked_up_with_its_answer(conversation):
    say = conversation.say
    say("I want to start a partnership with Mercy Hospital on repeat crisis calls")
    replies = say("1,150 crisis calls to the Mercy ER last year per CAD, officers wait 3.5 hours per handoff, "
                  "and the ER director agreed")
    assert "Step 2 of 9" in replies
    age(conversation, 3)
    replies = say("A formal partnership: we decide together under an MOU, a long-term goal neither of us can "
                  "reach alone")
    assert "Saved for partnership or assignment." in replies and "Step 3 of 9" in replies
    assert sessions_started(conversation) == 2  # the silence started a new session
    assert {a.step_id for a in mine(conversation).answers} >= {"problem", "partnership_or_assignment"}


def test_a_follow_up_left_overnight_is_still_the_question(conversation):
    say = conversation.say
    say("I need to set up a partnership with the school district on truancy")
    replies = say("Chronic absence at Lincoln High is 18% per district attendance data")
    assert "How would the partner say the problem in its own words?" in replies
    age(conversation, 1)
    replies = say("the principal agreed, she calls it chronic absence")
    assert sessions_started(conversation) == 2
    assert "Good, that covers the partner agrees the problem." in replies and "Step 2 of 9" in replies


def test_a_health_check_left_halfway_resumes_at_the_next_statement(conversation):
    say = conversation.say
    say("I want to start a partnership with the ridgeview tenants association")
    say("skip")
    replies = say("run a health check on the ridgeview tenants association partnership")
    assert "Health check of the ridgeview tenants association partnership" in replies
    say("4")
    say("agree")
    age(conversation, 4)
    replies = say("3")
    assert "Statement 4 of 20" in replies


def test_a_confirmation_button_still_works_after_a_session_boundary(conversation):
    say = conversation.say
    say("I want to start a partnership with the millbrook bike co-op")
    say("skip")
    age(conversation, 2)
    payload = '/report_blocker{"confirmed": "the bus drivers union objects to sharing camera footage"}'
    replies = say(payload)
    assert "Noted the blocker on the millbrook bike co-op partnership" in replies
    assert [n.text for n in mine(conversation).progress_notes if n.kind == "blocker"] == [
        "the bus drivers union objects to sharing camera footage"]
