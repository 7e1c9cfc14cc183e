"""What busy supervisors actually type at the stakeholder and later steps: contacts
named with their role and no word "contact", organisations said with filler words, and
barriers, enablers, briefings, plan changes, resources and decision makers said in
their own words. Each is read as a coach would; look-alikes that say the opposite are
not."""

from __future__ import annotations

import pytest

from bot import evidence, stakeholders
from bot.barriers import barrier_advice, matching_barrier
from bot.evidence import read_answer
from bot.store.models import Stakeholder


@pytest.mark.parametrize("said,organisation,contact,interests", [
    ("eastside school district, dr marsh asst superintendent can sign off, mr bell attendance officer day to day",
     "eastside school district",
     "Dr Marsh (asst superintendent, can sign off); Mr Bell (attendance officer, day to day)", None),
    ("st vincent shelter, director pam whitaker, needs fewer police calls", "st vincent shelter",
     "Pam Whitaker (director)", "fewer police calls"),
    ("housing authority - exec director tom reilly signs", "housing authority", "Tom Reilly (exec director, signs)",
     None),
    ("Lincoln High, principal diaz", "Lincoln High", "Principal Diaz", None),
    ("Lincoln High School, contact Principal Diaz, needs attendance up", "Lincoln High School", "Principal Diaz",
     "attendance up"),
    ("also dispatch center", "dispatch center", None, None),
    ("the YMCA too", "the YMCA", None, None),
])
def test_a_contact_is_kept_with_their_role_without_the_word_contact(said, organisation, contact, interests):
    draft = stakeholders.parse_stakeholder(said)
    assert (draft.organisation, draft.contact, draft.interests) == (organisation, contact, interests)


@pytest.mark.parametrize("said", ["From", "From: Pam Whitaker <pwhitaker@stvincent.org>",
                                  "Sent: Monday, November 23, 2026 9:14 AM", "pwhitaker@stvincent.org"])
def test_an_email_header_is_not_an_organisation(said):
    with pytest.raises(stakeholders.StakeholderProblem) as refused:
        stakeholders.parse_stakeholder(said)
    assert refused.value.message.startswith("That looks like an e-mail header, not an organisation. Give one "
                                            "stakeholder at a time: the organisation's name first")


@pytest.mark.parametrize("said,line", [
    ("eastside school district, dr marsh asst superintendent can sign off, mr bell attendance officer day to day",
     "eastside school district (contacts: Dr Marsh (asst superintendent, can sign off) and Mr Bell "
     "(attendance officer, day to day); needs not noted)"),
    ("st vincent shelter, director pam whitaker, needs fewer police calls",
     "st vincent shelter (contact: Pam Whitaker (director); needs: fewer police calls)"),
    ("also dispatch center", "dispatch center (no contact yet; needs not noted)"),
])
def test_a_stakeholder_is_said_back_readably(said, line):
    draft = stakeholders.parse_stakeholder(said)
    kept = Stakeholder(organisation=draft.organisation, contact=draft.contact, interests=draft.interests)
    assert stakeholders.describe(kept) == line


def shown(step_id: str, said: str) -> list[str]:
    return [item["id"] for item in read_answer(step_id, said).met]


@pytest.mark.parametrize("step_id,said,item", [
    ("facilitators_barriers", "dont trust each other", "barriers_listed"),
    ("facilitators_barriers", "no CIT training", "barriers_listed"),
    ("facilitators_barriers", "turf", "barriers_listed"),
    ("facilitators_barriers", "nobody trusts anyone yet", "barriers_listed"),
    ("facilitators_barriers", "pam is super motivated", "enablers_listed"),
    ("facilitators_barriers", "good relationship with the principal", "enablers_listed"),
    ("facilitators_barriers", "we've worked together before", "enablers_listed"),
    ("buy_in", "marsh briefs the principals", "partner_staff_briefed"),
    ("buy_in", "adeyemi will brief her maintenance + leasing staff", "partner_staff_briefed"),
    ("review", "if absence isnt moving by then we shift home visits to the 9th graders", "plan_adjusted"),
    ("review", "if calls arent dropping we move the case worker shift later", "plan_adjusted"),
    ("resources", "6 LED poles (~18k, reilly approved) and 4 cameras", "resources_listed"),
    ("stakeholders", "marsh for the district, capt oyelaran for us", "decision_makers_identified"),
])
def test_what_people_say_in_their_own_words_shows_the_item(step_id, said, item):
    assert item in shown(step_id, said)


