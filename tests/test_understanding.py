"""Never filling the records with junk: questions are answered and not stored, unsure
writes are confirmed first, anything stored can be undone or removed in words, and
"which goal?" has buttons and a way out."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from bot.actions.coaching import ActionStartPartnership, ValidateCoachingForm
from bot.actions.progress import ActionReportProgress
from bot.actions.undo import ActionUndo
from bot.questions import is_question
from bot.store.db import session_scope
from bot.store.models import Goal, Partnership, ProgressNote, RecordChange, Stakeholder
from tests.support.trackers import run, slot_events, tracker


def start() -> dict:
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with Mercy Hospital", "start_partnership"))
    return slot_events(events)


def at_stakeholders(database_url) -> dict:
    slots = start()
    with session_scope(database_url) as session:
        session.scalar(select(Partnership)).current_step = "stakeholders"
    return slots


def say_at_step(text: str, slots: dict, intent="report_progress", confidence=0.4) -> list[str]:
    texts, _, _ = run(ValidateCoachingForm(), tracker(
        text, intent, confidence=confidence, slots={**slots, "requested_slot": "step_answer"},
        active_loop="coaching_form"))
    return texts


def count(database_url, model) -> int:
    with session_scope(database_url) as session:
        return session.scalar(select(func.count()).select_from(model))


def organisations(database_url) -> list[str]:
    with session_scope(database_url) as session:
        return [s.organisation for s in session.scalars(select(Stakeholder).order_by(Stakeholder.id))]


def test_question_shapes_are_told_from_statements_and_requests():
    assert is_question("wait, what counts as buy-in?")
    assert is_question("should we line up the money before we approach the hospital or wait till they say yes")
    assert is_question("does the DA count?")
    assert not is_question("can you delete the junk ones?")  # a request to the coach
    assert not is_question("Mercy Hospital, contact Dr Okafor, needs shorter handoffs")
    assert not is_question("when the LT briefs roll call we hand out the card")


def test_a_question_at_the_stakeholders_step_is_never_stored(database_url):
    slots = at_stakeholders(database_url)
    _, _, events = run(ValidateCoachingForm(), tracker(
        "wait, what counts as buy-in?", "ask_factor", confidence=0.55,
        slots={**slots, "requested_slot": "step_answer"}, active_loop="coaching_form"))
    assert "step_answer" not in slot_events(events)  # left to the question's own action
    assert organisations(database_url) == []


def test_a_question_read_as_a_blocker_is_answered_and_not_stored(database_url):
    start()
    texts, _, _ = run(ActionReportProgress(), tracker(
        "should we line up the money before we approach the hospital or wait till they say yes?",
        "report_blocker", confidence=0.8))
    assert texts[0].endswith("(I took that as a question, so nothing was saved.)")
    assert "Committed resources" in texts[0] or "resources" in texts[0].lower()
    assert count(database_url, ProgressNote) == 0


def test_an_unsure_write_is_confirmed_with_buttons_before_anything_is_stored(database_url):
    start()
    texts, buttons, _ = run(ActionReportProgress(), tracker("the ER charge nurse keeps changing", "report_blocker",
                                                            confidence=0.55))
    assert texts == ["Should I save \"the ER charge nurse keeps changing\" as a blocker? Nothing is saved until you say."]
    assert [b["payload"] for b in buttons] == ['/report_blocker{"confirmed": "the ER charge nurse keeps changing"}',
                                               "/deny"]
    assert count(database_url, ProgressNote) == 0
    run(ActionReportProgress(), tracker(buttons[0]["payload"], "report_blocker", confidence=1.0, entities=[
        {"entity": "confirmed", "value": "the ER charge nurse keeps changing"}]))
    with session_scope(database_url) as session:
        assert [n.text for n in session.scalars(select(ProgressNote))] == ["the ER charge nurse keeps changing"]


def test_undo_that_removes_what_was_just_added_and_says_what(database_url):
    slots = at_stakeholders(database_url)
    say_at_step("Mercy Hospital ER, contact Dr Okafor, needs shorter handoffs", slots)
    say_at_step("the fire department", slots)  # not one after all
    assert organisations(database_url) == ["Mercy Hospital ER", "the fire department"]
    texts, _, _ = run(ActionUndo(), tracker("undo that", "undo", slots=slots))
    assert texts == ["Removed the stakeholder \"the fire department\". Say \"undo that\" to put it back."]
    assert organisations(database_url) == ["Mercy Hospital ER"]


def test_a_stakeholder_named_is_removed_and_the_removal_can_be_undone(database_url):
    slots = at_stakeholders(database_url)
    say_at_step("Mercy Hospital ER, contact Dr Okafor, needs shorter handoffs", slots)
    say_at_step("county dispatch center, contact supervisor Reyes", slots)
    texts, _, _ = run(ActionUndo(), tracker("remove the dispatch center", "undo", slots=slots))
    assert texts[0].startswith("Removed the stakeholder \"county dispatch center\".")
    assert organisations(database_url) == ["Mercy Hospital ER"]
    texts, _, _ = run(ActionUndo(), tracker("undo that", "undo", slots=slots))
    assert texts == ["Put back the stakeholder \"county dispatch center\"."]
    assert sorted(organisations(database_url)) == ["Mercy Hospital ER", "county dispatch center"]
    with session_scope(database_url) as session:
        assert session.scalar(select(func.count()).select_from(RecordChange)) == 3  # two added, one removed


def test_thats_not_a_blocker_removes_the_latest_blocker(database_url):
    slots = start()
    run(ActionReportProgress(), tracker("legal won't sign anything", "report_blocker", slots=slots))
    run(ActionReportProgress(), tracker("the hospital won't share patient data", "report_blocker", slots=slots))
    texts, _, _ = run(ActionUndo(), tracker("that's not a blocker", "undo", slots=slots))
    assert texts == ["Removed the blocker \"the hospital won't share patient data\". Say \"undo that\" to put it back."]
    with session_scope(database_url) as session:
        assert [n.text for n in session.scalars(select(ProgressNote))] == ["legal won't sign anything"]


def test_an_unclear_removal_asks_which_with_a_way_out_and_removes_nothing(database_url):
    slots = at_stakeholders(database_url)
    say_at_step("Mercy Hospital ER, contact Dr Okafor", slots)
    say_at_step("county dispatch center, contact supervisor Reyes", slots)
    texts, buttons, _ = run(ActionUndo(), tracker("can you delete the junk ones?", "undo", slots=slots))
    assert texts == ["Which one should I remove? Nothing has been removed yet."]
    assert buttons[-1] == {"title": "None of those", "payload": "/deny"}
    assert len(organisations(database_url)) == 2


def test_which_goal_offers_buttons_and_the_choice_links_the_note(database_url):
    slots = start()
    with session_scope(database_url) as session:
        partnership = session.scalar(select(Partnership))
        partnership.goals += [Goal(description="handoff", measure="ER handoff time", baseline="3.5", target="1",
                                   unit="hours"),
                              Goal(description="calls", measure="repeat crisis calls", baseline="1150", target="700")]
    texts, buttons, _ = run(ActionReportProgress(), tracker("good week, things moving", "report_progress",
                                                            slots=slots))
    assert texts[0].endswith("Which goal is it about?")
    assert buttons[-1] == {"title": "None of these", "payload": "/deny"} and len(buttons) == 3
    run(ActionReportProgress(), tracker("/report_progress", "report_progress", confidence=1.0, slots=slots,
                                        entities=[{"entity": "goal_id",
                                                   "value": json.loads(buttons[0]["payload"][16:])["goal_id"]}]))
    with session_scope(database_url) as session:
        [note] = session.scalars(select(ProgressNote))
        assert session.get(Goal, note.goal_id).measure == "ER handoff time"
        assert count(database_url, ProgressNote) == 1  # linked, not stored twice


EMAIL = """From: Dr. Okafor <okafor@mercy.org>
Subject: Re: crisis calls
Hi Sgt,
Thanks for the meeting. Our legal team won't share patient-level data without a signed MOU.
Handoff times are down to 2.5 hours this month, from 3.5 in September.
I'll send the draft data-sharing clause by Friday.
Best, Dr. Okafor"""


def test_a_pasted_email_is_split_into_candidates_and_nothing_is_stored(database_url):
    start()
    texts, buttons, _ = run(ActionReportProgress(), tracker(EMAIL, "report_progress", confidence=0.9))
    assert texts[0].startswith("That reads like a pasted message.")
    assert "1. Blocker: Our legal team won't share patient-level data without a signed MOU." in texts[0]
    assert "2. Progress: Handoff times are down to 2.5 hours this month, from 3.5 in September." in texts[0]
    # Dr. Okafor's promise is hers to keep: the sergeant is offered the follow-up on it
    assert "3. Commitment: follow up with Dr. Okafor (they'll send the draft data-sharing clause) by Friday" in texts[0]
    assert [b["title"] for b in buttons] == ["Save 1 as blocker", "Save 2 as progress", "Save 3 as commitment",
                                             "Save none"]
    assert count(database_url, ProgressNote) == 0
    run(ActionReportProgress(), tracker(buttons[0]["payload"], "report_blocker", confidence=1.0,
                                        entities=[{"entity": "confirmed",
                                                   "value": json.loads(buttons[0]["payload"][15:])["confirmed"]}]))
    with session_scope(database_url) as session:
        assert [n.text for n in session.scalars(select(ProgressNote))] == [
            "Our legal team won't share patient-level data without a signed MOU."]


def test_a_promise_in_ones_own_pasted_notes_stays_ones_own_and_a_partners_becomes_a_follow_up():
    from bot import paste
    notes = "notes from mtg w/ mercy\n- I'll draft the MOU by Dec 10\n- legal won't share data yet\n- handoffs down to 2.5 hrs"
    assert paste.candidates(notes)[0] == paste.Candidate("make_commitment", "I'll draft the MOU by Dec 10")
    letter = "Hi Sgt Reyes,\nGood talking today.\nI'll send you the invoices by Friday.\nThanks,\nMaria Lopez"
    assert paste.candidates(letter) == [
        paste.Candidate("make_commitment", "follow up with Maria Lopez (they'll send us the invoices) by Friday")]


def test_the_saved_goals_answer_follows_a_changed_goal_date(database_url):
    from bot.actions.changes import ActionChangeAnswer
    from bot.store.models import StepAnswer
    slots = start()
    with session_scope(database_url) as session:
        session.scalar(select(Partnership)).current_step = "common_goals"
    say_at_step("chronic absence from 18% to 12% by December 2027", slots)
    say_at_step("done", slots)
    run(ActionChangeAnswer(), tracker("move the goal date to June 2028", "change_answer", slots=slots))
    with session_scope(database_url) as session:
        saved = session.scalar(select(StepAnswer.answer).where(StepAnswer.step_id == "common_goals"))
    assert "30 June 2028" in saved and "2027" not in saved


def test_a_long_statement_the_model_reads_as_a_skip_is_the_steps_answer():
    from bot.actions.coaching import is_interruption
    said = {"text": "LT lukewarm, sgts skeptical, nobody briefed yet", "intent": {"name": "skip_step", "confidence": 0.9}}
    assert not is_interruption(said)
    assert is_interruption({"text": "skip this one for now", "intent": {"name": "skip_step", "confidence": 0.9}})


def test_news_at_the_stakeholders_step_is_never_a_stakeholder(database_url):
    slots = at_stakeholders(database_url)
    for said, intent in (("email dr okafor tomorrow morning", "make_commitment"),
                         ("ok emailed okafor", "complete_commitment")):
        texts = say_at_step(said, {**slots, "last_topic": "step:stakeholders"}, intent=intent, confidence=0.9)
        assert not any(t.startswith("Added stakeholder") for t in texts)
    assert organisations(database_url) == []


def test_yes_to_the_draft_offer_drafts_the_agreement_and_leaves_its_items_open(database_url):
    slots = start()
    with session_scope(database_url) as session:
        session.scalar(select(Partnership)).current_step = "formal_agreement"
    assert "Red flag, nothing in writing" in say_at_step("no mou yet", slots)[0]  # and the draft is offered
    texts = say_at_step("yes pls", slots)
    assert "TO COMPLETE" in texts[0] and texts[1].startswith("That's the draft")
    with session_scope(database_url) as session:
        partnership = session.scalar(select(Partnership))
        assert partnership.current_step == "review"
        assert {s.item_id: s.state for s in partnership.checklist_items}.get("mou_purpose_roles") != "done"


def test_a_partner_named_with_w_slash_is_read():
    from bot.actions.coaching import partner_and_topic
    assert partner_and_topic("w/ st marys hospital on mental health calls") == ("st marys hospital", "mental health calls")
    assert partner_and_topic("start a partnership w the housing authority") == ("housing authority", None)


def test_done_at_the_stakeholders_step_ends_it_even_when_read_as_a_completion(database_url):
    slots = at_stakeholders(database_url)
    say_at_step("Mercy Hospital ER, contact Dr Okafor", slots)
    _, _, events = run(ValidateCoachingForm(), tracker(
        "done", "complete_commitment", confidence=0.9,
        slots={**slots, "requested_slot": "step_answer", "last_topic": "step:stakeholders"},
        active_loop="coaching_form"))
    with session_scope(database_url) as session:
        partnership = session.scalar(select(Partnership))
        assert [a.step_id for a in partnership.answers if a.step_id == "stakeholders"] == ["stakeholders"]
        assert partnership.follow_up_item == "stakeholder_types_checked"  # the step's one follow-up comes next


def test_a_question_inside_a_longer_message_is_a_question():
    assert is_question("before I answer, what counts as evidence? we have CAD data but it's messy")
    assert is_question("does HIPAA stop the county from sharing client info with us? that's legal's big worry")
    assert not is_question("Mercy? yes they're in")
    assert not is_question("LT said ok, can you draft it? thanks")


def test_undoing_an_undo_puts_the_record_back_and_a_mid_sentence_delete_never_guesses(database_url):
    slots = at_stakeholders(database_url)
    say_at_step("Lincoln High, contact Principal Diaz", slots, intent="inform", confidence=0.9)
    run(ActionUndo(), tracker("undo that", "undo", slots=slots))
    assert organisations(database_url) == []
    texts, _, _ = run(ActionUndo(), tracker("undo that", "undo", slots=slots))
    assert texts == ['Put back the stakeholder "Lincoln High".']
    assert organisations(database_url) == ["Lincoln High"]
    texts, buttons, _ = run(ActionUndo(), tracker("theres 2 of them, delete the empty one", "undo", slots=slots))
    assert texts[0].startswith("Which one should I remove? Nothing has been removed yet.")
    assert organisations(database_url) == ["Lincoln High"]


def test_corrections_said_naturally_are_routed_to_the_change():
    from bot.questions import request_action
    for said in ("actually make that December", "rename Parks and Rec dept to City Parks", "contact at the DA is ADA Patel",
                 "change the partner to Oakwood Senior Center", "call it Mercy ER handoffs"):
        assert request_action(said) == "action_change_answer", said
    assert request_action("Mercy Hospital, contact Dr Okafor") is None


def test_remarks_at_the_stakeholders_step_are_never_stakeholders(database_url):
    slots = at_stakeholders(database_url)
    say_at_step("Mercy Hospital ER, contact Dr Okafor", slots)
    for remark in ("u missed LT brandt", "thats 2 diff ppl. fix", "wait it says no contact for the church, its pastor tom",
                   "no thats wrong"):
        [reply] = say_at_step(remark, slots)
        assert reply.startswith("I didn't add that as a stakeholder: it reads like a remark")
        assert "So far: Mercy Hospital ER (contact: Dr Okafor; needs not noted)." in reply
    assert organisations(database_url) == ["Mercy Hospital ER"]


def test_two_stakeholders_in_one_message_are_both_added_with_their_contacts(database_url):
    slots = at_stakeholders(database_url)
    texts = say_at_step("truancy office, contact Mr Alvarez attendance dir. also Jefferson Middle principal Kim", slots)
    assert texts[0].startswith("Added stakeholder: truancy office (contact: Mr Alvarez attendance dir")
    assert texts[1].startswith("Added stakeholder: Jefferson Middle (contact: Principal Kim;")
    assert organisations(database_url) == ["truancy office", "Jefferson Middle"]


def test_a_hedged_contact_is_kept_as_not_confirmed(database_url):
    slots = at_stakeholders(database_url)
    [reply] = say_at_step("county mobile crisis team - contact prob Dr. Okafor", slots)
    assert reply.startswith("Added stakeholder: county mobile crisis team (contact: Dr. Okafor (not confirmed);")


def test_a_dated_promise_at_a_list_step_is_a_commitment_not_an_item(database_url):
    slots = at_stakeholders(database_url)
    texts = say_at_step("yes long term. ok ill meet alvarez by dec 10", slots)
    assert texts[0].startswith("Also on your commitments: meet alvarez, by ")
    assert texts[1].startswith("I didn't add that as a stakeholder")
    assert organisations(database_url) == []


def test_done_with_more_words_finishes_the_list_and_says_the_rest_was_not_added(database_url):
    slots = at_stakeholders(database_url)
    say_at_step("Mercy Hospital ER, contact Dr Okafor", slots)
    texts = say_at_step("done. goals: truancy citations down 30% by june", slots)
    assert texts[0] == ("I'll keep \"goals: truancy citations down 30% by june\" out of the stakeholders; "
                        "give it again when I ask for it.")
    assert texts[1].startswith("Saved for stakeholders.")
    assert organisations(database_url) == ["Mercy Hospital ER"]


def test_yes_typed_to_should_i_save_saves_it_as_the_button_would(database_url):
    from bot.actions.affirm import ActionAffirm
    slots = start()
    asked = tracker("the ER charge nurse keeps changing", "report_blocker", confidence=0.55, slots=slots)
    texts, buttons, _ = run(ActionReportProgress(), asked)
    assert count(database_url, ProgressNote) == 0
    yes = tracker("yes", "affirm", slots=slots)
    yes.events[:0] = [*asked.events, {"event": "bot", "text": texts[0], "data": {"buttons": buttons}}]
    texts, _, _ = run(ActionAffirm(), yes)
    assert texts[0].startswith("Noted the blocker on the ")
    with session_scope(database_url) as session:
        assert [n.text for n in session.scalars(select(ProgressNote))] == ["the ER charge nurse keeps changing"]


def test_yes_hands_each_confirmable_save_to_the_action_of_that_name():
    from bot.actions.affirm import SAVES_WITH, action_named
    for name in set(SAVES_WITH.values()):
        assert action_named(name).name() == name


def test_yes_with_nothing_asked_says_so(database_url):
    from rasa_sdk.executor import CollectingDispatcher

    from bot.actions.affirm import ActionAffirm
    dispatcher = CollectingDispatcher()
    assert ActionAffirm().run(dispatcher, tracker("yes", "affirm"), {}) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_affirm_nothing_pending"]


def test_a_promise_inside_a_blocker_goes_on_the_commitments_and_out_of_the_blocker(database_url):
    from bot.store.models import Commitment
    slots = start()
    texts, _, _ = run(ActionReportProgress(), tracker(
        "also i'll pull 6 months of CAD data on hold times by Dec 30. blocker: ER legal says they cant share patient data",
        "report_blocker", slots=slots))
    assert texts[0].startswith("Noted the blocker on the ")
    assert "Also on your commitments: pull 6 months of CAD data on hold times, by " in texts[0]
    with session_scope(database_url) as session:
        assert [c.text for c in session.scalars(select(Commitment))] == ["pull 6 months of CAD data on hold times"]
        assert [n.text for n in session.scalars(select(ProgressNote))] == [
            "ER legal says they cant share patient data"]  # the label is not kept
