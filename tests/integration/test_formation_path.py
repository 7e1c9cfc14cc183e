"""The whole formation path through Rasa's REST channel, checking the records after
each step: stakeholders and goals one by one, a digression, a changed answer,
progress against a goal, and the export that shows everything that was said."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from bot.store.db import session_scope
from bot.store.models import Partnership, Person

pytestmark = pytest.mark.integration


def mine(conversation) -> Partnership:
    with session_scope(conversation.stack.settings.database_url) as session:
        found = session.scalar(select(Partnership).join(Person, Partnership.owner_id == Person.id)
                               .where(Person.external_id == conversation.user))
        found.answers, found.stakeholders, found.goals, found.progress_notes  # noqa: B018 - reading them loads them before the session closes
        return found


def answers(conversation) -> dict:
    return {a.step_id: (a.status, a.answer) for a in mine(conversation).answers}


def item_states(conversation) -> dict:
    from bot import step_review
    with session_scope(conversation.stack.settings.database_url) as session:
        return step_review.states(session.get(Partnership, mine(conversation).id))


def test_forming_a_partnership_from_first_step_to_last(conversation, monkeypatch):
    say = conversation.say
    assert "Step 1 of 9: The common problem" in say(
        "I've been asked to set up a partnership with the school district on truancy")
    replies = say("Chronic absence at Lincoln High is 18%, up from 11%, per district attendance data")
    assert "Good: the problem stated specifically; a figure for the problem." in replies
    assert "How would the partner say the problem in its own words?" in replies  # the one follow-up
    assert answers(conversation)["problem"][1].startswith("Chronic absence at Lincoln High")
    assert "Step 2 of 9" in say("the principal agreed, she calls it chronic absence")
    assert item_states(conversation)["problem_agreed_by_partner"] == "done"

    replies = say("what does buy-in mean?")  # a digression, then the same step again
    assert "Step 2 of 9: Partnership or assignment" in replies
    assert "partnership_or_assignment" not in answers(conversation)
    replies = say("A formal partnership: we decide together under an MOU, a long-term goal neither of us can "
                  "reach alone")
    assert "Step 3 of 9: Stakeholders" in replies and "One at a time" in replies

    assert "Added stakeholder: Lincoln High School (contact: Principal Diaz; needs: attendance up)" in say(
        "Lincoln High School, contact Principal Diaz, needs attendance up")
    say("County juvenile court, contact Judge Ames, wants fewer truancy petitions")
    assert [s.organisation for s in mine(conversation).stakeholders] == ["Lincoln High School", "County juvenile court"]
    replies = say("done")  # a principal and a judge can commit: nothing to follow up
    assert "Good: stakeholders named; more than one kind of stakeholder; someone with authority" in replies
    assert "Step 4 of 9: Common goals" in replies

    assert "A goal needs a measure" in say("better relationships with the school")
    assert "Added goal: chronic absence at Lincoln High: from 18% to 12% by Sunday 30 June 2030" in say(
        "chronic absence at Lincoln High from 18% to 12% by June 2030")
    assert [g.target for g in mine(conversation).goals] == ["12%"]
    assert "Has the partner agreed these goals, in its own words?" in say("done")
    assert "Step 5 of 9: Resources" in say("move on")
    assert item_states(conversation)["goals_agreed"] == "open"

    assert "from 18% to 15%" in say("change the goal target to 15%")
    assert [g.target for g in mine(conversation).goals] == ["15%"]

    replies = say("no budget, the chief said we'd figure out funding once the district is on board")
    assert "Red flag, resources promised for later" in replies and "before engaging" in replies
    assert "Who can commit what, in hours and money, before you approach them?" in replies
    assert "Step 6 of 9" in say("later")
    assert item_states(conversation)["resources_signed_off"] == "at risk"

    replies = say("LT lukewarm, sergeants skeptical, nobody briefed yet")
    assert "Red flag, supervisors lukewarm or unbriefed" in replies
    assert "When will each shift hear the goal from its own lieutenant?" in replies
    assert "Step 7 of 9" in say("move on")

    replies = say("most of patrol has no CIT training and there are turf issues with the sheriff")
    assert "Red flag, people without the skills the work needs" in replies and "competency" in replies
    assert "Step 8 of 9" in say("move on")

    replies = say("no mou yet, just a handshake with the superintendent")
    assert "Red flag, nothing in writing" in replies and "draft the agreement" in replies
    assert "Step 9 of 9" in say("move on")
    replies = say("We review progress against the goals every quarter with the school board")
    if "Step" not in replies and "Open items" not in replies:
        replies = say("move on")
    assert "Open items" in replies and "Briefing" in replies
    saved = answers(conversation)
    assert all(saved[step][0] == "answered" for step in (
        "problem", "partnership_or_assignment", "stakeholders", "common_goals", "resources", "buy_in",
        "facilitators_barriers", "formal_agreement", "review"))
    assert mine(conversation).current_step is None

    replies = say("chronic absence at Lincoln High is at 16% now")
    assert "Noted on the goal \"chronic absence at Lincoln High\"" in replies and "1% to go" in replies

    monkeypatch.setenv("DATABASE_URL", conversation.stack.settings.database_url)
    exported = json.loads(CliRunner().invoke(app, ["export", "--format", "json"]).stdout)
    [partnership] = [p for w in exported["workspaces"] for p in w["partnerships"] if p["owner"] == conversation.user]
    assert partnership["stakeholders"][1] == {"organisation": "County juvenile court", "contact": "Judge Ames",
                                              "interests": "fewer truancy petitions"}
    [goal] = partnership["goals"]
    assert (goal["measure"], goal["baseline"], goal["target"], goal["target_date"]) == (
        "chronic absence at Lincoln High", "18%", "15%", "2030-06-30")
    assert partnership["progress_notes"][-1]["text"] == "chronic absence at Lincoln High is at 16% now"