@pytest.mark.parametrize("step_id,said,not_shown", [
    ("facilitators_barriers", "nobody trusts anyone yet", "enablers_listed"),
    ("facilitators_barriers", "dont trust each other", "enablers_listed"),
    ("facilitators_barriers", "we have no support from the principal", "enablers_listed"),
    ("resources", "we'll have resources eventually", "resources_listed"),
    ("buy_in", "marsh hasn't briefed the principals", "partner_staff_briefed"),
    ("review", "we review the numbers monthly", "plan_adjusted"),
    # said of something, a hedge or our own plan leaves it undone
    ("buy_in", "captain knows about it but hasnt said yes or no", "executive_sponsors_named"),
    ("buy_in", "gonna brief it at roll call all 3 shifts", "chain_briefed"),
    ("formal_agreement", "we talked about meeting monthly but nothing set", "mou_meetings_oversight"),
])
def test_a_look_alike_that_says_the_opposite_does_not_show_the_item(step_id, said, not_shown):
    assert not_shown not in shown(step_id, said)


def test_nothing_in_writing_ticks_no_agreement_item():
    reading = read_answer("formal_agreement", "no mou yet")
    assert reading.met == [] and [flag["id"] for flag in reading.flags] == ["no_agreement"]


def test_a_named_barrier_is_listed_and_still_flagged():
    reading = read_answer("facilitators_barriers", "no CIT training")
    assert [item["id"] for item in reading.met] == ["barriers_listed"]
    assert [flag["id"] for flag in reading.flags] == ["competency_gap"]


@pytest.mark.parametrize("blocker, barrier", [
    ("most of patrol has no CIT training", "lack_of_competency"),
    ("the ER wants holds shortened and we want them longer, conflicting interests", "conflicting_interests"),
    ("legal won't sign anything that shares patient data", "information_barriers"),
    ("nobody knows who does what between us and the ER", "unclear_roles"),
    ("our liaison is transferring out next month", "staff_turnover"),
    ("there's a lot of distrust between the ER staff and patrol", "organisational_distrust"),
    ("the sheriff's office sees the shelter as their turf", "territoriality"),
    ("the shelter's rep can't commit anything without the board", "lack_of_authority"),
])
def test_a_blocker_gets_the_advice_of_the_barrier_it_names(blocker, barrier):
    found = matching_barrier(blocker)
    assert found is not None and found["id"] == barrier
    assert barrier_advice(found, "This looks like a known barrier")[2] == f"- {found['actions'][0]}"


@pytest.mark.parametrize("said, flag", [
    ("honestly the LT just wants me to post a guy at the bus loop at 1430 m-f", "assignment_only"),
    ("he might just want a homeless outreach officer assigned to the trail", "assignment_only"),
    ("my LT doesnt even know about it", "buy_in_lukewarm"),
    ("nobody on my squad has youth training", "competency_gap"),
    ("none of us know anything about financial fraud investigations tbh", "competency_gap"),
])
def test_red_flags_in_how_sergeants_put_them(said, flag):
    assert flag in [f["id"] for f in evidence.red_flags_in(said)]


@pytest.mark.parametrize("said, contact, interests", [
    ("the school district, principal okafor, needs fewer suspensions. also metro transit since the busses load there",
     "Principal Okafor", "fewer suspensions"),
    ("Metro Transit, no contact yet, needs safer stops", None, "safer stops"),
    ("Metro Transit, contact unknown for now", None, None),
])
def test_a_stakeholders_needs_end_with_the_sentence_and_no_contact_is_not_a_name(said, contact, interests):
    draft = stakeholders.parse_stakeholder(said)
    assert (draft.contact, draft.interests) == (contact, interests)
