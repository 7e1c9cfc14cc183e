"""Answers from the knowledge base, and the fallback when the model is unsure."""

from __future__ import annotations

import pytest

from bot.actions.fallback import SHORT_HELP, ActionClarify
from bot.actions.knowledge_answers import (
    ActionBarriers,
    ActionCaseStudy,
    ActionCheckPartnership,
    ActionFactor,
    ActionModel,
    ActionSuccessFactors,
    ActionTellMeMore,
)
from bot.actions.progress import ActionRequestChecklist
from bot.knowledge import knowledge
from tests.support.trackers import run, slot_events, tracker


def test_success_factors_lead_with_purpose_and_strategy():
    texts, buttons, events = run(ActionSuccessFactors(), tracker("what makes a partnership work?",
                                                                 "ask_success_factors"))
    lines = texts[0].splitlines()
    assert lines[0] == "What makes a partnership work. The research puts two first: purpose and strategy."
    assert lines[1].startswith("- Purpose:") and lines[2].startswith("- Strategy:")
    assert buttons == [{"title": "Tell me more", "payload": "/tell_me_more"}]
    assert slot_events(events)["last_topic"] == "overview:success_factor"


def test_barriers_list_every_barrier_in_one_line_each():
    texts, _, _ = run(ActionBarriers(), tracker("what are the common barriers?", "ask_barriers"))
    barriers = [f for f in knowledge().factors.values() if f["kind"] == "barrier"]
    assert all(f"- {b['name']}: {b['summary']}" in texts[0] for b in barriers)


def test_one_factor_is_short_first_and_tell_me_more_gives_the_depth():
    texts, _, events = run(ActionFactor(), tracker("how do I get buy-in from my lieutenants?", "ask_factor",
                                                   entities=[{"entity": "factor", "value": "supervisor_buy_in"}]))
    answer = texts[0]
    assert answer.startswith("Supervisor buy-in and motivation (Success factor, ")
    assert "What to do:" in answer and "Source: Relationship Policing" in answer
    assert "Warning signs:" not in answer and len(answer.splitlines()) <= 8
    texts, _, events = run(ActionTellMeMore(), tracker("tell me more", "tell_me_more", slots=slot_events(events)))
    for heading in ("Warning signs:", "Questions to ask:", "What to do:", "Source: Relationship Policing"):
        assert heading in texts[0]
    texts, _, _ = run(ActionTellMeMore(), tracker("more", "tell_me_more", slots=slot_events(events)))
    cases = knowledge().factors["supervisor_buy_in"]["case_studies"]  # then its case studies, or that's all
    assert ("Lesson for you:" in texts[0]) if cases else texts[0] == "That is all the knowledge base holds on it."


def test_a_question_about_the_step_being_answered_is_answered_from_the_step():
    at_stakeholders = {"last_topic": "step:stakeholders"}
    texts, _, _ = run(ActionFactor(), tracker("does the DA count as a stakeholder?", "ask_factor", slots=at_stakeholders))
    assert texts[0].startswith("Stakeholders: ")
    assert "What counts: Every organisation with a vested interest" in texts[0]
    texts, _, _ = run(ActionFactor(), tracker("wait, what counts as buy-in?", "ask_factor", slots=at_stakeholders))
    assert texts[0].startswith("Supervisor buy-in and motivation")  # another step's subject: the factor


def test_a_factor_without_an_entity_is_found_by_search():
    texts, _, events = run(ActionFactor(), tracker("how do I handle conflicting interests?", "ask_factor"))
    assert texts[0].startswith("Conflicting interests")
    assert slot_events(events)["last_topic"] == "factor:conflicting_interests"


def test_a_case_study_says_what_the_source_does_and_does_not_say():
    texts, _, _ = run(ActionCaseStudy(), tracker("why did the family engagement program fail?", "ask_case_study",
                                                 entities=[{"entity": "case_study",
                                                            "value": "queensland_family_engagement"}]))
    answer = texts[0]
    assert "(unsuccessful)" in answer.splitlines()[0]
    assert "What obstructed it: not detailed in the source" in answer
    assert "Public background (not from the study):" in answer
    assert "Lesson for you:" in answer


def test_an_unclear_case_study_offers_the_five_as_buttons():
    texts, buttons, _ = run(ActionCaseStudy(), tracker("tell me a case study", "ask_case_study"))
    assert texts[0].startswith("Which case study?")
    assert len(buttons) == 5 and buttons[0]["payload"].startswith('/ask_case_study{"case_study": ')


def test_an_officer_in_a_school_is_an_assignment():
    texts, _, _ = run(ActionCheckPartnership(), tracker("is putting an officer in a school a partnership?",
                                                        "check_partnership"))
    assert texts[0].startswith("Verdict: ")
    assert knowledge().partnership_test["verdicts"]["assignment"] in texts[0]
    assert "What it would take to make it a formal partnership:" in texts[0]


def test_an_arrangement_without_assignment_words_gets_the_questions():
    texts, _, _ = run(ActionCheckPartnership(), tracker("is our thing with the hospital a real partnership?",
                                                        "check_partnership"))
    assert texts[0].startswith("Answer these about the arrangement:")


def test_the_model_is_explained_with_its_sources():
    texts, _, _ = run(ActionModel(), tracker("what is this based on?", "ask_model"))
    assert texts[0].startswith("Inter-Organizational Collaboration Model")
    assert "Relationship policing:" in texts[0] and "Source: " in texts[0]


