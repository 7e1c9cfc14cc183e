"""Forming a partnership in depth: stakeholders and measurable goals one at a time,
changing an earlier answer, progress against a goal's target, choosing between
partnerships, and the bad input each of these gets."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from bot import goals
from bot.actions.changes import ActionChangeAnswer
from bot.actions.coaching import (
    ActionAskPartnerName,
    ActionAskStepAnswer,
    ActionNextStep,
    ActionStartPartnership,
    ValidateCoachingForm,
)
from bot.actions.progress import ActionPartnershipStatus, ActionReportProgress
from bot.store.db import session_scope
from bot.store.models import Goal, Partnership, ProgressNote, Stakeholder
from tests.support.coaching import answer, at_step, start, stored
from tests.support.trackers import run, slot_events, tracker

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("said,measure,baseline,target,when", [
    ("chronic absence at Lincoln High from 18% to 12% by June 2027", "chronic absence at Lincoln High", "18%",
     "12%", date(2027, 6, 30)),
    ("cut repeat calls to the shelter by 30% by the end of next year", "repeat calls to the shelter", None, "-30%",
     date(2027, 12, 31)),
    ("measure: chronic absence; baseline: 18 percent; target: 12%; date: June 2027", "chronic absence", "18%", "12%",
     date(2027, 6, 30)),
    ("increase youth league sign-ups from 40 to 100 by September 2027", "youth league sign-ups", "40", "100",
     date(2027, 9, 30)),
    ("truancy below 10% by March 2027", "truancy", None, "10%", date(2027, 3, 31)),
])
def test_a_measurable_goal_is_read_into_its_parts(said, measure, baseline, target, when):
    draft = goals.parse_goal(said, "America/Chicago", NOW)
    assert (draft.measure, draft.baseline, draft.target, draft.target_date) == (measure, baseline, target, when)


@pytest.mark.parametrize("said,problem", [
    ("better relationships with the school", "A goal needs a measure"),
    ("target: banana", "\"banana\" isn't something I can measure"),
    ("reduce truancy by 15%", "By when? Add a date to the goal"),
    ("get truancy down to 10 percent by Dec 2025", "Wednesday 31 December 2025 has already passed"),
    ("reduce truancy 15% by spring break", "I couldn't read \"spring break\" as a date"),
])
def test_a_goal_that_cannot_be_measured_says_what_is_missing(said, problem):
    with pytest.raises(goals.GoalProblem) as error:
        goals.parse_goal(said, "America/Chicago", NOW)
    assert error.value.message.startswith(problem) or problem in error.value.message


@pytest.mark.parametrize("goal,said,distance", [
    ("cut truancy by 15% by June 2030", "truancy is down 12% this month", "3% to go"),
    ("cut truancy by 15% by June 2030", "truancy is down 20%", "That meets the target"),
    ("cut truancy by 15% by June 2030", "truancy is up 3%", "That is the wrong way for the goal"),
    ("chronic absence from 18% to 12% by June 2030", "chronic absence is at 14% now", "2% to go"),
    ("chronic absence from 18% to 12% by June 2030", "we're at 11%", "That meets the target"),
    ("sign-ups from 40 to 100 by June 2030", "sign-ups are at 70", "30 to go"),
])
def test_progress_is_measured_against_the_target(goal, said, distance):
    assert goals.against_target(goals.parse_goal(goal, None, NOW), said).startswith(distance)


def answer_texts(said: str, slots: dict) -> list[str]:
    texts, _, _ = run(ValidateCoachingForm(), tracker(
        said, "report_progress", confidence=0.4, slots={**slots, "requested_slot": "step_answer"},
        active_loop="coaching_form", message_id="msg-1"))
    return texts


def test_stakeholders_are_added_one_by_one_until_done(database_url):
    slots = at_step("stakeholders", database_url)
    texts, _, _ = run(ActionAskStepAnswer(), tracker("", "start_partnership", slots=slots))
    assert "One at a time: the organisation, your contact there" in texts[0]
    assert answer("Lincoln High School, contact Principal Diaz, needs attendance up", slots)["step_answer"] is None
    answer("the county DA office - through ADA Kim because they want fewer repeat cases", slots)
    answer("Lincoln High School, contact Vice Principal Ng", slots)  # same organisation: updated, not doubled
    rows = stored(database_url, Stakeholder)
    assert [(r["organisation"], r["contact"], r["interests"]) for r in rows] == [
        ("Lincoln High School", "Vice Principal Ng", "attendance up"),
        ("the county DA office", "ADA Kim", "they want fewer repeat cases")]
    texts, buttons, _ = run(ActionAskStepAnswer(), tracker("", "start_partnership", slots=slots))
    assert "So far:\n- Lincoln High School (contact: Vice Principal Ng; needs: attendance up)" in texts[0]
    assert texts[0].endswith("Add another stakeholder, or say \"done\".") and buttons[0]["payload"] == "done"
    answer("that's all", slots)
    with session_scope(database_url) as session:
        assert session.scalar(select(Partnership)).current_step == "common_goals"


def test_done_before_any_stakeholder_asks_for_one(database_url):
    slots = at_step("stakeholders", database_url)
    _, _, events = run(ValidateCoachingForm(), tracker(
        "done", "complete_commitment", confidence=0.9, slots={**slots, "requested_slot": "step_answer"},
        active_loop="coaching_form"))
    assert slot_events(events)["step_answer"] is None
    with session_scope(database_url) as session:
        assert session.scalar(select(Partnership)).current_step == "stakeholders"


@pytest.mark.parametrize("bad,reply", [
    ("target: banana", "\"banana\" isn't something I can measure"),
    ("better relationships with the school", "A goal needs a measure"),
    ("chronic absence from 18% to 12% by June 2020", "has already passed"),
])
def test_goals_are_added_one_by_one_and_bad_ones_are_refused(database_url, bad, reply):
    slots = at_step("common_goals", database_url)
    texts, _, _ = run(ValidateCoachingForm(), tracker(
        bad, "report_progress", confidence=0.4, slots={**slots, "requested_slot": "step_answer"},
        active_loop="coaching_form"))
    assert reply in texts[0] and stored(database_url, Goal) == []
    answer("chronic absence from 18% to 12% by June 2030", slots)
    answer("cut repeat runaway reports by 30% by 2030", slots)
    answer("done", slots)
    rows = stored(database_url, Goal)
    assert [(r["measure"], r["baseline"], r["target"], r["target_date"]) for r in rows] == [
        ("chronic absence", "18%", "12%", date(2030, 6, 30)), ("repeat runaway reports", None, "-30%", date(2030, 12, 31))]


@pytest.mark.parametrize("thin", ["ok", "x", "12", "..."])
def test_a_thin_answer_is_asked_again(database_url, thin):
    slots = start()
    texts, _, events = run(ValidateCoachingForm(), tracker(
        thin, "report_progress", confidence=0.4, slots={**slots, "requested_slot": "step_answer"},
        active_loop="coaching_form"))
    assert texts[0].startswith(f"I need a little more than \"{thin}\" for the common problem.")
    with session_scope(database_url) as session:
        assert [a.step_id for a in session.scalar(select(Partnership)).answers] == ["topic"]  # from the start


def test_an_assignment_is_called_one_and_leads_somewhere(database_url):
    slots = at_step("partnership_or_assignment", database_url)
    [reply] = answer_texts("we're placing an SRO at Lincoln High", slots)
    assert "Red flag, an assignment called a partnership: The study says placing an officer" in reply
    texts, buttons, _ = run(ActionAskStepAnswer(), tracker("", "start_partnership", slots=slots))
    assert texts == ["Do you want to make it a partnership? Then agree a common problem and shared decisions."]
    assert [b["payload"] for b in buttons] == ["yes", "no"]
    [kept] = answer_texts("no", slots)
    assert kept.startswith("Recorded \"school district\" as an assignment")
    with session_scope(database_url) as session:
        assignment = session.scalar(select(Partnership))
        assert (assignment.kind, assignment.current_step) == ("assignment", None)


def with_goals(database_url, *said) -> dict:
    slots = at_step("common_goals", database_url)
    for goal in said:
        answer(goal, slots)
    return slots


def change(text: str, slots: dict | None = None) -> str:
    texts, _, _ = run(ActionChangeAnswer(), tracker(text, "change_answer", slots=slots))
    return texts[0]


def test_changing_the_goal_target(database_url):
    slots = with_goals(database_url, "cut truancy from 18% to 12% by June 2030")
    assert change("change the goal target to 15%", slots) == \
        "Changed. The goal is now truancy: from 18% to 15% by Sunday 30 June 2030."
    assert change("change the goal target to banana", slots).startswith("\"banana\" isn't something I can measure")
    assert change("move the goal date to June 2020", slots).endswith("has already passed. By when should the goal be met?")
    assert stored(database_url, Goal)[0]["target"] == "15%"


def test_with_several_goals_the_one_named_is_changed_or_the_user_is_asked(database_url):
    slots = with_goals(database_url, "cut truancy from 18% to 12% by June 2030",
                       "repeat runaway reports from 40 to 20 by June 2030")
    assert change("change the goal target to 15%", slots).startswith("Which goal? The school district partnership has:")
    assert "runaway reports: from 40 to 25" in change("change the runaway goal target to 25", slots)
    assert [g["target"] for g in stored(database_url, Goal)] == ["12%", "25"]


def test_changing_an_earlier_step_answer(database_url):
    slots = start()
    answer("Truancy at Lincoln High is up 30%", slots)
    reply = change("change the problem to repeat runaway reports from the group home", slots)
    assert reply == ("Changed your answer for the common problem on the school district partnership to: "
                     "repeat runaway reports from the group home")
    with session_scope(database_url) as session:
        answers = {a.step_id: a.answer for a in session.scalar(select(Partnership)).answers}
    assert answers["problem"] == "repeat runaway reports from the group home"
    assert change("change it to something else", slots).startswith("I'm not sure which answer you want to change.")


def test_progress_is_noted_on_the_goal_it_names_with_the_distance_to_target(database_url):
    with_goals(database_url, "cut truancy by 15% by June 2030", "repeat runaway reports from 40 to 20 by June 2030")
    texts, _, _ = run(ActionReportProgress(), tracker("truancy is down 12% this month", "report_progress"))
    assert texts[0] == ("Noted on the goal \"truancy\" of the school district partnership. "
                        "3% to go (truancy: down 15% by Sunday 30 June 2030).")
    [note] = stored(database_url, ProgressNote)
    truancy = stored(database_url, Goal)[0]
    assert note["goal_id"] == truancy["id"] and truancy["last_progress_at"] is not None


def test_progress_without_goals_says_so(database_url):
    start()
    texts, _, _ = run(ActionReportProgress(), tracker("truancy is down 12% this month", "report_progress"))
    assert "It has no measurable goals yet" in texts[0]


def test_with_several_partnerships_and_no_context_the_user_is_asked_which(database_url):
    start()
    start("I want to start a partnership with Mercy Hospital")
    texts, _, events = run(ActionNextStep(), tracker("what should I do next?", "ask_next_step"))
    assert texts == [] and slot_events(events)["partnership_id"] is None
    texts, buttons, _ = run(ActionAskPartnerName(), tracker("what should I do next?", "ask_next_step"))
    assert texts[0].startswith("Which partnership? You have 2: Mercy Hospital, school district.")
    assert [b["payload"] for b in buttons] == ["Mercy Hospital", "school district"]
    texts, _, events = run(ActionNextStep(), tracker("what's next for the mercy partnership", "ask_next_step"))
    assert texts[0].startswith("Partnership with Mercy Hospital")


def test_a_name_someone_else_in_the_workspace_has_gets_a_suffix_and_a_hint(database_url):
    start("I want to start a partnership with Mercy Hospital")
    texts, _, _ = run(ActionStartPartnership(), tracker("start a partnership with Mercy Hospital",
                                                        "start_partnership", user="U2"))
    assert texts[0].startswith("Someone in your workspace already has a partnership called \"Mercy Hospital\", "
                               "so yours is called \"Mercy Hospital (2)\".")
    with session_scope(database_url) as session:
        names = sorted(p.name for p in session.scalars(select(Partnership)))
    assert names == ["Mercy Hospital", "Mercy Hospital (2)"]


def test_a_barrier_named_at_the_facilitators_step_gets_the_knowledge_bases_advice(database_url):
    slots = at_step("facilitators_barriers", database_url)
    [reply] = answer_texts("turf wars with the sheriff's office, and legal won't sign anything", slots)
    assert reply.startswith("Saved for facilitators and barriers.\nGood: barriers named.")
    assert "Barrier to plan for, territoriality: " in reply


def test_the_agreement_answer_is_checked_against_the_checklist(database_url):
    slots = at_step("formal_agreement", database_url)
    [reply] = answer_texts("An MOU signed by both chiefs, with monthly meetings", slots)
    assert "Good: meetings and oversight set." in reply
    assert "Still open: purpose, roles and contacts in writing; data sharing covered." in reply


def test_a_dated_first_review_goes_on_the_owners_commitments(database_url):
    from bot.store.models import Commitment

    slots = at_step("review", database_url)
    [reply] = answer_texts("first review with the school board on March 1, then every quarter", slots)
    assert "\nThe first review is on your commitments for " in reply
    [review] = stored(database_url, Commitment)
    assert review["text"] == "hold the first review of the school district partnership" and review["due_date"].month == 3
    answer_texts("first review with the school board on March 1, then every quarter", slots)  # a retry
    assert len(stored(database_url, Commitment)) == 1


def test_an_undated_review_gets_asked_for_a_date(database_url):
    slots = at_step("review", database_url)
    assert "\nPut a date on the first review" in answer_texts("we review progress every quarter", slots)[0]


def test_the_leader_mentioned_at_buy_in_becomes_the_sponsor(database_url):
    slots = at_step("buy_in", database_url)
    texts = answer_texts("<@UCAPTAIN> sponsors it; goals go out at roll call", slots)
    assert "\nThe leader you mentioned is now the partnership's sponsor" in texts[0]
    with session_scope(database_url) as session:
        sponsor = session.scalar(select(Partnership)).sponsor
        assert (sponsor.external_id, sponsor.workspace.external_id) == ("UCAPTAIN", "T1")
    texts, _, _ = run(ActionPartnershipStatus(),
                      tracker("status of the school district partnership", "partnership_status", user="UCAPTAIN"))
    assert "can't show it" not in texts[0] and "school district" in texts[0]
    texts, _, _ = run(ActionPartnershipStatus(), tracker("which partnerships are stalled?", "partnership_status",
                                                         user="UCAPTAIN"))
    assert texts[0].startswith("How your partnerships stand:\n- school district")


def test_words_after_a_comma_that_name_no_contact_are_said_back_not_dropped(database_url):
    slots = at_step("stakeholders", database_url)
    texts, buttons, _ = run(ValidateCoachingForm(), tracker(
        "Mercy Hospital ED, NAMI chapter", "report_progress", confidence=0.4,
        slots={**slots, "requested_slot": "step_answer"}, active_loop="coaching_form"))
    assert texts[0].startswith("Added stakeholder: Mercy Hospital ED")
    assert "I didn't use \"NAMI chapter\"" in texts[1] and "say \"contact NAMI chapter\"" in texts[1]
    assert {"title": "Add NAMI chapter", "payload": "NAMI chapter"} in buttons
    assert [r["organisation"] for r in stored(database_url, Stakeholder)] == ["Mercy Hospital ED"]


def at_stakeholders(text: str, slots: dict) -> tuple[list[str], list[dict]]:
    texts, buttons, _ = run(ValidateCoachingForm(), tracker(
        text, "report_progress", confidence=0.4, slots={**slots, "requested_slot": "step_answer"},
        active_loop="coaching_form"))
    return texts, buttons


def stakeholder_rows(database_url) -> list[tuple[str, str | None, str | None]]:
    return [(r["organisation"], r["contact"], r["interests"]) for r in stored(database_url, Stakeholder)]


@pytest.mark.parametrize("said,rows", [
    ("st vincents (dir. Maria Gomez), county behavioral health and the downtown business assn",
     [("st vincents", "Maria Gomez (dir)", None), ("county behavioral health", None, None),
      ("the downtown business assn", None, None)]),
    ("eastside HS, contact principal Diaz…; parks & rec, contact Tom Webb; the PTA",
     [("eastside HS", "principal Diaz", None), ("parks & rec", "Tom Webb", None), ("the PTA", None, None)]),
    ("eastside HS, needs safe routes 7-8am; parks & rec, contact Tom Webb",
     [("eastside HS", None, "safe routes 7-8am"), ("parks & rec", "Tom Webb", None)]),
    ("Main St BID (exec dir Sandra Lee, needs foot traffic back), 3 big retailers, social services outreach, "
     "the alderman's office",
     [("Main St BID", "Sandra Lee (exec dir)", "foot traffic back"), ("3 big retailers", None, None),
      ("social services outreach", None, None), ("the alderman's office", None, None)]),
    ("social services outreach and the alderman's office",
     [("social services outreach", None, None), ("the alderman's office", None, None)]),
    ("Harbor Light (contact Pam Ortiz), the YMCA, and the library",
     [("Harbor Light", "Pam Ortiz", None), ("the YMCA", None, None), ("the library", None, None)]),
    ("Lincoln High, contact Principal Diaz, and the PTA",
     [("Lincoln High", "Principal Diaz", None), ("the PTA", None, None)]),
])
def test_a_list_of_stakeholders_in_one_message_adds_each_and_says_each_back(database_url, said, rows):
    slots = at_step("stakeholders", database_url)
    texts, _ = at_stakeholders(said, slots)
    assert stakeholder_rows(database_url) == rows
    assert [text.split(" (")[0] for text in texts] == [f"Added stakeholder: {row[0]}" for row in rows]


@pytest.mark.parametrize("said,row", [
    ("Boys and Girls Club, contact Jo Park", ("Boys and Girls Club", "Jo Park", None)),
    ("parks and rec", ("parks and rec", None, None)),
    ("Mercy ED (contact Dr Patel), needs faster handoffs and the hallway cleared",
     ("Mercy ED", "Dr Patel", "faster handoffs and the hallway cleared")),
    ("Lincoln High, needs attendance up, better lighting", ("Lincoln High", None, "attendance up, better lighting")),
    ("Mercy ED, contact Dr Patel and the charge nurse", ("Mercy ED", "Dr Patel and the charge nurse", None)),
    ("St Vincent (shelter), contact Pam Whitaker", ("St Vincent", "Pam Whitaker", None)),
])
def test_one_stakeholder_with_and_or_commas_in_it_stays_one(database_url, said, row):
    slots = at_step("stakeholders", database_url)
    texts, buttons = at_stakeholders(said, slots)
    assert stakeholder_rows(database_url) == [row]
    assert len(texts) == 1 and not buttons


def test_names_after_a_contact_are_said_back_with_a_button_each_not_dropped(database_url):
    slots = at_step("stakeholders", database_url)
    texts, buttons = at_stakeholders("eastside HS, contact principal Diaz, parks & rec, the PTA", slots)
    assert texts[0] == ("Added stakeholder: eastside HS (contact: principal Diaz; needs not noted). "
                        "Say \"undo that\" if that's wrong.")
    assert texts[1].startswith("I didn't use \"parks & rec\" or \"the PTA\". If they're other stakeholders, add them")
    assert buttons == [{"title": "Add parks & rec", "payload": "parks & rec"},
                       {"title": "Add the PTA", "payload": "the PTA"}]
    assert stakeholder_rows(database_url) == [("eastside HS", "principal Diaz", None)]


@pytest.mark.parametrize("said,contact,interests", [
    ("county crisis team, contact is Lt Ramos... wait no thats ours. contact Dana Kim", "Dana Kim", None),
    ("county crisis team, contact Lt Ramos, no wait, Dana Kim", "Dana Kim", None),
    ("county crisis team, contact Dana Kim, actually they need more beds", "Dana Kim", "more beds"),
    ("county crisis team, contact Dana Kim, needs more beds, sorry, needs faster handoffs", "Dana Kim",
     "faster handoffs"),
])
def test_a_contact_corrected_in_the_same_message_keeps_the_correction(database_url, said, contact, interests):
    slots = at_step("stakeholders", database_url)
    at_stakeholders(said, slots)
    assert stakeholder_rows(database_url) == [("county crisis team", contact, interests)]


@pytest.mark.parametrize("said,contact,interests", [
    ("Mercy ED: contact Dr Patel, they need cops out of the hallway faster", "Dr Patel",
     "cops out of the hallway faster"),
    ("mercy contact is Dr Patel", "Dr Patel", None),
    ("Mercy Hospital, contact Dr Patel, needs faster handoffs", "Dr Patel", "faster handoffs"),
])
def test_details_for_a_stakeholder_named_by_a_short_form_update_it_and_say_so(database_url, said, contact,
                                                                               interests):
    slots = at_step("stakeholders", database_url)
    at_stakeholders("Mercy Hospital ED", slots)
    texts, _ = at_stakeholders(said, slots)
    assert stakeholder_rows(database_url) == [("Mercy Hospital ED", contact, interests)]
    changed = f"contact now {contact} (was none)" + (f"; needs now {interests} (was none)" if interests else "")
    assert texts == [f"Updated stakeholder Mercy Hospital ED: {changed}. Say \"undo that\" if that's wrong."]


def test_a_stakeholder_said_again_is_not_reported_as_added(database_url):
    slots = at_step("stakeholders", database_url)
    at_stakeholders("county crisis team, contact Dana Kim", slots)
    texts, _ = at_stakeholders("County Crisis Team, contact Dana Kim", slots)
    assert texts == ["That stakeholder is on the list already: county crisis team (contact: Dana Kim; needs not noted)."]
    texts, _ = at_stakeholders("county behavioral health", slots)  # shares a word, but is another organisation
    assert texts[0].startswith("Added stakeholder: county behavioral health")
    assert len(stakeholder_rows(database_url)) == 2


def test_undo_after_an_update_puts_the_stakeholder_back_as_it_was(database_url):
    from bot.actions.undo import ActionUndo
    slots = at_step("stakeholders", database_url)
    at_stakeholders("Mercy Hospital ED, contact Dr Okafor", slots)
    at_stakeholders("mercy contact is Dr Patel", slots)
    run(ActionUndo(), tracker("undo that", "undo", slots=slots))
    assert stakeholder_rows(database_url) == [("Mercy Hospital ED", "Dr Okafor", None)]


def test_a_contact_changed_with_its_needs_keeps_them_apart(database_url):
    # "the contact at ... is ..." is a change (ActionChangeAnswer), also at the stakeholders step
    slots = at_step("stakeholders", database_url)
    at_stakeholders("Mercy Hospital ED", slots)
    texts, _, _ = run(ActionChangeAnswer(), tracker(
        "the contact at Mercy ED is Dr Patel, they need cops out of the hallway faster", "change_answer", slots=slots))
    assert texts == ["Changed the contact at Mercy Hospital ED from none to Dr Patel. "
                     "Needs: cops out of the hallway faster."]
    assert stakeholder_rows(database_url) == [("Mercy Hospital ED", "Dr Patel", "cops out of the hallway faster")]


def test_a_goal_said_again_is_not_added_twice(database_url):
    slots = at_step("common_goals", database_url)
    said = "chronic absence from 18% to 12% by june 2027"
    answer(said, slots)
    texts, _, _ = run(ValidateCoachingForm(), tracker(
        said, "report_progress", confidence=0.4, slots={**slots, "requested_slot": "step_answer"},
        active_loop="coaching_form"))
    assert texts[0].startswith("That goal is on the list already: chronic absence")
    assert len(stored(database_url, Goal)) == 1


def test_done_with_the_other_list_keeps_this_one_open(database_url):
    slots = at_step("common_goals", database_url)
    answer("chronic absence from 18% to 12% by june 2027", slots)
    texts, _, events = run(ValidateCoachingForm(), tracker(
        "done w stakeholders", "complete_commitment", confidence=0.8,
        slots={**slots, "requested_slot": "step_answer"}, active_loop="coaching_form"))
    assert texts == ["The stakeholders are saved. We're on goals now: add another goal, or say \"done\" if that's all."]
    assert slot_events(events)["step_answer"] is None
    with session_scope(database_url) as session:
        assert session.scalar(select(Partnership)).current_step == "common_goals"


@pytest.mark.parametrize("said", ["cut shoplifting calls on main", "ok ~26 a month now, want it at 18 by may"])
def test_a_goal_or_a_figure_at_the_stakeholders_step_is_not_a_stakeholder(database_url, said):
    slots = at_step("stakeholders", database_url)
    texts, _, _ = run(ValidateCoachingForm(), tracker(
        said, "report_progress", confidence=0.4, slots={**slots, "requested_slot": "step_answer"},
        active_loop="coaching_form"))
    assert texts[0].startswith("That reads like a goal or a figure, not an organisation.")
    assert stored(database_url, Stakeholder) == []


@pytest.mark.parametrize("said", ["4-H club", "311 call center", "100 Black Men of Atlanta"])
def test_an_organisation_whose_name_starts_with_a_number_is_added(database_url, said):
    slots = at_step("stakeholders", database_url)
    answer(said, slots)
    assert [r["organisation"] for r in stored(database_url, Stakeholder)] == [said]
