"""What is said while a step's question waits but is not its answer: interjections and
complaints, news (a goal's figure, a blocker resolved, a commitment done or promised),
list-step housekeeping, and a switch to another partnership. None is saved as the answer."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.actions.coaching import ActionStartPartnership, ValidateCoachingForm
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
