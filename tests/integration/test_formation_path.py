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
        found.answers, found.stakeholders, found.goals, found.progress_notes  # load before the session closes
        return found


def answers(conversation) -> dict:
    return {a.step_id: (a.status, a.answer) for a in mine(conversation).answers}


def test_forming_a_partnership_from_first_step_to_last(conversation, monkeypatch):
    say = conversation.say
    assert "Step 1 of 9: The common problem" in say(
        "I've been asked to set up a partnership with the school district on truancy")
    assert "Step 2 of 9" in say("Chronic absence at Lincoln High is 18%, up from 11%, per district attendance data")
    assert answers(conversation)["problem"][1].startswith("Chronic absence at Lincoln High")

    replies = say("what does buy-in mean?")  # a digression, then the same step again
    assert "Step 2 of 9: Partnership or assignment" in replies
    assert "partnership_or_assignment" not in answers(conversation)
    replies = say("A partnership: the district and we share the goal and each commit staff")
    assert "Step 3 of 9: Stakeholders" in replies and "One at a time" in replies

    assert "Added stakeholder: Lincoln High School (contact: Principal Diaz; needs: attendance up)" in say(
        "Lincoln High School, contact Principal Diaz, needs attendance up")
    say("County juvenile court, contact Judge Ames, wants fewer truancy petitions")
    assert [s.organisation for s in mine(conversation).stakeholders] == ["Lincoln High School", "County juvenile court"]
    assert "Step 4 of 9: Common goals" in say("done")

    assert "A goal needs a measure" in say("better relationships with the school")
    assert "\"banana\" isn't something I can measure" in say("measure: chronic absence; target: banana; date: June 2030")
    assert "Added goal: chronic absence at Lincoln High: from 18% to 12% by Sunday 30 June 2030" in say(
        "chronic absence at Lincoln High from 18% to 12% by June 2030")
    assert [g.target for g in mine(conversation).goals] == ["12%"]
    assert "Step 5 of 9: Resources" in say("done")

    assert "from 18% to 15%" in say("change the goal target to 15%")
    assert [g.target for g in mine(conversation).goals] == ["15%"]

    assert "Step 6 of 9" in say("Two officers four hours a week and the district's attendance clerk, from January")
    assert "Step 7 of 9" in say("Captain Ruiz sponsors it; the goals go out at roll call and in the weekly brief")
    assert "Step 8 of 9" in say("Trust with the principal is strong; the barrier is data sharing rules")
    assert "Step 9 of 9" in say("An MOU signed by the chief and the superintendent, with monthly meetings")
    say("We review progress against the goals every quarter with the school board")
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
    assert partnership["goals"] == [{"description": "chronic absence at Lincoln High from 18% to 12% by June 2030",
                                     "measure": "chronic absence at Lincoln High", "baseline": "18%",
                                     "target": "15%", "target_date": "2030-06-30"}]
    assert partnership["progress_notes"][-1]["text"] == "chronic absence at Lincoln High is at 16% now"
