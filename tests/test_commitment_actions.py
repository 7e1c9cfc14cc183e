"""Commitment actions, called the way the engine calls them."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.actions.commitments import (
    CLARIFY,
    ActionAskCommitmentDue,
    ActionCompleteCommitment,
    ActionListCommitments,
    ActionMakeCommitment,
    ActionSaveCommitment,
    ValidateCommitmentForm,
    task_from,
)
from bot.dates import format_date, resolve_due_date, today_in
from bot.store.db import session_scope
from bot.store.models import Commitment
from tests.support.trackers import active_loops, run, slot_events, tracker


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
    assert buttons == [{"title": "meet the principal", "payload": '/complete_commitment{"number": "1"}'},
                       {"title": "None of those", "payload": '/complete_commitment{"number": "0"}'}]
    texts, _, _ = run(ActionCompleteCommitment(), tracker(
        '/complete_commitment{"number": "1"}', "complete_commitment",
        entities=[{"entity": "number", "value": "1"}]))
    assert texts[0].startswith("Marked done: meet the principal.")


def test_an_unknown_partnership_is_named_back(database_url):
    texts, _, _ = run(ActionListCommitments(), tracker("commitments for the zoo partnership", "list_commitments"))
    assert texts == ["I don't know a partnership called \"zoo\", and you have none yet. "
                     "Say \"start a partnership with ...\" to begin one."]


def test_the_database_being_down_is_told_to_the_user(database_down):
    texts, _, _ = run(ActionMakeCommitment(), tracker("I'll call the principal by Friday", "make_commitment"))
    assert texts == ["I'm having trouble reaching my records right now, so nothing was saved. "
                     "Please try again in a minute."]


def test_promise_words_are_trimmed_from_the_task():
    assert task_from("I'll call the principal") == "call the principal"
    assert task_from("commit me to drafting the MOU") == "drafting the MOU"
    assert task_from("I'm going to send the data request") == "send the data request"


def tomorrow() -> date:
    return today_in("America/Chicago") + timedelta(days=1)


def make(text: str):
    return run(ActionMakeCommitment(), tracker(text, "make_commitment"))


def statuses(database_url) -> list[tuple[str, str]]:
    return [(c.text, c.status) for c in stored(database_url)]


def test_a_bare_instruction_with_a_date_in_it_is_stored_without_asking_by_when(database_url):
    texts, _, events = make("email dr okafor tomorrow morning")
    assert texts[0].startswith(f"Got it: you'll email dr okafor by {format_date(tomorrow())}.")
    assert [(c.text, c.due_date) for c in stored(database_url)] == [("email dr okafor", tomorrow())]
    assert active_loops(events) == []


@pytest.mark.parametrize("said", [
    "gonna brief roll call tomorrow", "I'm going to brief roll call tomorrow", "will brief roll call tomorrow",
    "need to brief roll call tomorrow", "I have to brief roll call tomorrow", "i should brief roll call tomorrow",
    "let me brief roll call tomorrow", "imma brief roll call tomorrow", "I can brief roll call tomorrow",
    "ok I'll brief roll call tomorrow", "Brief roll call tomorrow", "i gotta brief roll call eod tomorrow",
])
def test_every_way_of_promising_is_said_back_grammatically(database_url, said):
    texts, _, _ = make(said)
    assert texts[0].startswith(f"Got it: you'll brief roll call by {format_date(tomorrow())}.")
    assert [c.text for c in stored(database_url)] == ["brief roll call"]


def test_the_echo_speaks_to_the_person(database_url):
    texts, _, _ = make("commit me to drafting my MOU tomorrow")
    assert texts[0].startswith("Got it: you'll be drafting your MOU by")


def test_the_date_question_is_grammatical_too(database_url):
    _, _, events = make("gonna brief my lieutenant")
    texts, _, _ = run(ActionAskCommitmentDue(), tracker("", "make_commitment", slots=slot_events(events)))
    assert texts[0].startswith("By when will you brief your lieutenant?")


@pytest.mark.parametrize("promise, report", [
    ("email dr okafor tomorrow morning", "ok emailed okafor"),
    ("email dr okafor tomorrow morning", "emailed okafor"),
    ("send the MOU draft to legal by Friday", "sent it to legal"),
    ("talk to the principal by Friday", "talked to the principal"),
    ("brief roll call tomorrow", "briefed roll call"),
])
def test_a_past_tense_report_completes_the_matching_commitment(database_url, promise, report):
    make(promise)
    make("call the DA by Friday")
    texts, _, _ = run(ActionCompleteCommitment(), tracker(report, "complete_commitment"))
    task = stored(database_url)[0].text
    assert texts == [f"Marked done: {task}. Well done. You have 1 open commitment left."]
    assert statuses(database_url) == [(task, "done"), ("call the DA", "open")]


def test_a_report_taken_for_a_promise_still_completes_and_stores_nothing_new(database_url):
    make("email dr okafor tomorrow morning")
    texts, _, events = make("ok emailed okafor")
    assert texts[0].startswith("Marked done: email dr okafor.")
    assert statuses(database_url) == [("email dr okafor", "done")]
    assert active_loops(events) == []


def test_the_same_verb_for_someone_else_is_not_taken_as_done(database_url):
    make("email dr okafor tomorrow morning")
    texts, _, _ = run(ActionCompleteCommitment(), tracker("emailed the superintendent", "complete_commitment"))
    assert texts == [CLARIFY]
    assert statuses(database_url) == [("email dr okafor", "open")]


def answer_to_which(text: str, **kwargs):
    """The person's answer to "Which commitment did you finish?"."""
    answer = tracker(text, "complete_commitment", **kwargs)
    answer.events.insert(0, {"event": "bot", "text": CLARIFY})
    return run(ActionCompleteCommitment(), answer)


