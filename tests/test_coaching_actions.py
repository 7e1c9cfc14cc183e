"""Coaching actions: starting a partnership, saving each step's answer, skipping,
and "what should I do next?"."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.actions.coaching import (
    ActionAskStepAnswer,
    ActionNextStep,
    ActionSkipStep,
    ActionStartPartnership,
    ValidateCoachingForm,
    partner_and_topic,
)
from bot.knowledge import knowledge
from bot.store.db import session_scope
from bot.store.models import ChecklistItemState, Partnership
from tests.support.coaching import answer, start
from tests.support.trackers import run, slot_events, tracker


def partnership(database_url) -> Partnership:
    with session_scope(database_url) as session:
        found = session.scalar(select(Partnership))
        found.answers  # noqa: B018 - reading them loads them before the session closes
        return found


def item_state(database_url, item_id: str) -> str | None:
    with session_scope(database_url) as session:
        return session.scalar(select(ChecklistItemState.state).where(ChecklistItemState.item_id == item_id))


def test_partner_and_topic_are_read_from_the_request():
    assert partner_and_topic("I need to set up a partnership with the school district on truancy") == \
        ("school district", "truancy")
    assert partner_and_topic("we've been asked to partner with Mercy Hospital") == ("Mercy Hospital", None)
    assert partner_and_topic("I want to start a partnership") == (None, None)


def test_starting_creates_the_partnership_at_the_first_step(database_url):
    slots = start()
    saved = partnership(database_url)
    assert (saved.partner, saved.current_step) == ("school district", "problem")
    assert slots["partnership_id"] == str(saved.id)


def test_starting_again_with_the_same_partner_resumes(database_url):
    first = start()
    texts, _, events = run(ActionStartPartnership(), tracker("start a partnership with the School District",
                                                             "start_partnership"))
    assert slot_events(events)["partnership_id"] == first["partnership_id"]
    assert "already have a partnership with school district" in texts[0]


def test_the_form_asks_the_current_steps_question_from_the_knowledge_base(database_url):
    slots = start()
    texts, buttons, _ = run(ActionAskStepAnswer(), tracker("", "start_partnership", slots=slots))
    problem = knowledge().step("problem")
    assert texts == [f"Step 1 of 9: {problem['name']}\n{problem['question']}"]
    assert buttons == [{"title": "Skip for now", "payload": "/skip_step"}]


def test_an_answer_is_read_and_one_follow_up_closes_its_biggest_gap(database_url):
    slots = start()
    assert answer("Truancy at Lincoln High is up 30% since fall per attendance records", slots)["step_answer"] is None
    saved = partnership(database_url)
    assert {a.step_id: a.answer for a in saved.answers}["problem"].startswith("Truancy at Lincoln High is up 30%")
    assert (saved.current_step, saved.follow_up_item) == ("problem", "problem_agreed_by_partner")
    texts, _, _ = run(ActionAskStepAnswer(), tracker("", "start_partnership", slots=slots))
    assert texts == ["How would the partner say the problem in its own words?"]
    answer("the principal agreed, she calls it chronic absence", slots)
    saved = partnership(database_url)
    assert (saved.current_step, saved.follow_up_item) == ("partnership_or_assignment", None)
    assert item_state(database_url, "problem_agreed_by_partner") == "done"


def test_move_on_leaves_the_follow_up_item_open(database_url):
    slots = start()
    answer("Truancy at Lincoln High is up 30% since fall per attendance records", slots)
    texts, _, _ = run(ActionSkipStep(), tracker("move on", "skip_step", slots=slots))
    assert texts == ["OK, moving on. \"The partner agrees the problem\" stays open on the checklist."]
    saved = partnership(database_url)
    assert (saved.current_step, saved.follow_up_item) == ("partnership_or_assignment", None)
    assert item_state(database_url, "problem_agreed_by_partner") == "open"


def test_a_confident_request_mid_step_is_not_taken_as_the_answer(database_url):
    slots = start()
    _, _, events = run(ValidateCoachingForm(), tracker(
        "I'll call the principal by Friday", "make_commitment", confidence=0.9,
        slots={**slots, "requested_slot": "step_answer"}, active_loop="coaching_form"))
    assert "step_answer" not in slot_events(events)
    assert partnership(database_url).current_step == "problem"


def test_skipping_leaves_the_step_open(database_url):
    slots = start()
    texts, _, _ = run(ActionSkipStep(), tracker("skip", "skip_step", slots=slots))
    assert texts == ["Skipped the common problem for now; it stays open on your checklist."]
    saved = partnership(database_url)
    assert saved.current_step == "partnership_or_assignment"
    assert [(a.step_id, a.status) for a in saved.answers if a.step_id == "problem"] == [("problem", "skipped")]


LIST_ANSWERS = {"stakeholders": ["Lincoln High School, contact Principal Diaz, needs attendance up", "done"],
                "common_goals": ["chronic absence from 18% to 12% by June 2030", "done"]}


def test_every_step_answered_completes_the_coaching(database_url):
    slots = start()
    for step in knowledge().steps:
        for said in LIST_ANSWERS.get(step["id"], [f"answer for {step['id']}"]):
            result = answer(said, slots)
        if partnership(database_url).follow_up_item:
            result = answer("move on", slots)
    assert result["step_answer"] == "complete"
    assert partnership(database_url).current_step is None


def test_what_next_shows_progress_and_resumes(database_url):
    slots = start()
    answer("Truancy is up", slots)
    texts, _, events = run(ActionNextStep(), tracker("what should I do next?", "ask_next_step"))
    assert "- The common problem: answered, 3 of 3 checklist items open" in texts[0]  # "Truancy is up" shows none
    assert "<- you are here" in texts[0]
    assert slot_events(events)["partnership_id"] == slots["partnership_id"]


def test_what_next_without_a_partnership_asks_who_with(database_url):
    texts, _, events = run(ActionNextStep(), tracker("what now?", "ask_next_step"))
    assert texts == ["You don't have a partnership in progress yet."]
    assert slot_events(events)["partner_name"] is None


def test_slots_reset_by_another_action_are_not_taken_as_answers(database_url):
    """Opening the form right after "what next?" passes the slots that action cleared."""
    _, _, events = run(ValidateCoachingForm(), tracker(
        "what should I do next?", "ask_next_step", slots={"requested_slot": None},
        extracted={"partner_name": None, "partnership_id": None, "step_answer": None}, active_loop="coaching_form"))
    assert slot_events(events) == {"partner_name": None, "step_answer": None}
    with session_scope(database_url) as session:
        assert session.scalar(select(Partnership)) is None


def test_the_message_that_opened_the_form_is_not_its_answer(database_url):
    slots = start()
    opening = tracker("what should I do next?", "ask_next_step", confidence=0.4,
                      slots={**slots, "requested_slot": "step_answer"}, active_loop="coaching_form")
    opening.events += [{"event": "action", "name": "action_next_step"}, {"event": "action", "name": "coaching_form"}]
    _, _, events = run(ValidateCoachingForm(), opening)
    assert "step_answer" not in slot_events(events)
    assert partnership(database_url).current_step == "problem"


def test_a_step_answer_with_the_database_down_is_asked_again(database_down):
    from bot.actions.context import TROUBLE
    texts, _, events = run(ValidateCoachingForm(), tracker(
        "Truancy is up 30%", "report_progress", confidence=0.4,
        slots={"partnership_id": "1", "partner_name": "school district", "requested_slot": "step_answer"},
        active_loop="coaching_form"))
    assert texts == [TROUBLE] and slot_events(events)["step_answer"] is None


def test_the_end_of_formation_offers_next_actions_as_one_click_commitments(database_url):
    from bot.actions.coaching import ActionCoachingComplete

    slots = start()
    with session_scope(database_url) as session:
        session.scalar(select(Partnership)).current_step = None
    texts, buttons, _ = run(ActionCoachingComplete(), tracker("skip", "skip_step", slots=slots))
    assert texts[0].startswith("Briefing: the school district partnership")
    assert "Open items (31), most important first:" in texts[0]
    assert "- The problem stated specifically: " in texts[0]
    assert len(buttons) == 3 and all(b["payload"].startswith("I'll ") and " by " in b["payload"] for b in buttons)
    assert buttons[0]["payload"].startswith("I'll write the problem down specifically")


def test_an_answer_that_closes_the_follow_up_is_kept_with_the_steps_answer(database_url):
    slots = start()
    answer("Truancy at Lincoln High is up 30% since fall per attendance records", slots)
    answer("the principal agreed, she calls it chronic absence", slots)
    saved = {a.step_id: a.answer for a in partnership(database_url).answers}["problem"]
    assert saved == ("Truancy at Lincoln High is up 30% since fall per attendance records. "
                     "the principal agreed, she calls it chronic absence")


@pytest.mark.parametrize("said, reply", [
    ("the principal kinda agrees i guess, havent asked her directly", "That sounds unsettled"),
    ("ill ask her at the next staff meeting", "That's a plan, not done yet"),
])
def test_a_hedged_or_planned_follow_up_answer_leaves_its_item_open(database_url, said, reply):
    slots = start()
    answer("Truancy at Lincoln High is up 30% since fall per attendance records", slots)
    texts, _, _ = run(ValidateCoachingForm(), tracker(said, "inform", confidence=0.5, extracted={"step_answer": said},
                                                      slots={**slots, "requested_slot": "step_answer"},
                                                      active_loop="coaching_form"))
    assert texts[0].startswith(reply)
    assert item_state(database_url, "problem_agreed_by_partner") == "open"
