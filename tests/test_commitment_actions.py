"""Commitment actions, called the way the engine calls them."""

from datetime import date, timedelta

from sqlalchemy import select

from bot.actions.commitments import (
    ActionCompleteCommitment, ActionListCommitments, ActionMakeCommitment, ActionSaveCommitment,
    ValidateCommitmentForm, task_from,
)
from bot.dates import format_date, today_in
from bot.store.db import session_scope
from bot.store.models import Commitment
from tests.helpers import active_loops, run, slot_events, tracker


def stored(database_url) -> list[Commitment]:
    with session_scope(database_url) as session:
        return list(session.scalars(select(Commitment).order_by(Commitment.id)))


def next_friday() -> date:
    today = today_in("America/Chicago")
    return today + timedelta(days=(4 - today.weekday()) % 7)


def test_a_dated_commitment_is_stored_and_confirmed_with_the_resolved_date(database_url):
    texts, _, events = run(ActionMakeCommitment(), tracker("I'll call the principal by Friday", "make_commitment"))
    assert texts == [f"Got it: you'll call the principal by {format_date(next_friday())}. I'll keep track "
                     "of it; say \"what have I committed to?\" to see your list."]
    [commitment] = stored(database_url)
    assert (commitment.text, commitment.due_date, commitment.status) == ("call the principal", next_friday(), "open")
    assert slot_events(events) == {"commitment_task": None}


def test_a_commitment_without_a_date_asks_for_one_and_stores_nothing_yet(database_url):
    texts, _, events = run(ActionMakeCommitment(), tracker("I'll email the pastor", "make_commitment"))
    assert texts == []  # the form asks "By when...?"
    assert slot_events(events)["commitment_task"] == "email the pastor"
    assert active_loops(events) == ["commitment_form"]
    assert stored(database_url) == []


def test_an_unparseable_date_is_questioned(database_url):
    texts, _, events = run(ActionMakeCommitment(), tracker("I'll draft the MOU by the blue moon", "make_commitment"))
    assert "couldn't read \"by the blue moon\" as a date" in texts[0]
    assert active_loops(events) == ["commitment_form"]
    assert stored(database_url) == []


def test_a_past_date_is_questioned(database_url):
    texts, _, _ = run(ActionMakeCommitment(), tracker("I'll call the DA yesterday", "make_commitment"))
    assert "already passed" in texts[0]
    assert stored(database_url) == []


def test_the_date_answer_is_validated_then_the_commitment_saved(database_url):
    validate = ValidateCommitmentForm()
    dispatcher_texts, _, events = run(validate, tracker(
        "whenever", "out_of_scope", slots={"requested_slot": "commitment_due", "commitment_task": "email the pastor"},
        extracted={"commitment_due": "whenever"}, active_loop="commitment_form"))
    assert slot_events(events)["commitment_due"] is None
    assert "couldn't read" in dispatcher_texts[0]
    _, _, events = run(validate, tracker(
        "Dec 15", "out_of_scope", slots={"requested_slot": "commitment_due", "commitment_task": "email the pastor"},
        extracted={"commitment_due": "Dec 15"}, active_loop="commitment_form"))
    due = slot_events(events)["commitment_due"]
    assert due.endswith("-12-15")
    texts, _, _ = run(ActionSaveCommitment(), tracker(
        "Dec 15", "out_of_scope", slots={"commitment_due": due, "commitment_task": "email the pastor"}))
    assert texts[0].startswith("Got it: you'll email the pastor by")
    assert [c.text for c in stored(database_url)] == ["email the pastor"]


def test_the_same_message_delivered_twice_stores_one_commitment(database_url):
    message = tracker("I'll call the principal by Friday", "make_commitment", message_id="Ev42")
    run(ActionMakeCommitment(), message)
    run(ActionMakeCommitment(), message)
    assert len(stored(database_url)) == 1


def test_listing_shows_open_commitments_with_due_dates(database_url):
    run(ActionMakeCommitment(), tracker("I'll call the principal by Friday", "make_commitment"))
    run(ActionMakeCommitment(), tracker("I will draft the MOU in two weeks", "make_commitment"))
    texts, _, _ = run(ActionListCommitments(), tracker("what have I committed to?", "list_commitments"))
    assert texts[0].startswith("Your open commitments (2):")
    assert f"1. call the principal, due {format_date(next_friday())}" in texts[0]
    assert "2. draft the MOU, due" in texts[0]


def test_listing_is_per_person(database_url):
    run(ActionMakeCommitment(), tracker("I'll call the principal by Friday", "make_commitment", user="U1"))
    texts, _, _ = run(ActionListCommitments(), tracker("what have I committed to?", "list_commitments", user="U2"))
    assert texts[0].startswith("You have no open commitments")


def test_completing_matches_what_was_said(database_url):
    run(ActionMakeCommitment(), tracker("I'll meet the principal by Friday", "make_commitment"))
    run(ActionMakeCommitment(), tracker("I'll draft the MOU in two weeks", "make_commitment"))
    texts, _, _ = run(ActionCompleteCommitment(), tracker("I met with the principal", "complete_commitment"))
    assert texts == ["Marked done: meet the principal. Well done. You have 1 open commitment left."]
    assert [(c.text, c.status) for c in stored(database_url)] == [("meet the principal", "done"),
                                                                  ("draft the MOU", "open")]


def test_an_unclear_completion_offers_the_open_commitments_as_buttons(database_url):
    run(ActionMakeCommitment(), tracker("I'll meet the principal by Friday", "make_commitment"))
    texts, buttons, _ = run(ActionCompleteCommitment(), tracker("finished it", "complete_commitment"))
    assert texts == ["Which commitment did you finish?"]
    assert buttons == [{"title": "meet the principal", "payload": '/complete_commitment{"number": "1"}'}]
    texts, _, _ = run(ActionCompleteCommitment(), tracker(
        '/complete_commitment{"number": "1"}', "complete_commitment",
        entities=[{"entity": "number", "value": "1"}]))
    assert texts[0].startswith("Marked done: meet the principal.")


def test_an_unknown_partnership_is_named_back(database_url):
    texts, _, _ = run(ActionListCommitments(), tracker("commitments for the zoo partnership", "list_commitments"))
    assert texts == ["I don't know a partnership called \"zoo\", and you have none yet. "
                     "Say \"start a partnership with ...\" to begin one."]


def test_the_database_being_down_is_told_to_the_user(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    texts, _, _ = run(ActionMakeCommitment(), tracker("I'll call the principal by Friday", "make_commitment"))
    assert texts == ["I'm having trouble reaching my records right now, so nothing was saved. "
                     "Please try again in a minute."]


def test_promise_words_are_trimmed_from_the_task():
    assert task_from("I'll call the principal") == "call the principal"
    assert task_from("commit me to drafting the MOU") == "drafting the MOU"
    assert task_from("I'm going to send the data request") == "send the data request"