@pytest.fixture
def two_open(database_url):
    make("email dr okafor tomorrow morning")
    make("call the DA by Friday")


@pytest.mark.parametrize("answer, done", [("2", "call the DA"), ("the second one", "call the DA"),
                                          ("the okafor one", "email dr okafor"), ("okafor", "email dr okafor")])
def test_the_which_question_takes_a_number_or_a_name(database_url, two_open, answer, done):
    texts, _, _ = answer_to_which(answer)
    assert texts == [f"Marked done: {done}. Well done. You have 1 open commitment left."]
    assert (done, "done") in statuses(database_url)


@pytest.mark.parametrize("answer", ["none of those", "neither", "never mind"])
def test_none_of_those_marks_nothing_done(database_url, two_open, answer):
    texts, _, _ = answer_to_which(answer)
    assert texts == ["OK, nothing marked done."]
    assert statuses(database_url) == [("email dr okafor", "open"), ("call the DA", "open")]


def test_the_none_of_those_button_marks_nothing_done(database_url, two_open):
    texts, _, _ = answer_to_which('/complete_commitment{"number": "0"}', entities=[{"entity": "number", "value": "0"}])
    assert texts == ["OK, nothing marked done."]
    assert statuses(database_url) == [("email dr okafor", "open"), ("call the DA", "open")]


def test_the_which_question_is_never_asked_twice_in_a_row(database_url, two_open):
    texts, buttons, _ = answer_to_which("the thing with the van")
    assert not texts[0].startswith(CLARIFY) and buttons == []
    assert texts[0].startswith("I still can't tell which one, so I've left them all open:\n1. email dr okafor, due ")
    assert "\n2. call the DA, due " in texts[0]
    assert statuses(database_url) == [("email dr okafor", "open"), ("call the DA", "open")]


def test_a_commitment_retyped_minutes_later_is_kept_once_and_the_reply_says_so(database_url):
    """Told "not processed" (or unsure it went through), people type it again."""
    run(ActionMakeCommitment(), tracker("I'll call the principal by Friday", "make_commitment"))
    texts, _, _ = run(ActionMakeCommitment(), tracker("i'll call the principal by friday", "make_commitment"))
    assert texts[0].startswith("You told me that one already, so I've kept it once: you'll call the principal by ")
    assert [c.text for c in stored(database_url)] == ["call the principal"]


def test_the_same_words_with_another_date_are_a_second_commitment(database_url):
    run(ActionMakeCommitment(), tracker("I'll call the principal by Friday", "make_commitment"))
    texts, _, _ = run(ActionMakeCommitment(), tracker("I'll call the principal by Dec 30", "make_commitment"))
    assert texts[0].startswith("Got it: you'll call the principal by ")
    assert len(stored(database_url)) == 2


def test_a_date_followed_by_the_purpose_keeps_the_purpose_in_the_task(database_url):
    texts, _, _ = run(ActionMakeCommitment(), tracker("ill email dr patel by friday to set up a sitdown",
                                                      "make_commitment"))
    assert texts[0].startswith(f"Got it: you'll email dr patel to set up a sitdown by {format_date(next_friday())}")


