"""Names and words put right in conversation: who the partnership is with, what it is
called, what a commitment says; and an assignment is not walked through the steps."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.actions.changes import ActionChangeAnswer
from bot.actions.coaching import ActionNextStep, ActionStartPartnership, ValidateCoachingForm, partner_from_reply
from bot.actions.commitments import ActionMakeCommitment
from bot.store.db import session_scope
from bot.store.models import Commitment, Partnership
from tests.support.trackers import run, slot_events, tracker


def answer_who_with(text: str) -> tuple[list[str], dict]:
    texts, _, events = run(ValidateCoachingForm(), tracker(
        text, "inform", confidence=0.5, slots={"requested_slot": "partner_name"}, active_loop="coaching_form"))
    return texts, slot_events(events)


def partners(database_url) -> list[str]:
    with session_scope(database_url) as session:
        return list(session.scalars(select(Partnership.partner)))


def test_an_organisation_is_read_from_the_ways_people_name_it():
    assert partner_from_reply("Mercy Hospital") == "Mercy Hospital"
    assert partner_from_reply("probably mercy hospital") == "mercy hospital"
    assert partner_from_reply("the school district, they want truancy down") == "school district"
    assert partner_from_reply("honestly the LT hasn't decided who") is None
    assert partner_from_reply("not sure yet") is None
    assert partner_from_reply("i think we should wait and see what the captain says first") is None


def test_a_remark_is_not_taken_as_the_partner_and_nothing_is_created(database_url):
    texts, slots = answer_who_with("honestly the LT hasn't decided who")
    assert "partner organisation's name" in texts[0]
    assert slots["partner_name"] is None
    assert partners(database_url) == []


def test_not_sure_yet_ends_the_question_without_a_partnership(database_url):
    texts, slots = answer_who_with("not sure yet tbh")
    assert "nothing is set up yet" in texts[0]
    assert slots.get("requested_slot") is None  # the form stops asking
    assert partners(database_url) == []


def test_a_named_partner_starts_the_partnership(database_url):
    _, slots = answer_who_with("prob Mercy Hospital")
    assert slots["partner_name"] == "Mercy Hospital"
    assert partners(database_url) == ["Mercy Hospital"]


def test_a_partnership_is_renamed_in_words_and_the_partner_kept(database_url):
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with Mercy Hospital", "start_partnership"))
    slots = slot_events(events)
    texts, _, _ = run(ActionChangeAnswer(), tracker("call it Mercy ER handoffs", "change_answer", slots=slots))
    assert texts == ['Renamed the partnership "Mercy Hospital" to "Mercy ER handoffs". The partner is still Mercy Hospital.']
    with session_scope(database_url) as session:
        assert session.scalar(select(Partnership.name)) == "Mercy ER handoffs"


def test_a_rename_to_a_name_taken_in_the_workspace_is_refused(database_url):
    run(ActionStartPartnership(), tracker("start a partnership with Lincoln High", "start_partnership", user="U2"))
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with Mercy Hospital", "start_partnership"))
    texts, _, _ = run(ActionChangeAnswer(), tracker("rename the partnership to lincoln high", "change_answer",
                                                    slots=slot_events(events)))
    assert "already a partnership called" in texts[0]
    assert sorted(partners(database_url)) == ["Lincoln High", "Mercy Hospital"]


def test_a_commitments_words_are_changed_and_its_date_kept(database_url):
    run(ActionMakeCommitment(), tracker("I'll brief roll call by Friday", "make_commitment"))
    with session_scope(database_url) as session:
        due = session.scalar(select(Commitment.due_date))
    texts, _, _ = run(ActionChangeAnswer(), tracker("change the roll call commitment to brief both shifts at roll call",
                                                    "change_answer"))
    assert texts[0].startswith('Changed the commitment "brief roll call" to "brief both shifts at roll call"')
    with session_scope(database_url) as session:
        assert session.scalar(select(func.count()).select_from(Commitment)) == 1
        stored = session.scalar(select(Commitment))
        assert (stored.text, stored.due_date) == ("brief both shifts at roll call", due)


def test_whats_next_on_an_assignment_does_not_walk_the_steps(database_url):
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with Parks Dept", "start_partnership"))
    slots = slot_events(events)
    with session_scope(database_url) as session:
        session.scalar(select(Partnership)).kind = "assignment"
    texts, _, events = run(ActionNextStep(), tracker("what's next?", "ask_next_step", slots=slots))
    assert "recorded as an assignment" in texts[0]
    assert "Step" not in "\n".join(texts)
    assert slot_events(events)["step_answer"] == "complete"


def test_people_named_in_answer_to_who_can_sign_off_become_the_stakeholders_contacts(database_url):
    from bot.store.models import Stakeholder
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with Mercy Hospital", "start_partnership"))
    slots = slot_events(events)
    with session_scope(database_url) as session:
        found = session.scalar(select(Partnership))
        found.current_step, found.follow_up_item = "stakeholders", "decision_makers_identified"
        found.follow_up_question = "Who at each partner can sign off on people and money?"
        found.stakeholders.extend([Stakeholder(organisation="Mercy Hospital"),
                                   Stakeholder(organisation="Lincoln High School", contact="Ms Grant")])
    texts, _, _ = run(ValidateCoachingForm(), tracker(
        "dr okafor at mercy, principal diaz for lincoln, lt hayes for us", "inform", confidence=0.5,
        slots={**slots, "requested_slot": "step_answer"}, active_loop="coaching_form",
        extracted={"step_answer": "dr okafor at mercy, principal diaz for lincoln, lt hayes for us"}))
    assert texts[0].startswith("Added as contacts: Dr Okafor at Mercy Hospital, Principal Diaz at Lincoln High School.")
    with session_scope(database_url) as session:
        contacts = {s.organisation: s.contact for s in session.scalars(select(Stakeholder))}
    assert contacts == {"Mercy Hospital": "Dr Okafor", "Lincoln High School": "Ms Grant; Principal Diaz"}


def test_a_partner_named_in_a_run_on_message_is_the_organisation_and_the_rest_its_topic(database_url):
    run(ActionStartPartnership(), tracker(
        "need to set up somethin w/ the high school, lots of fights after dismissal, SRO cant handle it alone",
        "start_partnership"))
    assert partners(database_url) == ["high school"]


def test_help_alone_at_a_step_is_a_request_not_the_steps_answer(database_url):
    from bot.actions.coaching import is_interruption
    assert is_interruption({"text": "help", "intent": {"name": "help", "confidence": 0.9}})
    assert not is_interruption({"text": "A formal partnership: we decide together with the school",
                                "intent": {"name": "check_partnership", "confidence": 0.9}})


def test_a_dated_promise_inside_a_steps_answer_goes_on_the_commitments(database_url):
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with County Mental Health", "start_partnership"))
    slots = slot_events(events)
    with session_scope(database_url) as session:
        session.scalar(select(Partnership)).current_step = "buy_in"
    said = "Captain Ruiz signed off in an email. I'll send her the draft goals by Dec 8"
    texts, _, _ = run(ValidateCoachingForm(), tracker(
        said, "inform", confidence=0.5, slots={**slots, "requested_slot": "step_answer"}, active_loop="coaching_form",
        extracted={"step_answer": said}))
    with session_scope(database_url) as session:
        stored = [(c.text, c.due_date.month, c.due_date.day) for c in session.scalars(select(Commitment))]
    assert stored == [("send her the draft goals", 12, 8)]
    assert "Also on your commitments: send her the draft goals, by Tuesday 8 December 2026." in "\n".join(texts)


def test_not_sure_yet_read_as_a_skip_while_asked_who_with_ends_without_a_partnership(database_url):
    from bot.actions.coaching import NO_PARTNER_YET, ActionSkipStep
    texts, _, events = run(ActionSkipStep(), tracker("not sure yet", "skip_step", slots={"requested_slot": "partner_name"}))
    assert texts[0].startswith("No problem: nothing is set up yet.")
    assert slot_events(events)["step_answer"] == NO_PARTNER_YET
    assert partners(database_url) == []


def test_i_already_answered_that_keeps_the_saved_answer_and_moves_on(database_url):
    from bot.store.models import StepAnswer
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with Mercy Hospital", "start_partnership"))
    slots = slot_events(events)
    with session_scope(database_url) as session:
        found = session.scalar(select(Partnership))
        found.current_step = "formal_agreement"
        found.answers.append(StepAnswer(step_id="formal_agreement", answer="MOU drafted with county counsel, "
                                        "covers data sharing under HIPAA", status="answered"))
    said = "I already answered that, we're drafting the MOU w/ county counsel"
    texts, _, _ = run(ValidateCoachingForm(), tracker(
        said, "inform", confidence=0.5, slots={**slots, "requested_slot": "step_answer"}, active_loop="coaching_form",
        extracted={"step_answer": said}))
    assert texts[0].startswith("Right, your answer for formal agreement")
    with session_scope(database_url) as session:
        kept = session.scalar(select(StepAnswer).where(StepAnswer.step_id == "formal_agreement"))
        assert kept.answer.startswith("MOU drafted with county counsel")
        assert session.scalar(select(Partnership)).current_step == "review"


def test_a_checklist_for_a_partnership_named_without_the_word_partnership_is_that_ones(database_url):
    from bot.actions.progress import ActionRequestChecklist
    run(ActionStartPartnership(), tracker("start a partnership with County Mental Health Crisis Team", "start_partnership"))
    texts, _, _ = run(ActionRequestChecklist(), tracker("checklist for County Mental Health Crisis Team",
                                                        "request_checklist"))
    assert "Checklist for the County Mental Health Crisis Team partnership" in texts[-1]


def test_a_longer_answer_that_says_dont_know_is_not_a_skip():
    from bot.actions.coaching import is_interruption
    said = "LT is kinda meh on it tbh, he just told me to handle it. other sgts dont know about it yet"
    assert not is_interruption({"text": said, "intent": {"name": "skip_step", "confidence": 0.9}})
    assert is_interruption({"text": "idk yet", "intent": {"name": "skip_step", "confidence": 0.9}})
    assert is_interruption({"text": "dont know the numbers yet, can we come back to it",
                            "intent": {"name": "skip_step", "confidence": 0.9}})


def test_go_back_to_a_named_step_makes_it_current_and_move_on_keeps_its_answer(database_url):
    from bot.store.models import StepAnswer
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with Mercy Hospital", "start_partnership"))
    slots = slot_events(events)
    with session_scope(database_url) as session:
        found = session.scalar(select(Partnership))
        found.current_step = "facilitators_barriers"
        found.answers.append(StepAnswer(step_id="buy_in", answer="Captain Ruiz sponsors it", status="answered"))
    texts, _, _ = run(ActionNextStep(), tracker("go back to buy-in", "ask_next_step", slots=slots))
    assert texts == ['Back to step 6 of 9: Buy-in through the chain of command. Your answer so far: "Captain Ruiz '
                     'sponsors it". A new answer replaces it; say "move on" to keep it.']
    texts, _, _ = run(ValidateCoachingForm(), tracker(
        "move on", "skip_step", confidence=0.5, slots={**slots, "requested_slot": "step_answer"},
        active_loop="coaching_form", extracted={"step_answer": "move on"}))
    assert texts == ["Kept your answer for buy-in through the chain of command."]
    with session_scope(database_url) as session:
        kept = session.scalar(select(StepAnswer).where(StepAnswer.step_id == "buy_in"))
        assert (kept.answer, kept.status) == ("Captain Ruiz sponsors it", "answered")
    texts, _, _ = run(ActionNextStep(), tracker("back to step 4", "ask_next_step", slots=slots))
    assert texts[0].startswith("Back to step 4 of 9: Common goals")


def test_a_done_verb_that_differs_from_the_commitments_does_not_complete_it():
    from types import SimpleNamespace

    from bot.words import match_commitment
    review = SimpleNamespace(text="hold the first review with Principal Okafor")
    email = SimpleNamespace(text="email dr okafor")
    assert match_commitment([review], "emailed okafor") is None
    assert match_commitment([review, email], "ok emailed okafor") is email
    assert match_commitment([review], "held the review with okafor") is review


def test_a_stakeholder_renamed_a_partner_changed_and_a_contact_at_a_short_name_set(database_url):
    from bot.store.models import Stakeholder
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with Oakwood Senior Center. scams",
                                                         "start_partnership"))
    slots = slot_events(events)
    with session_scope(database_url) as session:
        found = session.scalar(select(Partnership))
        found.stakeholders.extend([Stakeholder(organisation="Parks and Rec dept"),
                                   Stakeholder(organisation="the DA's office")])
    said = lambda text: run(ActionChangeAnswer(), tracker(text, "change_answer", slots=slots))[0][0]
    assert said("rename Parks and Rec dept to City Parks & Recreation") == \
        'Renamed the stakeholder "Parks and Rec dept" to "City Parks & Recreation".'
    assert said("contact at the DA is ADA Patel") == "Changed the contact at the DA's office from none to ADA Patel."
    assert said("change the partner to Oakwood Senior Center Inc") == \
        'Changed the partner from "Oakwood Senior Center" to "Oakwood Senior Center Inc" (the partnership is called ' \
        '"Oakwood Senior Center Inc").'


def answer_the_buy_in_follow_up(said: str, database_url) -> list[str]:
    """Start Mercy Hospital at buy-in with its follow-up question open, and answer it with `said`."""
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with Mercy Hospital", "start_partnership"))
    slots = slot_events(events)
    with session_scope(database_url) as session:
        found = session.scalar(select(Partnership))
        found.current_step, found.follow_up_item = "buy_in", "chain_briefed"
        found.follow_up_question = "When will each shift hear the goal from its own lieutenant?"
    texts, _, _ = run(ValidateCoachingForm(), tracker(
        said, "make_commitment", confidence=0.9, slots={**slots, "requested_slot": "step_answer"},
        active_loop="coaching_form", extracted={"step_answer": said}))
    return texts


def test_a_plan_with_its_date_mid_sentence_answering_a_follow_up_becomes_a_commitment(database_url):
    texts = answer_the_buy_in_follow_up("I'll brief the sgts at the Dec 3 meeting", database_url)
    assert texts[0].startswith("That's a plan, so it's on your commitments: brief the sgts at the meeting, by")
    with session_scope(database_url) as session:
        assert [(c.text, c.due_date.month, c.due_date.day) for c in session.scalars(select(Commitment))] == [
            ("brief the sgts at the meeting", 12, 3)]


def test_two_plans_answering_a_follow_up_become_two_commitments(database_url):
    texts = answer_the_buy_in_follow_up("I'll call principal diaz by tuesday and email tom webb the draft by thurs",
                                        database_url)
    assert texts[0].startswith("Those are plans, so they're on your commitments: call principal diaz, by Tuesday")
    with session_scope(database_url) as session:
        assert sorted(c.text for c in session.scalars(select(Commitment))) == [
            "call principal diaz", "email tom webb the draft"]


def test_an_answer_that_mentions_changing_is_not_a_correction_and_a_health_check_is_not_a_goal():
    from bot.actions.coaching import is_interruption
    from bot.list_steps import REQUEST
    said = "yes joint decisions, both sides sit on the case review and either can change the plan"
    assert not is_interruption({"text": said, "intent": {"name": "change_answer", "confidence": 0.9}})
    assert is_interruption({"text": "change the goal target to 15%", "intent": {"name": "change_answer",
                                                                                "confidence": 0.9}})
    assert REQUEST.search("lets do a health check") and REQUEST.search("health check")


def test_a_step_already_answered_shows_the_answer_kept_when_asked_again(database_url):
    from bot.actions.coaching import ActionAskStepAnswer
    from bot.store.models import StepAnswer
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with Mercy Hospital", "start_partnership"))
    slots = slot_events(events)
    with session_scope(database_url) as session:
        found = session.scalar(select(Partnership))
        found.current_step = "resources"
        found.answers.append(StepAnswer(step_id="resources", answer="1 officer 1430-1530 m-f", status="answered"))
    texts, _, _ = run(ActionAskStepAnswer(), tracker("", "skip_step", slots=slots))
    assert 'Your answer so far: "1 officer 1430-1530 m-f". A new answer replaces it; say "move on" to keep it.' in texts[0]


def test_i_meant_another_date_moves_the_commitment_just_made(database_url):
    from datetime import date

    from bot.questions import request_action
    run(ActionMakeCommitment(), tracker("I'll ask sgt miller about overtime by Dec 30", "make_commitment"))
    said = "wait i meant friday jan 8 not dec 30"
    assert request_action(said) == "action_change_answer"  # at a step it is never the step's answer
    texts, _, _ = run(ActionChangeAnswer(), tracker(said, "change_answer"))
    assert "Friday 8 January 2027" in texts[0]
    with session_scope(database_url) as session:
        assert session.scalar(select(Commitment.due_date)) == date(2027, 1, 8)


def at_follow_up(database_url, step: str, item: str, question: str) -> dict:
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with Mercy Hospital", "start_partnership"))
    with session_scope(database_url) as session:
        found = session.scalar(select(Partnership))
        found.current_step, found.follow_up_item, found.follow_up_question = step, item, question
    return slot_events(events)


def say_to_follow_up(said: str, slots: dict) -> tuple[list[str], dict]:
    texts, _, events = run(ValidateCoachingForm(), tracker(
        said, "report_progress", confidence=0.7, slots={**slots, "requested_slot": "step_answer"},
        active_loop="coaching_form", extracted={"step_answer": said}))
    return texts, slot_events(events)


def test_news_of_a_commitment_done_during_a_follow_up_marks_it_done_and_the_question_stays(database_url):
    slots = at_follow_up(database_url, "facilitators_barriers", "enablers_listed",
                         "What do you already have going for you?")
    run(ActionMakeCommitment(), tracker("I'll send dana the one pager by Dec 10", "make_commitment", slots=slots))
    texts, slot_set = say_to_follow_up("ok sent dana the one pager", slots)
    assert texts == ["Marked done: send dana the one pager. Nice work. (I didn't take that as the answer to "
                     "facilitators and barriers.)"]
    assert slot_set == {"step_answer": None}  # asked again
    with session_scope(database_url) as session:
        assert session.scalar(select(Commitment.status)) == "done"
        assert session.scalar(select(Partnership.follow_up_item)) == "enablers_listed"


def test_a_promise_after_also_in_a_follow_up_answer_goes_on_the_commitments(database_url):
    slots = at_follow_up(database_url, "facilitators_barriers", "enablers_listed",
                         "What do you already have going for you?")
    texts, _ = say_to_follow_up("dana + the charge nurses are on our side. also ill send dana the one pager by dec 10",
                                slots)
    assert any(line.startswith("Also on your commitments: send dana the one pager, by ") for line in texts[0].split("\n"))


def test_after_going_back_to_a_step_the_answered_ones_are_not_walked_again(database_url):
    from tests.support.coaching import answer
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with Mercy Hospital", "start_partnership"))
    slots = slot_events(events)
    with session_scope(database_url) as session:
        found = session.scalar(select(Partnership))
        for step in ("problem", "partnership_or_assignment", "stakeholders", "common_goals"):
            from bot.store import partnerships
            partnerships.save_step_answer(session, found, step, f"answer for {step}")
        found.current_step = "partnership_or_assignment"  # went back to step 2
    answer("it's a partnership: joint decisions, long term, neither side can do it alone", slots)
    with session_scope(database_url) as session:
        found = session.scalar(select(Partnership))
        if found.follow_up_item:
            found.follow_up_item = found.follow_up_question = None
            from bot.actions.coaching import advance
            from bot.knowledge import knowledge
            advance(found, knowledge().step("partnership_or_assignment"))
        assert found.current_step == "resources"  # not stakeholders and goals again


def test_a_handshake_deal_mentioned_early_does_not_offer_to_draft_an_agreement():
    from bot import evidence
    reading = evidence.read_answer("partnership_or_assignment", "informal handshake deal with the ER for now")
    assert [flag["id"] for flag in reading.flags] == ["no_agreement"]
    assert reading.follow_up is None or "draft the agreement" not in reading.follow_up[1]


def test_a_hedged_follow_up_answer_is_kept_in_the_record_and_its_item_stays_open(database_url):
    from bot.store import partnerships
    slots = at_follow_up(database_url, "facilitators_barriers", "enablers_listed",
                         "What do you already have going for you?")
    with session_scope(database_url) as session:
        partnerships.save_step_answer(session, session.scalar(select(Partnership)), "facilitators_barriers",
                                    "barriers: the LT, and social services is understaffed")
    texts, _ = say_to_follow_up("i guess the church already has a meal program so ppl trust them?", slots)
    assert "stays open" in texts[0]
    with session_scope(database_url) as session:
        [stored] = session.scalar(select(Partnership)).answers
        assert stored.answer == ("barriers: the LT, and social services is understaffed. "
                                 "i guess the church already has a meal program so ppl trust them?")


def test_a_name_with_invisible_characters_is_the_same_name_and_an_overlong_one_is_refused(database_url):
    run(ActionStartPartnership(), tracker("start a partnership with Mercy Hospital", "start_partnership"))
    texts, _, _ = run(ActionStartPartnership(), tracker("start a partnership with Mercy\u200b Hospital",
                                                        "start_partnership"))
    assert texts == ["You already have a partnership with Mercy Hospital; let's pick it up where you left off."]
    texts, _, _ = run(ActionStartPartnership(), tracker("start a partnership with " + "X" * 300, "start_partnership"))
    assert texts[0] == ("That name is 300 characters long; I can keep names up to 120. "
                        "What's a shorter name for it?")
    assert partners(database_url) == ["Mercy Hospital"]


def at_step(database_url, step: str) -> dict:
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with Harbor Light", "start_partnership"))
    with session_scope(database_url) as session:
        session.scalar(select(Partnership)).current_step = step
    return slot_events(events)


def saved_answers(database_url) -> list[str]:
    with session_scope(database_url) as session:
        return [a.answer for a in session.scalar(select(Partnership)).answers if a.status == "answered"]


def test_a_blocker_announced_mid_step_is_a_blocker_and_not_the_steps_answer(database_url):
    from bot.store.models import ProgressNote
    slots = at_step(database_url, "buy_in")
    texts, _ = say_to_follow_up("blocker: county cut the saturday clinician, budget", slots)
    assert texts[0].startswith("Noted the blocker on the Harbor Light partnership.")
    assert texts[0].endswith("(I didn't take that as the answer to buy-in through the chain of command.)")
    assert saved_answers(database_url) == []
    with session_scope(database_url) as session:
        assert [(n.kind, n.text) for n in session.scalars(select(ProgressNote))] == [
            ("blocker", "county cut the saturday clinician, budget")]  # the label is not kept


def test_a_commitment_done_mid_step_is_marked_done_and_not_the_steps_answer(database_url):
    slots = at_step(database_url, "buy_in")
    run(ActionMakeCommitment(), tracker("I'll call pastor williams by Dec 30", "make_commitment", slots=slots))
    texts, slot_set = say_to_follow_up("called pastor williams", slots)
    assert texts[0].startswith("Marked done: call pastor williams. Nice work. (I didn't take that as the answer")
    assert slot_set == {"step_answer": None} and saved_answers(database_url) == []


def test_a_figure_on_a_goal_mid_step_is_progress_on_that_goal(database_url):
    from bot.store.models import Goal, ProgressNote
    slots = at_step(database_url, "review")
    with session_scope(database_url) as session:
        partnership = session.scalar(select(Partnership))
        from bot.list_steps import add_goal
        add_goal(session, partnership, "chronic absence at lincoln ms from 24% to 15% by june 2027", "America/Chicago")
    texts, _ = say_to_follow_up("lincoln ms chronic absence now 20%", slots)
    assert texts[0].startswith("Noted on the goal \"chronic absence at lincoln ms")
    assert saved_answers(database_url) == []
    with session_scope(database_url) as session:
        note = session.scalar(select(ProgressNote))
        assert note.goal_id == session.scalar(select(Goal.id))


def test_no_wait_make_it_the_12th_moves_the_commitment(database_url):
    from bot.questions import request_action
    run(ActionMakeCommitment(), tracker("I'll send the FERPA language to counsel by Dec 10", "make_commitment"))
    said = "no wait, make it the 12th, counsel is out til the 9th"
    assert request_action(said) == "action_change_answer"
    texts, _, _ = run(ActionChangeAnswer(), tracker(said, "change_answer"))
    assert texts[0].startswith('Moved "send the FERPA language to counsel" to ')
    with session_scope(database_url) as session:
        assert session.scalar(select(Commitment.due_date)).day == 12


def test_a_goal_named_that_is_not_this_partnerships_only_goal_is_not_changed(database_url):
    from bot.list_steps import add_goal
    from bot.store.models import Goal
    slots = at_step(database_url, "resources")
    with session_scope(database_url) as session:
        add_goal(session, session.scalar(select(Partnership)), "juvenile calls east side from 300 a year to 200 a year "
                 "by june 2027", "America/Chicago")
    texts, _, _ = run(ActionChangeAnswer(), tracker("change the lincoln ms target to 16 a year", "change_answer",
                                                    slots=slots))
    assert texts[0].startswith("The Harbor Light partnership's only goal is \"juvenile calls east side\", and "
                               "\"lincoln ms\" doesn't name it, so nothing changed.")
    with session_scope(database_url) as session:
        assert session.scalar(select(Goal.target)) == "200"


def test_undo_after_changing_a_goal_puts_it_back_and_undo_again_redoes_it(database_url):
    from bot.actions.undo import ActionUndo
    from bot.list_steps import add_goal
    from bot.store.models import Goal
    slots = at_step(database_url, "resources")
    with session_scope(database_url) as session:
        add_goal(session, session.scalar(select(Partnership)), "juvenile calls east side from 300 a year to 200 a year "
                 "by june 2027", "America/Chicago")
    run(ActionChangeAnswer(), tracker("change the goal target to 150", "change_answer", slots=slots))
    with session_scope(database_url) as session:
        assert session.scalar(select(Goal.target)) == "150"
    texts, _, _ = run(ActionUndo(), tracker("undo that", "undo", slots=slots))
    assert texts == ["Put the goal \"juvenile calls east side\" back as it was before the change."]
    with session_scope(database_url) as session:
        assert session.scalar(select(Goal.target)) == "200"
    run(ActionUndo(), tracker("undo that", "undo", slots=slots))
    with session_scope(database_url) as session:
        assert session.scalar(select(Goal.target)) == "150"


def test_a_date_alone_after_a_goal_refused_for_its_date_completes_that_goal(database_url):
    from bot.store.models import Goal
    slots = at_step(database_url, "common_goals")
    goal = "lincoln ms chronic absence from 24% to 15% by june 2026"
    texts, _ = say_to_follow_up(goal, slots)
    assert texts[0].startswith("Tuesday 30 June 2026 has already passed.")
    follow = tracker("oh right, june 2027 then", "report_progress", confidence=0.7,
                     slots={**slots, "requested_slot": "step_answer"}, active_loop="coaching_form",
                     extracted={"step_answer": "oh right, june 2027 then"})
    follow.events[:0] = [{"event": "user", "text": goal}, {"event": "bot", "text": texts[0]}]
    texts, _, _ = run(ValidateCoachingForm(), follow)
    assert texts[0].startswith("Added goal: lincoln ms chronic absence")
    with session_scope(database_url) as session:
        stored = session.scalar(select(Goal))
        assert (stored.baseline, stored.target, stored.target_date.isoformat()) == ("24%", "15%", "2027-06-30")


def test_an_answer_labelled_for_another_step_is_taken_for_that_step_and_the_follow_up_stays_open(database_url):
    slots = at_follow_up(database_url, "common_goals", "goals_agreed", "Has the partner agreed the goals?")
    texts, _ = say_to_follow_up("resources: 2 officers on a rotating MH liaison detail, ER gives us a social worker "
                                "20hrs/wk", slots)
    assert texts[0] == "Taking that for resources; the earlier question stays open on the checklist."
    assert texts[1].startswith("Saved for resources.")
    with session_scope(database_url) as session:
        found = session.scalar(select(Partnership))
        [answer] = [a for a in found.answers if a.step_id == "resources"]
        assert answer.answer.startswith("2 officers on a rotating MH liaison detail")
        assert "goals_agreed" not in {i.item_id for i in found.checklist_items if i.state == "done"}


def test_a_goal_given_while_a_stakeholders_follow_up_waits_is_a_goal(database_url):
    from bot.store.models import Goal
    slots = at_follow_up(database_url, "stakeholders", "liaisons_named", "Who is the day-to-day liaison on each side?")
    texts, _ = say_to_follow_up("fights at the 3 bus stops near eastside middle from 14/month to 5/month by june 2027",
                                slots)
    assert texts[1].startswith("Added goal: fights at the 3 bus stops near eastside middle")
    with session_scope(database_url) as session:
        assert session.scalar(select(Goal.target)) == "5"
        assert session.scalar(select(Partnership.current_step)) == "common_goals"


def test_the_partner_is_just_x_changes_the_partner(database_url):
    from bot.questions import request_action
    run(ActionStartPartnership(), tracker("start a partnership with the school district and the eastside youth center",
                                          "start_partnership"))
    said = "the partner is just the school district, youth center is a second partner"
    assert request_action(said) == "action_change_answer"  # at a step it is never the step's answer
    texts, _, _ = run(ActionChangeAnswer(), tracker(said, "change_answer"))
    assert texts[0].startswith('Changed the partner from "school district and the eastside youth center" to '
                               '"school district"')


def test_a_step_answer_that_mentions_something_done_in_passing_is_the_answer():
    from bot.actions.coaching import is_interruption
    said = "together, in writing. btw I already called the ER charge nurse yesterday like I said I would"
    assert not is_interruption({"text": said, "intent": {"name": "complete_commitment", "confidence": 0.9}})
    assert not is_interruption({"text": "done", "intent": {"name": "complete_commitment", "confidence": 0.9}})
    assert is_interruption({"text": "called the ER charge nurse", "intent": {"name": "complete_commitment",
                                                                              "confidence": 0.9}})


@pytest.mark.parametrize("said", [
    "move the commitment to call diaz to the mercy hospital ER partnership",
    "move the diaz call to the Mercy Hospital ER partnership",
    "put that under the mercy hospital er partnership",
])
def test_a_commitment_is_moved_to_another_of_the_persons_partnerships_and_undo_puts_it_back(database_url, said):
    from bot.actions.undo import ActionUndo

    run(ActionStartPartnership(), tracker("start a partnership with Mercy Hospital ER", "start_partnership"))
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with Lincoln High", "start_partnership"))
    slots = slot_events(events)
    run(ActionMakeCommitment(), tracker("I'll call principal diaz by Friday", "make_commitment", slots=slots))
    texts, _, _ = run(ActionChangeAnswer(), tracker(said, "change_answer", slots=slots))
    assert texts == ['Moved "call principal diaz" to the Mercy Hospital ER partnership (was on the Lincoln High '
                     'partnership). Say "undo that" to put it back.']
    with session_scope(database_url) as session:
        assert session.scalar(select(Commitment).join(Partnership)).partnership.name == "Mercy Hospital ER"
    run(ActionUndo(), tracker("undo that", "undo", slots=slots))
    with session_scope(database_url) as session:
        assert session.scalar(select(Commitment).join(Partnership)).partnership.name == "Lincoln High"


def test_moving_a_commitment_to_a_partnership_that_does_not_exist_names_the_ones_there_are(database_url):
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with Lincoln High", "start_partnership"))
    slots = slot_events(events)
    run(ActionMakeCommitment(), tracker("I'll call principal diaz by Friday", "make_commitment", slots=slots))
    texts, _, _ = run(ActionChangeAnswer(), tracker("move the diaz call to the mercy hospital ER partnership",
                                                    "change_answer", slots=slots))
    assert "couldn't read" not in texts[0] and "Lincoln High" in texts[0]
    with session_scope(database_url) as session:
        assert session.scalar(select(Commitment).join(Partnership)).partnership.name == "Lincoln High"
