"""What is said while a step's question waits but is not its answer: interjections and
complaints, news (a goal's figure, a blocker resolved, a commitment done or promised),
list-step housekeeping, a goal or a blocker said at another step, a correction of the
partner, and a switch to another partnership. None is saved as the answer."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.actions.coaching import ActionStartPartnership, ValidateCoachingForm, partner_and_topic
from bot.store.db import session_scope
from bot.store.models import Commitment, Goal, Partnership, ProgressNote, Stakeholder
from tests.support.trackers import run, slot_events, tracker


def start(partner="Mercy Hospital", step=None, database_url=None) -> dict:
    _, _, events = run(ActionStartPartnership(), tracker(f"start a partnership with {partner}", "start_partnership"))
    if step:
        with session_scope(database_url) as session:
            session.scalar(select(Partnership).where(Partnership.partner == partner)).current_step = step
    return slot_events(events)


def say_at_step(text: str, slots: dict, intent="nlu_fallback", confidence=0.4, last_topic=None):
    texts, buttons, events = run(ValidateCoachingForm(), tracker(
        text, intent, confidence=confidence, active_loop="coaching_form",
        slots={**slots, "requested_slot": "step_answer", "last_topic": last_topic}))
    return texts, buttons, slot_events(events)


def stakeholder_rows(database_url) -> list[tuple[str, str | None]]:
    with session_scope(database_url) as session:
        return [(s.organisation, s.contact) for s in session.scalars(select(Stakeholder).order_by(Stakeholder.id))]


def current_step(database_url, partner="Mercy Hospital") -> str | None:
    with session_scope(database_url) as session:
        return session.scalar(select(Partnership.current_step).where(Partnership.partner == partner))


def test_a_title_with_a_dot_does_not_split_a_stakeholder(database_url):
    slots = start(step="stakeholders", database_url=database_url)
    say_at_step("Eastside SD, contact Supt. Karen Lowe, needs attendance data", slots, last_topic="step:stakeholders")
    assert stakeholder_rows(database_url) == [("Eastside SD", "Supt. Karen Lowe")]


def test_done_with_stakeholders_finishes_the_list(database_url):
    slots = start(step="stakeholders", database_url=database_url)
    say_at_step("Eastside SD, contact Supt. Karen Lowe", slots, last_topic="step:stakeholders")
    texts, _, _ = say_at_step("done w stakeholders", slots, "complete_commitment", 0.77, "step:stakeholders")
    assert stakeholder_rows(database_url) == [("Eastside SD", "Supt. Karen Lowe")]
    assert texts[0].startswith("Saved for stakeholders")


def answers(database_url) -> list:
    with session_scope(database_url) as session:
        return [(a.step_id, a.answer, a.status) for a in session.scalar(select(Partnership)).answers]


def test_interjections_and_complaints_are_not_saved_and_the_step_stays(database_url):
    slots = start(step="resources", database_url=database_url)
    for said in ("ugh", "whatever", "this is useless", "ugh this is pointless"):
        texts, _, filled = say_at_step(said, slots)
        assert texts == ["I didn't save that for resources. Say \"skip\" to move on, \"what's next?\" to see "
                         "where you are, or \"stop\" to leave it for now."], said
        assert filled["step_answer"] is None
    texts, _, _ = say_at_step("never mind", slots, "deny", 0.7)
    assert texts == ["OK, nothing saved; resources is as it was."]
    assert answers(database_url) == [] and current_step(database_url) == "resources"


def test_never_mind_at_a_list_step_adds_nothing(database_url):
    slots = start(step="stakeholders", database_url=database_url)
    say_at_step("ugh", slots, last_topic="step:stakeholders")
    say_at_step("never mind", slots, "deny", 0.7, last_topic="step:stakeholders")
    assert stakeholder_rows(database_url) == []


def test_a_promise_with_a_past_date_is_a_commitment_not_the_answer(database_url):
    from bot.actions.commitments import ActionMakeCommitment
    slots = start(step="buy_in", database_url=database_url)
    said = "ill email AP gomez the referral form by yesterday lol"
    texts, _, filled = say_at_step(said, slots, "make_commitment", 0.56)
    assert texts == [] and "step_answer" not in filled  # left to the commitment's own action
    texts, _, _ = run(ActionMakeCommitment(), tracker(said, "make_commitment", confidence=0.56, slots=slots))
    assert texts[0].startswith("Should I save")  # unsure, as any commitment: confirmed first
    texts, _, events = run(ActionMakeCommitment(), tracker(said, "make_commitment", slots=slots))
    assert "has already passed" in texts[0]
    assert slot_events(events)["commitment_task"] == "email AP gomez the referral form"
    assert answers(database_url) == []


@pytest.mark.parametrize("said", ["oh and I'll email the hospital CEO by monday", "btw, call legal by friday",
                                  "ok so ill brief roll call tmrw"])
def test_a_promise_after_a_few_words_during_a_step_is_a_commitment_not_the_answer(database_url, said):
    slots = start(step="partnership_or_assignment", database_url=database_url)
    texts, _, filled = say_at_step(said, slots, "make_commitment", 0.9)
    assert texts == [] and "step_answer" not in filled  # left to the commitment's own action
    assert answers(database_url) == []


def with_goals_and_blockers(database_url) -> None:
    with session_scope(database_url) as session:
        partnership = session.scalar(select(Partnership))
        partnership.goals += [Goal(description="handoff", measure="ER handoff time", baseline="3.5", target="1",
                                   unit="hours"),
                              Goal(description="shoplifting", measure="shoplifting calls downtown", baseline="140",
                                   target="90", unit="calls a month")]
        partnership.progress_notes += [ProgressNote(text="legal won't sign the MOU", kind="blocker",
                                                    author_id=partnership.owner_id),
                                       ProgressNote(text="the hospital won't share patient data", kind="blocker",
                                                    author_id=partnership.owner_id)]


def notes(database_url) -> list[tuple[str, str, bool, str | None]]:
    with session_scope(database_url) as session:
        return [(n.kind, n.text, n.handled_at is not None, session.get(Goal, n.goal_id).measure if n.goal_id else None)
                for n in session.scalars(select(ProgressNote).order_by(ProgressNote.id))]


def test_a_figure_on_a_goal_said_during_a_step_is_progress_on_that_goal(database_url):
    slots = start(step="resources", database_url=database_url)
    with_goals_and_blockers(database_url)
    texts, _, filled = say_at_step("handoff times at 2.9 hrs this month", slots, "report_progress", 0.99)
    assert texts[0].startswith('Noted on the goal "') and "(I didn't take that as the answer to resources.)" in texts[0]
    assert filled["step_answer"] is None
    say_at_step("shoplifting calls downtown at 99/mo this month", slots, "report_progress", 0.99)
    assert [n[3] for n in notes(database_url) if n[0] == "progress"] == ["ER handoff time", "shoplifting calls downtown"]
    assert answers(database_url) == []


def test_a_blocker_said_to_be_over_during_a_step_is_marked_handled(database_url):
    slots = start(step="buy_in", database_url=database_url)
    with_goals_and_blockers(database_url)
    texts, _, _ = say_at_step("legal finally signed off, that blocker is done", slots, "complete_commitment", 0.97)
    assert texts[0].startswith("Marked the blocker \"legal won't sign the MOU\" handled")
    say_at_step("the data sharing blocker is resolved", slots, "report_blocker", 0.8)
    assert [n[2] for n in notes(database_url)] == [True, True]
    assert answers(database_url) == []


def test_done_with_a_commitment_during_a_step_completes_it(database_url):
    from bot.actions.commitments import ActionMakeCommitment
    slots = start(step="buy_in", database_url=database_url)
    run(ActionMakeCommitment(), tracker("I'll draft the MOU by Friday", "make_commitment", slots=slots))
    texts, _, _ = say_at_step("done w/ the MOU draft", slots, "complete_commitment", 0.96)
    assert texts[0].startswith("Marked done: draft the MOU.")
    with session_scope(database_url) as session:
        assert session.scalar(select(Commitment.status)) == "done"
    assert answers(database_url) == []


def test_never_mind_remove_a_stakeholder_removes_it_and_adds_nothing(database_url):
    from bot.actions.undo import ActionUndo
    slots = start(step="stakeholders", database_url=database_url)
    say_at_step("Probation, contact Officer Hale", slots, last_topic="step:stakeholders")
    say_at_step("Eastside SD, contact Supt. Karen Lowe", slots, last_topic="step:stakeholders")
    texts, _, filled = say_at_step("never mind remove probation", slots, "undo", 0.68, "step:stakeholders")
    assert texts == [] and "step_answer" not in filled  # left to the undo action
    texts, _, _ = run(ActionUndo(), tracker("never mind remove probation", "undo", confidence=0.68, slots=slots))
    assert texts[0].startswith('Removed the stakeholder "Probation".')
    assert stakeholder_rows(database_url) == [("Eastside SD", "Supt. Karen Lowe")]


def test_switching_partnership_by_asking_continues_at_its_step(database_url):
    start("County Housing Authority", step="resources", database_url=database_url)
    slots = start(step="stakeholders", database_url=database_url)
    for said, intent in (("switch to housing authority", "nlu_fallback"),
                         ("lets work on the county housing authority partnership", "start_partnership"),
                         ("switch to the county housing authority partnership", "nlu_fallback")):
        texts, _, filled = say_at_step(said, slots, intent, 0.5, "step:stakeholders")
        assert texts[0].startswith("Switched to the County Housing Authority partnership."), said
        assert filled["partner_name"] == "County Housing Authority" and filled["step_answer"] is None
        assert filled["partnership_id"] != slots["partnership_id"]
    assert stakeholder_rows(database_url) == [] and answers(database_url) == []
    assert current_step(database_url, "County Housing Authority") == "resources"


def test_how_to_switch_partnership_is_explained_and_nothing_saved(database_url):
    start("County Housing Authority", database_url=database_url)
    slots = start(step="resources", database_url=database_url)
    texts, buttons, filled = say_at_step("how do i switch between my partnerships", slots, "ask_factor", 0.52)
    assert texts[0].startswith("You're on the Mercy Hospital partnership. To work on another, say \"switch to\"")
    assert buttons == [{"title": "County Housing Authority", "payload": "switch to County Housing Authority"}]
    assert filled["step_answer"] is None and answers(database_url) == []


def test_a_late_answer_to_the_step_before_is_not_a_stakeholder(database_url):
    slots = start(step="stakeholders", database_url=database_url)
    texts, _, _ = say_at_step("ya joint attendance team, district + us decide together", slots,
                              last_topic="step:stakeholders")
    assert texts[0].startswith("I didn't add that as a stakeholder")
    assert stakeholder_rows(database_url) == []


def test_switching_partnership_outside_a_step_goes_to_its_step(database_url):
    from bot.actions.changes import ActionChangeAnswer
    from bot.actions.coaching import ActionNextStep
    from bot.actions.knowledge_answers import ActionFactor
    housing = start("County Housing Authority", step="resources", database_url=database_url)
    slots = start(database_url=database_url)
    _, _, events = run(ActionChangeAnswer(), tracker("switch to housing authority", "change_answer", slots=slots))
    assert events == [{"event": "followup", "name": "action_next_step", "timestamp": None}]
    texts, _, events = run(ActionNextStep(), tracker("switch to housing authority", "change_answer", slots=slots))
    assert texts[0].startswith("Partnership with County Housing Authority")
    assert slot_events(events)["partnership_id"] == housing["partnership_id"]
    assert events[-1] == {"event": "followup", "name": "coaching_form", "timestamp": None}  # its step is asked next
    _, _, events = run(ActionFactor(), tracker("how do i switch between my partnerships", "ask_factor",
                                                     confidence=0.52, slots=slots))
    assert events[0]["name"] == "action_next_step"
    texts, buttons, _ = run(ActionNextStep(), tracker("how do i switch between my partnerships", "ask_factor",
                                                      slots=slots))
    assert texts == ["You're on the Mercy Hospital partnership. To work on another, say \"switch to\" and its name. "
                     "Your others: County Housing Authority."]


def test_a_blocker_said_to_be_over_is_marked_handled_when_read_as_undo(database_url):
    from bot.actions.undo import ActionUndo
    from bot.store.models import ProgressNote
    from tests.support.coaching import start
    from tests.support.trackers import run, tracker

    slots = start("I want to start a partnership with Mercy Hospital")
    with session_scope(database_url) as session:
        partnership = session.scalar(select(Partnership))
        session.add(ProgressNote(partnership_id=partnership.id, author_id=partnership.owner_id, kind="blocker",
                                 text="hospital legal wont sign the data sharing agreement"))
    texts, _, _ = run(ActionUndo(), tracker("legal finally signed off, that blocker is done", "undo", slots=slots))
    assert texts[0].startswith('Marked the blocker "hospital legal wont sign the data sharing agreement" handled')
    with session_scope(database_url) as session:
        assert session.scalar(select(ProgressNote)).handled_at is not None


# Play-test findings: news, requests and corrections said at a step go where they belong, never
# saved as its answer; a goal refused for a missing part is completed by a reply giving that part.
WAITS = "(I didn't take that as the answer to {}.)"


def goal_rows(database_url) -> list[tuple]:
    with session_scope(database_url) as session:
        return [(g.measure, g.baseline, g.target, g.target_date.isoformat() if g.target_date else None)
                for g in session.scalars(select(Goal).order_by(Goal.id))]


@pytest.mark.parametrize("said, step, name", [
    ("report a blocker: district legal holding up data sharing (FERPA)", "buy_in", "buy-in through the chain of command"),
    ("blocker: county cut the clinician", "resources", "resources"),
    ("log an issue - the union wants a say on overtime", "formal_agreement", None),
])
def test_an_explicit_blocker_is_recorded_at_any_step(database_url, said, step, name):
    slots = start(step=step, database_url=database_url)
    texts, _, filled = say_at_step(said, slots, "report_blocker", 0.9)
    assert texts[0].startswith("Noted the blocker on the") and "(I didn't take that as the answer to" in texts[0]
    assert filled["step_answer"] is None
    assert [n[0] for n in notes(database_url)] == ["blocker"]
    assert answers(database_url) == []


@pytest.mark.parametrize("said", [
    "add a goal: BID pedestrian counts 8000/wk to 9000/wk by dec 2027",
    "new goal - BID pedestrian counts from 8000/wk to 9000/wk by dec 2027",
    "goal: BID pedestrian counts 8000/wk to 9000/wk by dec 2027",
    "increase BID pedestrian counts from 8000/wk to 9000/wk by dec 2027",
])
def test_a_goal_said_at_another_step_goes_on_the_goals_and_the_step_waits(database_url, said):
    slots = start(step="resources", database_url=database_url)
    texts, _, filled = say_at_step(said, slots, "make_commitment", 0.5)
    assert texts[0].startswith("Added goal: BID pedestrian counts") and texts[-1] == WAITS.format("resources")
    assert filled["step_answer"] is None
    assert goal_rows(database_url) == [("BID pedestrian counts", "8000", "9000", "2027-12-31")]
    assert answers(database_url) == []


def test_a_goal_asked_for_at_the_goals_step_is_added_without_its_label(database_url):
    slots = start(step="common_goals", database_url=database_url)
    texts, _, _ = say_at_step("add a goal: BID pedestrian counts 8000/wk to 9000/wk by dec 2027", slots,
                              last_topic="step:common_goals")
    assert texts[0].startswith("Added goal: BID pedestrian counts")
    assert goal_rows(database_url) == [("BID pedestrian counts", "8000", "9000", "2027-12-31")]


def test_figures_at_the_review_step_are_not_taken_for_a_new_goal(database_url):
    slots = start(step="review", database_url=database_url)
    texts, _, _ = say_at_step("reviewed in sept: repeat calls from 40 to 28 by june 2027, on track", slots)
    assert texts[0].startswith("Saved for ") and goal_rows(database_url) == []


def test_a_goal_without_numbers_at_another_step_is_offered_as_a_draft_not_saved_as_the_answer(database_url):
    slots = start(step="facilitators_barriers", database_url=database_url)
    texts, buttons, filled = say_at_step("cut burglaries by a third by dec 2027", slots)
    assert texts[0].startswith("That reads like a goal, but it isn't measurable yet.")
    assert texts[-1] == WAITS.format("facilitators and barriers")
    assert buttons[0]["payload"] == "draft goal: cut burglaries by a third by dec 2027"
    texts, _, _ = say_at_step("draft goal: cut burglaries by a third by dec 2027", slots)
    assert texts[0].startswith("Kept as a draft goal")
    assert answers(database_url) == [] and filled["step_answer"] is None


@pytest.mark.parametrize("said, step", [
    ("district lawyer is holding up the data sharing over FERPA", "resources"),
    ("county legal won't sign off on the data piece", "formal_agreement"),
    ("the DA's office is sitting on the diversion referrals", "buy_in"),
])
def test_a_blocker_shaped_statement_is_offered_as_a_blocker_not_saved(database_url, said, step):
    slots = start(step=step, database_url=database_url)
    texts, buttons, filled = say_at_step(said, slots)
    assert texts[0].startswith("That sounds like a blocker. Shall I record it as one? (I didn't take that")
    assert buttons[0] == {"title": "Record it as a blocker", "payload": f"blocker: {said}"}
    assert filled["step_answer"] is None and answers(database_url) == [] and notes(database_url) == []
    texts, _, _ = say_at_step(buttons[0]["payload"], slots)
    assert [n[0] for n in notes(database_url)] == ["blocker"]


def test_a_blocker_said_as_the_answer_can_still_be_kept_as_the_answer(database_url):
    slots = start(step="resources", database_url=database_url)
    _, buttons, _ = say_at_step("finance is holding up the overtime money", slots)
    texts, _, _ = say_at_step(buttons[1]["payload"], slots)
    assert texts[0].startswith("Saved for resources")
    assert answers(database_url)[0][:2] == ("resources", "finance is holding up the overtime money")


@pytest.mark.parametrize("said, step, name", [
    ("county legal is holding up the data sharing", "facilitators_barriers", "facilitators and barriers"),
    ("the property manager won't allow cameras, so the lot stays dark after 10", "problem", "the common problem"),
])
def test_a_refusal_at_the_barriers_or_problem_step_is_its_answer(database_url, said, step, name):
    slots = start(step=step, database_url=database_url)
    texts, _, _ = say_at_step(said, slots)
    assert texts[0].startswith(f"Saved for {name}")


def test_figures_as_of_today_on_goals_are_progress(database_url):
    slots = start(step="review", database_url=database_url)
    with session_scope(database_url) as session:
        partnership = session.scalar(select(Partnership))
        partnership.goals += [Goal(description="warrants", measure="open warrants", baseline="400", target="250"),
                              Goal(description="addresses", measure="bad address rate", baseline="60%", target="30%")]
    texts, buttons, filled = say_at_step("warrants at 270 as of today, bad addr rate 52%", slots)
    assert texts[0].startswith("Noted on the") and texts[0].endswith(WAITS.format("review"))
    assert [b["title"] for b in buttons][-1] == "None of these"
    assert [n[0] for n in notes(database_url)] == ["progress"] and answers(database_url) == []


@pytest.mark.parametrize("said", ["no the partner is county probation, SO is us", "the partner is county probation"])
def test_a_correction_of_the_partner_is_not_the_answer(database_url, said):
    slots = start(step="problem", database_url=database_url)
    texts, buttons, filled = say_at_step(said, slots)
    assert texts[0] == (WAITS.format("the common problem") + " To change the partner, say \"change the partner "
                        "to county probation\".")
    assert buttons[0]["payload"] == "change the partner to county probation"
    assert filled["step_answer"] is None and answers(database_url) == []


def test_a_record_said_to_belong_to_another_partnership_is_not_the_answer(database_url):
    slots = start(step="problem", database_url=database_url)
    texts, _, filled = say_at_step("that dana one is for the mercy partnership not 988", slots)
    assert texts[0].startswith(WAITS.format("the common problem") + " To move a commitment, say \"move the "
                               "<commitment> commitment to the mercy partnership\".")  # commitments can be moved
    assert "\"switch to mercy\"" in texts[0]
    assert answers(database_url) == []


@pytest.mark.parametrize("said", ["done w stakeholders", "done with the goals", "stakeholders r done",
                                  "the goals are all in"])
def test_done_with_a_list_at_another_step_says_where_things_stand(database_url, said):
    slots = start(step="resources", database_url=database_url)
    texts, _, filled = say_at_step(said, slots, "complete_commitment", 0.8)
    assert texts[0].startswith("There are no ") and "yet: say \"go back to" in texts[0]  # none saved yet
    assert "We're on resources now." in texts[0]
    assert filled["step_answer"] is None and answers(database_url) == []


@pytest.mark.parametrize("promise, news", [
    ("I'll get capt O's sign off by Friday", "btw capt O signed off on jenkins today and lee agreed the 3 goals"),
    ("I'll get the MOU draft to legal by Friday", "fyi legal got back on the MOU draft today, all good"),
])
def test_news_at_the_agreement_step_completes_the_commitment_and_is_not_the_answer(database_url, promise, news):
    from bot.actions.commitments import ActionMakeCommitment
    slots = start(step="formal_agreement", database_url=database_url)
    run(ActionMakeCommitment(), tracker(promise, "make_commitment", slots=slots))
    texts, _, filled = say_at_step(news, slots, "complete_commitment", 0.9)
    assert texts[0].startswith("Marked done: get") and texts[0].endswith("(I didn't take that as the answer to "
                                                                          "formal agreement and feedback loop.)")
    with session_scope(database_url) as session:
        assert session.scalar(select(Commitment.status)) == "done"
    assert filled["step_answer"] is None and answers(database_url) == []


@pytest.mark.parametrize("said, partner, topic", [
    ("sgt w/ county SO here. want to set up formal partnership w/ county probation dept re: absconders…",
     "county probation dept", "absconders…"),
    ("lt with the PD here, looking to partner with Mercy Hospital on ER handoffs", "Mercy Hospital", "ER handoffs"),
    ("sgt with county SO here, want to work with county probation on absconders", "county probation", "absconders"),
    ("I want to start a partnership with the school district on truancy", "school district", "truancy"),
])
def test_the_partner_is_the_one_after_partnership_with_not_the_speakers_agency(said, partner, topic):
    assert partner_and_topic(said) == (partner, topic)


def reply_to_refusal(goal: str, reply: str, slots: dict) -> list[str]:
    """Say `goal` at the goals step, then `reply` to what the coach said about it."""
    refused, _, _ = say_at_step(goal, slots, last_topic="step:common_goals")
    follow = tracker(reply, "report_progress", confidence=0.7, active_loop="coaching_form",
                     slots={**slots, "requested_slot": "step_answer", "last_topic": "step:common_goals"},
                     extracted={"step_answer": reply})
    follow.events[:0] = [{"event": "user", "text": goal}, {"event": "bot", "text": refused[0]},
                         {"event": "bot", "text": "Step 4 of 9: Common goals\nAdd another goal, or say \"done\"."}]
    # the form asks its question again after the refusal, as it does in a conversation
    texts, _, _ = run(ValidateCoachingForm(), follow)
    return [refused[0], *texts]


@pytest.mark.parametrize("goal, reply", [
    ("cut burglaries in the north end by may 2027", "ok ~26 a month now, want it at 18 by may"),
    ("cut burglaries in the north end by may 2027", "26 a month now, want it at 18"),
    ("reduce burglaries in the north end", "ok ~26 a month now, want it at 18 by may 2027"),
])
def test_numbers_alone_after_a_goal_refused_for_its_number_complete_that_goal(database_url, goal, reply):
    slots = start(step="common_goals", database_url=database_url)
    refused, added = reply_to_refusal(goal, reply, slots)
    assert refused.startswith("A goal needs a number for burglaries in the north end")
    assert added.startswith("Added goal: burglaries in the north end")
    assert goal_rows(database_url) == [("burglaries in the north end", "26", "18", "2027-05-31")]


@pytest.mark.parametrize("reply", ["same date", "ok same date", "same as the last one"])
def test_same_date_after_a_goal_refused_for_its_date_takes_the_previous_goals_date(database_url, reply):
    slots = start(step="common_goals", database_url=database_url)
    say_at_step("repeat calls from 40 to 20 a month by dec 2027", slots, last_topic="step:common_goals")
    refused, added = reply_to_refusal("ER handoff time from 3.5 hours to 1 hour", reply, slots)
    assert refused.startswith("By when?")
    assert added.startswith("Added goal: ER handoff time")
    measure, _, _, when = goal_rows(database_url)[1]
    assert (measure, when) == ("ER handoff time", "2027-12-31")


def test_a_goal_cut_by_half_at_another_step_is_added(database_url):
    slots = start(step="facilitators_barriers", database_url=database_url)
    texts, _, filled = say_at_step("cut burglaries by half by dec 2027", slots)
    assert texts[0].startswith("Added goal: burglaries: down 50% by")
    assert answers(database_url) == [] and filled["step_answer"] is None


@pytest.mark.parametrize("said", ["go to formal agreement", "jump to the common goals", "go to the written agreement"])
def test_going_to_a_step_named_in_full_is_not_the_last_steps_answer(database_url, said):
    slots = start(step="review", database_url=database_url)
    texts, _, filled = say_at_step(said, slots, "change_answer", 0.6)
    assert texts == [] and "step_answer" not in filled  # left to the step navigation
    assert answers(database_url) == []


def test_a_figure_as_of_today_at_the_goals_step_is_progress_on_its_goal(database_url):
    slots = start(step="common_goals", database_url=database_url)
    with_goals_and_blockers(database_url)
    texts, _, filled = say_at_step("shoplifting calls at 120 as of today", slots)
    assert texts[0].startswith("Noted on the goal")
    assert "step_answer" in filled and filled["step_answer"] is None
    with session_scope(database_url) as session:
        assert [g.measure for g in session.scalars(select(Goal))] == ["ER handoff time", "shoplifting calls downtown"]
        assert [n.text for n in session.scalars(select(ProgressNote).where(ProgressNote.kind == "progress"))] == [
            "shoplifting calls at 120 as of today"]


@pytest.mark.parametrize("said", ["not yet. can u give me a template? what needs to be in it for CJIS",
                                  "is there an MOU template", "pls send me a sample"])
def test_asking_for_a_template_at_the_agreement_step_gets_the_draft_not_a_saved_answer(database_url, said):
    from bot.questions import request_action
    assert request_action(said) == "action_draft_agreement"
    slots = start(step="formal_agreement", database_url=database_url)
    texts, _, filled = say_at_step(said, slots, "ask_next_step", 0.5)
    assert "step_answer" not in filled or filled["step_answer"] is None
    assert answers(database_url) == []


def test_done_with_a_list_that_has_nothing_yet_says_how_to_add_to_it(database_url):
    slots = start(step="buy_in", database_url=database_url)
    texts, _, _ = say_at_step("stakeholders r done", slots)
    assert texts[0].startswith("There are no stakeholders yet: say \"go back to stakeholders\" to add them.")