def test_a_corrected_date_answer_is_read_without_the_correction_words(database_url):
    _, _, events = run(ValidateCommitmentForm(), tracker("no wait make it dec 30", "deny", extracted={
        "commitment_due": "no wait make it dec 30"}, slots={"commitment_task": "email the pastor"},
        active_loop="commitment_form"))
    assert slot_events(events)["commitment_due"].endswith("-12-30")


def answering_by_when(text: str, intent: str = "make_commitment", confidence: float = 0.95):
    return run(ValidateCommitmentForm(), tracker(
        text, intent, confidence=confidence, extracted={"commitment_due": text}, active_loop="commitment_form",
        slots={"requested_slot": "commitment_due", "commitment_task": "call the DA"}))


def test_a_new_dated_commitment_instead_of_a_date_is_saved_and_the_first_kept_without_one(database_url):
    texts, _, events = answering_by_when("I'll email AP Gomez the referral form by Friday")
    assert texts[0] == "I've kept \"call the DA\" on your list without a date."
    assert texts[1].startswith(f"Got it: you'll email AP Gomez the referral form by {format_date(next_friday())}")
    assert slot_events(events)["requested_slot"] is None  # the date question is over
    assert [(c.text, c.due_date) for c in stored(database_url)] == [
        ("call the DA", None), ("email AP Gomez the referral form", next_friday())]


def test_a_new_commitment_without_a_date_becomes_the_one_asked_about(database_url):
    texts, _, events = answering_by_when("I need to call the LT")
    assert texts == ["I've kept \"call the DA\" on your list without a date."]
    assert slot_events(events) == {"commitment_task": "call the LT", "commitment_due": None}
    assert [c.text for c in stored(database_url)] == ["call the DA"]


def test_asking_for_the_list_instead_of_a_date_gets_the_list(database_url):
    texts, _, events = answering_by_when("what have I committed to?", "list_commitments")
    assert texts[0].startswith("I've kept \"call the DA\" on your list without a date. Your open commitments (1):")
    assert "1. call the DA, no due date" in texts[0]
    assert slot_events(events)["requested_slot"] is None


def test_a_question_the_coach_knows_instead_of_a_date_is_answered(database_url):
    texts, _, events = answering_by_when("how do I get buy-in from the LT?", "ask_factor")
    assert texts[0] == "I've kept \"call the DA\" on your list without a date. I've left the date question."
    assert texts[1].startswith("Supervisor buy-in")
    assert slot_events(events)["requested_slot"] is None


def test_another_request_instead_of_a_date_leaves_the_question_and_says_so(database_url):
    texts, _, events = answering_by_when("start a partnership with the library", "start_partnership")
    assert texts == ["I've kept \"call the DA\" on your list without a date. I've left the date question; "
                     "ask me that again and I'll answer it."]
    assert slot_events(events)["requested_slot"] is None


def test_a_promise_about_the_pending_commitment_is_its_date(database_url):
    _, _, events = answering_by_when("i'll have it done by friday")
    assert slot_events(events) == {"commitment_due": next_friday().isoformat()}
    assert stored(database_url) == []


def test_the_save_after_a_left_date_question_saves_nothing_more(database_url):
    texts, _, _ = run(ActionSaveCommitment(), tracker("what have I committed to?", "list_commitments",
                                                      slots={"commitment_task": None, "commitment_due": None}))
    assert texts == [] and stored(database_url) == []


@pytest.mark.parametrize("said, first, second", [
    ("I'll call the BH director mon, and text LT Park about the walkthru by wed",
     ("call the BH director", "mon"), ("text LT Park about the walkthru", "wed")),
    ("ok I'll draft the MOU by tuesday; brief roll call by thursday", ("draft the MOU", "tuesday"),
     ("brief roll call", "thursday")),
    ("gonna call legal by monday, then email the chief by wed", ("call legal", "monday"), ("email the chief", "wed")),
])
def test_two_dated_promises_in_one_message_are_two_commitments_each_with_its_date(database_url, said, first,
                                                                                   second):
    texts, _, _ = run(ActionMakeCommitment(), tracker(said, "make_commitment"))
    expected = [(task, resolve_due_date(day, "America/Chicago")) for task, day in (first, second)]
    assert [(c.text, c.due_date, c.status) for c in stored(database_url)] == [(t, d, "open") for t, d in expected]
    assert texts == ["Got it, 2 commitments:\n" + "\n".join(
        f"{n}. you'll {task} by {format_date(due)}" for n, (task, due) in enumerate(expected, start=1))
        + "\nI'll keep track of them; say \"what have I committed to?\" to see your list."]


