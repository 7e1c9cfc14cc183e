"""Answers read against the step's checklist as the play-test's sergeants typed them: a
"not yet", a question or "only the supt signed" ticks nothing; command not told, an
extra-duty officer and whoever is free are red flags; labelled enablers and barriers
count, and a barrier has an owner only when one is named."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.actions.coaching import ValidateCoachingForm
from bot.evidence import read_answer
from bot.store.db import session_scope
from bot.store.models import ChecklistItemState, Partnership
from tests.support.coaching import at_step
from tests.support.trackers import run, tracker


def say(said: str, slots: dict) -> str:
    texts, _, _ = run(ValidateCoachingForm(), tracker(
        said, "inform", confidence=0.5, extracted={"step_answer": said},
        slots={**slots, "requested_slot": "step_answer"}, active_loop="coaching_form"))
    return "\n".join(texts)


def done_items(database_url) -> set[str]:
    with session_scope(database_url) as session:
        return set(session.scalars(select(ChecklistItemState.item_id).where(ChecklistItemState.state == "done")))


def at_follow_up(database_url, step: str, item: str) -> dict:
    slots = at_step(step, database_url)
    with session_scope(database_url) as session:
        found = session.scalar(select(Partnership))
        found.follow_up_item, found.follow_up_question = item, "What else?"
    return slots


def met(step_id: str, said: str) -> list[str]:
    return [item["id"] for item in read_answer(step_id, said).met]


def flags(step_id: str, said: str) -> list[str]:
    return [flag["id"] for flag in read_answer(step_id, said).flags]


# 1. Saying it isn't done, or asking about it, is not having covered it

@pytest.mark.parametrize("said", [
    "not yet. can u give me a template? what needs to be in it for CJIS",
    "what do we need for data sharing and CJIS?",
    "no. how do other depts handle the records piece",
    "wait no, only the supt signed. chief still has it on his desk",
    "not yet, legal still has it",
])
def test_an_agreement_answer_that_says_not_done_or_asks_ticks_nothing(said):
    assert met("formal_agreement", said) == []


def test_the_play_testers_template_question_says_no_good_and_no_barrier(database_url):
    slots = at_step("formal_agreement", database_url)
    reply = say("not yet. can u give me a template? what needs to be in it for CJIS", slots)
    assert "Good:" not in reply and "Barrier to plan for" not in reply
    assert done_items(database_url) == set()


@pytest.mark.parametrize("said", [
    "wait no, only the supt signed. chief still has it on his desk",
    "not yet. can u give me a template?",
    "nope, the chief still has it",
])
def test_a_follow_up_answer_that_says_not_done_leaves_its_item_open(database_url, said):
    slots = at_follow_up(database_url, "formal_agreement", "mou_purpose_roles")
    reply = say(said, slots)
    assert "Good" not in reply and "stays open" in reply
    assert "mou_purpose_roles" not in done_items(database_url)


def test_a_follow_up_answer_about_other_items_ticks_those_and_not_the_one_asked(database_url):
    slots = at_follow_up(database_url, "formal_agreement", "mou_purpose_roles")
    reply = say("monthly mtg 2nd thurs at the district office, MOU reviewed annually by both sides", slots)
    assert "covers purpose" not in reply and '"Purpose, roles and contacts in writing" stays open' in reply
    assert done_items(database_url) == {"mou_meetings_oversight", "mou_review_update"}


@pytest.mark.parametrize("said, item", [  # the clean phrasings still tick
    ("MOU lists each side's roles and points of contact", "mou_purpose_roles"),
    ("CAD data shared weekly under CJIS rules", "mou_data_sharing"),
    ("we meet monthly at the district office", "mou_meetings_oversight"),
    ("reviewed annually by both chiefs", "mou_review_update"),
])
def test_a_plain_agreement_answer_still_ticks_its_item(said, item):
    assert item in met("formal_agreement", said)


# 2. The chief or sheriff not told: a red flag, and never an executive sponsor

@pytest.mark.parametrize("said", [
    "LT Brooks is on board and will brief 2nd shift. the chief hasn't heard about it yet tho",
    "the sheriff doesnt know about this yet, figured id surprise him",
    "havent told the chief or my LT yet, want to get it rolling first and ask forgiveness later lol",
    "captain doesn't know yet, going around him til we have numbers",
    "not looping in the chief until the BID signs",
    "my capt is fine with it but the undersheriff hasnt been told, going around him",
])
def test_command_not_told_is_a_red_flag_and_no_sponsor(said):
    assert flags("buy_in", said)[0] == "command_not_told"
    assert "executive_sponsors_named" not in met("buy_in", said)


def test_command_not_told_gets_the_studys_reason_and_what_to_do(database_url):
    slots = at_step("buy_in", database_url)
    reply = say("the sheriff doesnt know about this yet, figured id surprise him", slots)
    assert "Good: an executive sponsor" not in reply
    assert "Red flag, command not told: The study says common goals must be messaged completely through the chain " \
           "of command" in reply
    assert "Do: Brief the chief or sheriff" in reply
    assert "executive_sponsors_named" not in done_items(database_url)


@pytest.mark.parametrize("said", ["Chief Ruiz is sponsoring it", "the sheriff signed off and will sponsor it"])
def test_a_sponsor_said_plainly_still_ticks(said):
    assert "executive_sponsors_named" in met("buy_in", said) and flags("buy_in", said) == []


# 3. An officer for the partner, paid extra duty, and whoever is free

@pytest.mark.parametrize("said", [
    "honestly BID mostly wants a dedicated foot beat officer on main, they'd pay the OT",
    "the mall wants to pay for an off-duty officer at the food court",
    "BID would fund their own officer downtown",
    "they'd cover OT for a foot beat on main",
    "honestly probation mostly wants one of our deputies detailed to their office to serve their warrants",
    "no its mostly just our deputy working for them",
])
def test_an_officer_for_the_partner_is_an_assignment(database_url, said):
    assert "assignment_only" in flags("partnership_or_assignment", said)


def test_the_bid_foot_beat_gets_the_assignment_coaching(database_url):
    slots = at_step("partnership_or_assignment", database_url)
    reply = say("honestly BID mostly wants a dedicated foot beat officer on main, they'd pay the OT", slots)
    assert "Red flag, an assignment called a partnership" in reply


@pytest.mark.parametrize("said", ["2 dedicated officers, 20 OT hours a week, approved by capt reilly",
                                  "the district pays the OT for the 2 officers at the conferences"])
def test_resources_with_officers_are_not_an_assignment(said):
    assert "assignment_only" not in flags("resources", said)


@pytest.mark.parametrize("said", [
    "POP ofc will prob be Jenkins, he's on light duty anyway so he's free",
    "whoever is free that week will cover the meetings",
    "nobody else wanted it so Ortiz got stuck with it",
    "Im pulling Ofc Hale for the liaison, hes on modified duty after his OIS so he has time",
])
def test_staffing_with_whoever_is_free_is_a_red_flag(said):
    assert flags("buy_in", said)[0] == "staffed_by_availability"
    assert "supervisors_committed" not in met("buy_in", said)


def test_light_duty_staffing_gets_the_coaching(database_url):
    slots = at_step("buy_in", database_url)
    reply = say("POP ofc will prob be Jenkins, he's on light duty anyway so he's free", slots)
    assert "Red flag, staffed with whoever is free: The study says the people assigned" in reply
    assert "covers chain of command briefed" not in reply


def test_a_volunteer_is_still_committed():
    assert "supervisors_committed" in met("buy_in", "sgt diaz volunteered, she's keen") and \
        flags("buy_in", "sgt diaz volunteered, she's keen") == []


# 4. Labelled enablers and barriers; an owner only when one is named

@pytest.mark.parametrize("said", [
    "enablers: pastor reyes is all in, we've worked with the BID before. barriers: OT budget is tight, "
    "night shift thinks its a waste",
    "barriers: overtime money, nights think its pointless. enablers: lee is great",
    "Enablers - BID already funds cleanup; Barriers - parking, the night crew",
])
def test_labelled_lists_tick_both_and_no_owner(said):
    assert met("facilitators_barriers", said) == ["enablers_listed", "barriers_listed"]


@pytest.mark.parametrize("said", [
    "enablers: pastor reyes is all in. barriers: OT budget is tight, sgt diaz owns getting the OT approved by friday",
    "Enablers: Lee is great. Barriers: night shift thinks its a waste, Jenkins will handle the schedule",
])
def test_a_barrier_with_an_owner_ticks_the_owner_item(said):
    assert "barrier_owners" in met("facilitators_barriers", said)


def test_nothing_after_a_label_lists_nothing():
    assert met("facilitators_barriers", "barriers: none really. enablers: lee is great") == ["enablers_listed"]


def test_the_play_testers_labelled_answer_says_both_lists_and_asks_for_owners(database_url):
    slots = at_step("facilitators_barriers", database_url)
    reply = say("barriers: overtime money, nights think its pointless. enablers: lee is great", slots)
    assert "Good: enablers named; barriers named." in reply and "Still open: an owner and plan for each barrier." in reply


def test_ask_forgiveness_later_is_the_red_flag_not_a_skip(database_url):
    slots = at_step("buy_in", database_url)
    reply = say("havent told the chief or my LT yet, want to get it rolling first and ask forgiveness later lol", slots)
    assert "Skipped" not in reply and "Red flag, command not told" in reply


@pytest.mark.parametrize("step_id, said, item", [  # an answer that opens like a question is still an answer
    ("resources", "what we need is 2 officers and 20 hrs of OT a month", "resources_listed"),
    ("formal_agreement", "how we share data: CAD extracts weekly under CJIS", "mou_data_sharing"),
])
def test_an_answer_that_opens_like_a_question_still_ticks(step_id, said, item):
    assert item in met(step_id, said)