def test_the_generic_checklist_groups_items_by_step(database_url):
    texts, _, _ = run(ActionRequestChecklist(), tracker("send me the partnership checklist", "request_checklist"))
    lines = texts[0].splitlines()
    assert lines[1] == "1. The common problem"
    assert sum(line.strip().startswith("[ ]") for line in lines) == sum(
        len(s["checklist"]) for s in knowledge().steps)


def test_tell_me_more_goes_deeper_on_the_last_answer():
    texts, _, _ = run(ActionTellMeMore(), tracker("tell me more", "tell_me_more",
                                                  slots={"last_topic": "overview:success_factor"}))
    assert texts[0].startswith("Purpose (Success factor")
    texts, _, _ = run(ActionTellMeMore(), tracker("go on", "tell_me_more", slots={"last_topic": None}))
    assert texts[0].startswith("More about what?")


def fallback_tracker(text, ranking, previous_intent=None):
    t = tracker(text, "nlu_fallback", confidence=0.3)
    t.latest_message["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    if previous_intent:
        t.events.insert(0, {"event": "user", "text": "earlier", "parse_data": {"intent": {"name": previous_intent}}})
    return t


def test_an_unsure_message_offers_the_likeliest_intents():
    texts, buttons, _ = run(ActionClarify(), fallback_tracker(
        "commitments thing", [("nlu_fallback", 0.3), ("list_commitments", 0.2), ("make_commitment", 0.15),
                              ("help", 0.1), ("greet", 0.05)]))
    assert texts == ["Sorry, I'm not sure what you meant. Did you mean:"]
    assert [b["title"] for b in buttons] == ["Show my commitments", "Record a commitment", "What can you do?",
                                             "Something else"]
    assert buttons[0]["payload"] == "/list_commitments"


def test_an_unsure_message_the_knowledge_base_knows_is_answered_from_it():
    texts, _, _ = run(ActionClarify(), fallback_tracker("what about trust between agencies?",
                                                        [("nlu_fallback", 0.3), ("ask_factor", 0.2)]))
    assert texts[0].startswith("Trust and social capital")
    assert "Source: " in texts[0]


def test_two_misses_in_a_row_end_in_short_help():
    texts, buttons, _ = run(ActionClarify(), fallback_tracker("blorp", [("nlu_fallback", 0.3)], "nlu_fallback"))
    assert texts == [SHORT_HELP] and buttons == []


def test_in_a_health_check_a_question_is_not_answered_from_a_formation_step():
    texts, _, _ = run(ActionFactor(), tracker("what counts as buy-in?", "ask_factor",
                                              slots={"last_topic": "step:buy_in"}, active_loop="assessment_form"))
    assert not texts[0].startswith("Buy-in through the chain of command:")


def test_an_unsure_question_is_answered_when_the_knowledge_base_knows():
    texts, buttons, _ = run(ActionClarify(), tracker("honestly i dont know how to get the LT on board. any tips?",
                                                     "nlu_fallback", confidence=0.3))
    assert texts[0].startswith("Supervisor buy-in and motivation")


def test_asking_whether_ones_own_answer_will_do_gets_the_steps_help_not_an_overview():
    at_goals = {"last_topic": "step:common_goals"}
    texts, _, _ = run(ActionSuccessFactors(), tracker("is 'fewer camps' ok", "ask_success_factors", slots=at_goals))
    assert texts[0].startswith("Common goals: ")
    assert "each measurable: what is measured, where it is now, the target and the date" in texts[0]


def test_whats_the_diff_at_the_partnership_step_is_about_the_step():
    at_step = {"last_topic": "step:partnership_or_assignment"}
    texts, _, _ = run(ActionFactor(), tracker("wait whats the diff exactly? we might put an officer there on weekends",
                                              "ask_factor", slots=at_step))
    assert texts[0].startswith("Partnership or assignment?: ")


@pytest.mark.parametrize("text", ["between 7am and 3pm", "10p-8a", "4 on 4 off starting monday"])
def test_an_unsure_message_that_is_plainly_hours_or_a_rota_goes_to_the_reminders(text):
    _, _, events = run(ActionClarify(), fallback_tracker(text, [("nlu_fallback", 0.4)]))
    assert [(e["event"], e["name"]) for e in events] == [("followup", "action_manage_reminders")]


def test_turn_them_back_on_after_stopping_reminders_goes_to_the_reminders():
    t = fallback_tracker("turn them back on", [("nlu_fallback", 0.4)])
    t.events[-1:-1] = [{"event": "bot", "text": "OK, no more reminders. Your commitments are still kept."},
                       {"event": "action", "name": "action_listen"}]
    t.events.insert(0, {"event": "user", "text": "stop reminding me"})
    _, _, events = run(ActionClarify(), t)
    assert [(e["event"], e["name"]) for e in events] == [("followup", "action_manage_reminders")]
    _, buttons, _ = run(ActionClarify(), fallback_tracker("turn them back on", [("nlu_fallback", 0.4)]))
    assert buttons  # with nothing said of reminders before, "them" is unclear


@pytest.mark.parametrize("said", ["hold on got a call, stop here", "gotta run", "brb, pick it up later"])
def test_leaving_in_the_middle_of_a_health_check_pauses_it(said):
    texts, _, events = run(ActionClarify(), tracker(said, "nlu_fallback", confidence=0.3, active_loop="assessment_form"))
    assert texts == ["Paused the health check; your ratings so far are kept. Say \"run a health check\" to pick it up."]
    assert [(e["event"], e["name"]) for e in events][0] == ("active_loop", None)  # the form ends