def test_the_play_testers_two_promises_keep_their_own_dates(database_url):
    run(ActionMakeCommitment(), tracker("I'll get capt O's sign off by wed and send lee the goals by next fri",
                                        "make_commitment"))
    assert [c.text for c in stored(database_url)] == ["get capt O's sign off", "send lee the goals"]
    assert stored(database_url)[0].due_date < stored(database_url)[1].due_date


def test_completing_one_of_two_promises_made_together_leaves_the_other_open(database_url):
    run(ActionMakeCommitment(), tracker("I'll call the BH director mon, and text LT Park about the walkthru by wed",
                                        "make_commitment"))
    texts, _, _ = run(ActionCompleteCommitment(), tracker("texted LT park", "complete_commitment"))
    assert texts == ["Marked done: text LT Park about the walkthru. Well done. You have 1 open commitment left."]
    assert [(c.text, c.status) for c in stored(database_url)] == [("call the BH director", "open"),
                                                                  ("text LT Park about the walkthru", "done")]


@pytest.mark.parametrize("said, task", [
    ("I'll call the principal and the AP by friday", "call the principal and the AP"),
    ("I'll email the DA by friday and let him know", None),
    ("I'll call the principal friday and the AP monday", None),
])
def test_one_task_with_and_in_it_stays_one_commitment(database_url, said, task):
    run(ActionMakeCommitment(), tracker(said, "make_commitment"))
    assert len(stored(database_url)) == 1
    assert task is None or stored(database_url)[0].text == task


@pytest.fixture
def diaz_called(database_url):
    run(ActionMakeCommitment(), tracker("I'll call principal diaz by Friday", "make_commitment"))
    run(ActionMakeCommitment(), tracker("I'll draft the MOU in two weeks", "make_commitment"))
    texts, _, _ = run(ActionCompleteCommitment(), tracker("I called diaz", "complete_commitment"))
    assert texts[0].startswith("Marked done: call principal diaz.")


@pytest.mark.parametrize("said", ["undo that", "undo", "wait no i didnt, she didnt pick up. undo",
                                  "wait no i didnt", "i didn't actually call her"])
def test_undoing_a_completion_reopens_the_commitment(database_url, diaz_called, said):
    from bot.actions.undo import ActionUndo

    texts, buttons, _ = run(ActionUndo(), tracker(said, "undo"))
    assert (texts, buttons) == (["Reopened: call principal diaz."], [])
    assert [(c.text, c.status) for c in stored(database_url)] == [("call principal diaz", "open"),
                                                                  ("draft the MOU", "open")]


@pytest.mark.parametrize("said", ["i didn't actually call her", "wait no i didnt, she didnt pick up"])
def test_saying_it_was_not_done_right_after_a_completion_reopens_it(database_url, diaz_called, said):
    texts, _, _ = run(ActionCompleteCommitment(), tracker(said, "complete_commitment"))
    assert texts == ["Reopened: call principal diaz."]
    assert [c.status for c in stored(database_url)] == ["open", "open"]


def test_not_done_with_no_completion_to_take_back_marks_nothing(database_url):
    run(ActionMakeCommitment(), tracker("I'll call principal diaz by Friday", "make_commitment"))
    texts, _, _ = run(ActionCompleteCommitment(), tracker("i didn't get to call diaz", "complete_commitment"))
    assert texts == ["OK, nothing marked done."]
    assert [c.status for c in stored(database_url)] == ["open"]


def test_undo_twice_after_a_completion_marks_it_done_again(database_url, diaz_called):
    from bot.actions.undo import ActionUndo

    run(ActionUndo(), tracker("undo that", "undo"))
    texts, _, _ = run(ActionUndo(), tracker("undo that", "undo"))
    assert texts == ["Marked done again: call principal diaz."]
    assert [c.status for c in stored(database_url)] == ["done", "open"]


def test_not_done_long_after_a_completion_reopens_nothing(database_url, diaz_called):
    from bot.store.models import RecordChange

    with session_scope(database_url) as session:
        for change in session.scalars(select(RecordChange)):
            change.at -= timedelta(hours=2)
    texts, _, _ = run(ActionCompleteCommitment(), tracker("i didn't actually call her", "complete_commitment"))
    assert texts == ["OK, nothing marked done."]
    assert [c.status for c in stored(database_url)] == ["done", "open"]
