"""Conversations as supervisors really hold them (typos, shorthand, questions mid-step,
changes of mind), through the real engine and action server. Each checks what the
coach said and what it kept: red flags caught with their reason, one follow-up asked,
"move on" honoured, and nothing junk stored."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import step_review
from bot.store.db import session_scope
from bot.store.models import Commitment, Partnership, Person

pytestmark = pytest.mark.integration


def records(conversation):
    """(partnership, its item states, its stakeholders, its blockers, the person's open commitments)."""
    with session_scope(conversation.stack.settings.database_url) as session:
        person = session.scalar(select(Person).where(Person.external_id == conversation.user))
        partnership = session.scalar(select(Partnership).where(Partnership.owner_id == person.id)
                                     .order_by(Partnership.id.desc()))
        states = step_review.states(partnership) if partnership else {}
        stakeholders = [s.organisation for s in partnership.stakeholders] if partnership else []
        blockers = [n.text for n in partnership.progress_notes if n.kind == "blocker"] if partnership else []
        commitments = [c.text for c in session.scalars(select(Commitment).where(
            Commitment.owner_id == person.id, Commitment.status == "open"))]
        current = (partnership.current_step, partnership.follow_up_item, partnership.kind) if partnership else None
        return current, states, stakeholders, blockers, commitments


def begin_at_resources(say):
    say("chief wants me to set up a partnership with mercy hospital on repeat mental health crisis calls")
    say("1,150 crisis calls to the mercy ER last yr per CAD, officers wait 3.5 hrs per handoff, ER director agreed")
    say("formal partnership, we decide together under an MOU, long term, neither of us can fix it alone")
    say("Mercy Hospital ER, contact Dr Okafor, needs shorter handoffs")
    say("done")
    say("ER handoff time from 3.5 hrs to 1 hr by june 2027")
    say("done")
    say("move on")


def test_money_later_is_a_red_flag_with_the_studys_reason(conversation):
    say = conversation.say
    begin_at_resources(say)
    replies = say("no budget, the chief said we'd figure out funding once the hospital is on board")
    assert "Red flag, resources promised for later" in replies and "before engaging" in replies
    assert "Who can commit what, in hours and money, before you approach them?" in replies
    (step, follow_up, _), states, *_ = records(conversation)
    assert (step, follow_up) == ("resources", "resources_listed")
    assert states["resources_signed_off"] == "at risk"


def test_lukewarm_buy_in_is_caught_and_later_moves_on(conversation):
    say = conversation.say
    begin_at_resources(say)
    say("2 officers 10 hrs a week, approved by capt brooks, in next year's budget too")
    replies = say("LT lukewarm, sgts skeptical, nobody briefed yet")
    assert "Red flag, supervisors lukewarm or unbriefed" in replies and "same level of buy-in" in replies
    replies = say("later")
    assert "stays open on the checklist" in replies and "Step 7 of 9" in replies
    _, states, *_ = records(conversation)
    assert states["chain_briefed"] == "at risk" and states["resources_signed_off"] == "done"


def test_an_officer_posted_at_the_er_is_an_assignment_and_can_be_recorded_as_one(conversation):
    say = conversation.say
    say("need to partner with the county library on teens hanging out after close")
    say("teens loitering at the main library after 8pm, 40 calls since sept per CAD, the director agreed")
    replies = say("honestly the plan is we'll post an officer at the library evenings")
    assert "Red flag, an assignment called a partnership" in replies
    assert "Do you want to make it a partnership?" in replies
    replies = say("no")
    assert "as an assignment, not a partnership" in replies and "Open items" not in replies
    (step, _, kind), *_ = records(conversation)
    assert (step, kind) == (None, "assignment")


def test_no_cit_training_is_named_as_the_competency_barrier(conversation):
    say = conversation.say
    begin_at_resources(say)
    say("2 officers 10 hrs a week, approved by capt brooks, in next year's budget too")
    say("capt brooks sponsors it, every shift briefed at roll call, ER nurses briefed by their manager, sgts keen")
    replies = say("most of patrol has no CIT training, and the ER staff dont trust us much")
    assert "Red flag, people without the skills the work needs" in replies and "competency" in replies


def test_no_mou_is_flagged_and_the_draft_is_offered(conversation):
    say = conversation.say
    say("start a partnership with the housing authority")
    for _ in range(7):
        say("skip")
    replies = say("no mou yet, just a handshake w the director")
    assert "Red flag, nothing in writing" in replies and "draft the agreement" in replies
    _, states, *_ = records(conversation)
    assert "done" not in {states[i] for i in ("mou_purpose_roles", "mou_data_sharing", "mou_review_update")}


def test_a_question_mid_step_is_answered_and_nothing_is_stored(conversation):
    say = conversation.say
    say("start a partnership with the school district on truancy")
    say("skip")
    say("skip")
    replies = say("wait, does the DA count as a stakeholder?")
    assert "Step 3 of 9: Stakeholders" in replies
    *_, stakeholders, blockers, _ = records(conversation)
    assert stakeholders == [] and blockers == []


def test_junk_is_never_a_stakeholder_and_undo_takes_back_the_last_one(conversation):
    say = conversation.say
    say("start a partnership with the school district on truancy")
    say("skip")
    say("skip")
    say("Lincoln High, contact Principal Diaz, needs attendance up")
    say("county dispatch center, contact supervisor Reyes")
    for not_a_stakeholder in ("undo that", "send me the checklist for this partnership"):
        say(not_a_stakeholder)
    *_, stakeholders, _, _ = records(conversation)
    assert stakeholders == ["Lincoln High"]
    replies = say("remove the lincoln high stakeholder")
    assert "Removed the stakeholder \"Lincoln High\"" in replies
    *_, stakeholders, _, _ = records(conversation)
    assert stakeholders == []


def test_a_question_read_as_a_blocker_is_not_a_blocker(conversation):
    say = conversation.say
    say("start a partnership with mercy hospital")
    say("skip")
    replies = say("should we line up the money before we approach the hospital or wait till they say yes?")
    *_, blockers, _ = records(conversation)
    assert blockers == [] and "Step 2 of 9" in replies


def test_a_blocker_named_gets_its_own_advice_and_can_be_taken_back(conversation):
    say = conversation.say
    say("start a partnership with mercy hospital")
    say("bye")
    replies = say("the hospital's legal won't sign anything that shares patient data, HIPAA")
    assert "Noted the blocker" in replies and "privacy" in replies.lower()
    *_, blockers, _ = records(conversation)
    assert len(blockers) == 1
    assert "Removed the blocker" in say("that's not a blocker")
    *_, blockers, _ = records(conversation)
    assert blockers == []


def test_commitments_in_supervisors_words(conversation):
    say = conversation.say
    assert "you'll email dr okafor by" in say("email dr okafor tomorrow morning").lower()
    say("gonna brief roll call friday")
    *_, commitments = records(conversation)
    assert sorted(commitments) == ["brief roll call", "email dr okafor"]
    replies = say("ok emailed okafor")
    assert "Marked done: email dr okafor" in replies
    *_, commitments = records(conversation)
    assert commitments == ["brief roll call"]


def test_a_plan_given_as_a_follow_up_answer_becomes_a_commitment_not_a_tick(conversation):
    say = conversation.say
    begin_at_resources(say)
    say("2 officers 10 hrs a week, approved by capt brooks, in next year's budget too")
    replies = say("capt brooks sponsors it, sgts are keen")
    assert "When will each shift hear the goal from its own lieutenant?" in replies
    replies = say("gonna brief roll call friday")
    assert "it's on your commitments" in replies
    _, states, *_, commitments = records(conversation)
    assert states["chain_briefed"] == "open" and commitments == ["brief roll call"]


def test_the_end_of_formation_sums_up_once_with_next_actions(conversation):
    say = conversation.say
    say("start a partnership with the youth league")
    for _ in range(8):
        say("skip")
    replies = say("skip")
    assert replies.count("Open items") == 1 and "Briefing: the youth league partnership" in replies
    replies = say("what's next?")
    assert replies.count("Open items") <= 1


def test_draft_the_agreement_in_chat_fills_what_is_recorded_and_marks_the_rest(conversation):
    say = conversation.say
    say("start a partnership with the riverside food bank on thefts at the loading dock")
    say("32 thefts at the riverside food bank dock since june per CAD, and the director agreed it's the problem")
    replies = say("can u draft the mou for the riverside food bank partnership")
    assert "draft agreement (MOU)" in replies
    assert "32 thefts at the riverside food bank dock" in replies and "TO COMPLETE" in replies


def test_a_request_mid_step_is_served_without_a_sorry_and_nothing_is_taken_as_the_answer(conversation):
    say = conversation.say
    say("start a partnership with Mercy Hospital")
    for request in ("summary", "call it Mercy ER handoffs", "status"):
        reply = say(request)
        assert reply and "Sorry, I didn't get that" not in reply, (request, reply)
    (step, _, _), states, *_ = records(conversation)
    assert step == "problem" and not any(state == "done" for state in states.values())  # nothing taken as an answer
