"""Goals in the shapes people say them: "currently X, target Y, by DATE", units between
the numbers ("from 3.5 hrs to 1 hr"), "reduce X by 30%", "cut to 700 by next June",
typed fast and in lower case. Each keeps its measure, baseline, target, unit and
direction; what is refused says what is missing, and two refusals in a row offer a
way on (a draft goal, or moving on) so nobody is stuck at the goal step."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from bot import goals
from bot.actions.changes import change_goal
from bot.actions.coaching import ValidateCoachingForm
from bot.list_steps import add_goal, goal_misses, list_answer
from bot.store import partnerships, people
from bot.store.models import Goal
from bot.store.people import Identity
from tests.support.coaching import answer, at_step, stored
from tests.support.trackers import run, tracker

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)
HANDOFF = "average ER handoff time for officers, currently 3.5 hours, target 1 hour, by June 30 2027"


def parsed(said: str) -> goals.GoalDraft:
    return goals.parse_goal(said, "America/Chicago", NOW)


@pytest.mark.parametrize("said,measure,baseline,target,unit,direction,when", [
    (HANDOFF, "average ER handoff time for officers", "3.5", "1", "hours", "down", date(2027, 6, 30)),
    ("ER handoff from 3.5 hrs to 1 hr by june 2027", "ER handoff", "3.5", "1", "hours", "down", date(2027, 6, 30)),
    ("officer wait at the ER down from 3.5 hrs to 45 min by june 2027", "officer wait at the ER", "210", "45",
     "minutes", "down", date(2027, 6, 30)),  # the baseline in the target's unit, so the goal still reads as a cut
    ("chronic absence jefferson 21% to 15% by june 2027", "chronic absence jefferson", "21%", "15%", "%", "down",
     date(2027, 6, 30)),
    ("truancy citations down 30% by june 2027", "truancy citations", None, "-30%", "%", "down", date(2027, 6, 30)),
    ("ugh. daytime burglaries near jefferson from 40 to 25 by march 2027", "daytime burglaries near jefferson", "40",
     "25", None, "down", date(2027, 3, 31)),
    ("repeat calls from 1150 a yr down to 700 by end of 2027", "repeat calls", "1150", "700", "a year", "down",
     date(2027, 12, 31)),
    ("reduce repeat mental health calls by 30% by next june", "repeat mental health calls", None, "-30%", "%", "down",
     date(2027, 6, 30)),
    ("cut repeat calls to 700 by next June", "repeat calls", None, "700", None, "down", date(2027, 6, 30)),
    ("get chronic absence under 10% by may 2027", "chronic absence", None, "10%", "%", "down", date(2027, 5, 31)),
    ("baseline 40 runaway reports, goal 20, dec 2027", "runaway reports", "40", "20", None, "down", date(2027, 12, 31)),
    ("increase referrals to the crisis team from 5 a month to 20 a month by 2027", "referrals to the crisis team",
     "5", "20", "a month", "up", date(2027, 12, 31)),
    ("halve the calls to the shelter by 2028", "calls to the shelter", None, "-50%", "%", "down", date(2028, 12, 31)),
    ("double referrals to the crisis team by 2028", "referrals to the crisis team", None, "+100%", "%", "up",
     date(2028, 12, 31)),
    ("chronic absense at lincoln hs from 18 % to 12 % by jun 2027", "chronic absense at lincoln hs", "18%", "12%", "%",
     "down", date(2027, 6, 30)),
    ("reduse repeat calls to the motel by 25 percent by dec 31 2027", "repeat calls to the motel", None, "-25%", "%",
     "down", date(2027, 12, 31)),
    ("Repeat DV calls from 60 per month to 40 per month by end of next year", "Repeat DV calls", "60", "40", "a month",
     "down", date(2027, 12, 31)),
    ("response time to mental health calls currently 22 mins, target 15 mins, by sept 2027",
     "response time to mental health calls", "22", "15", "minutes", "down", date(2027, 9, 30)),
    ("shelter calls from 1,150/yr to 700/yr by 2028", "shelter calls", "1150", "700", "a year", "down",
     date(2028, 12, 31)),
    ("repeat calls from 1,150 calls a year to 700 by 2028", "repeat calls", "1150", "700", "calls a year", "down",
     date(2028, 12, 31)),
    ("we will increase CIT-trained officers from 12 to 40 by 2028", "CIT-trained officers", "12", "40", None, "up",
     date(2028, 12, 31)),
    ("boost youth league sign ups by 50 by next september", "youth league sign ups", None, "+50", None, "up",
     date(2027, 9, 30)),
    ("bring overdose deaths down to 10 a year by 2029", "overdose deaths", None, "10", "a year", "down",
     date(2029, 12, 31)),
    ("raise clearance rate to 60% by 2028", "clearance rate", None, "60%", "%", "up", date(2028, 12, 31)),
    ("ER handoff time 3.5 hrs now, target 1 hr by june 2027", "ER handoff time", "3.5", "1", "hours", "down",
     date(2027, 6, 30)),
    ("handoff time is 3.5 hours, goal is 1 hour, by June 30, 2027", "handoff time", "3.5", "1", "hours", "down",
     date(2027, 6, 30)),
    ("graffiti reports, baseline 120, target 60, in 2028", "graffiti reports", "120", "60", None, "down",
     date(2028, 12, 31)),
    ("target 1 hour, by june 2027, for ER handoffs", "ER handoffs", None, "1", "hours", None, date(2027, 6, 30)),
    ("lower repeat runaway reports from 40 to 20 by 6/30/2027", "repeat runaway reports", "40", "20", None, "down",
     date(2027, 6, 30)),
    ("a 20% drop in repeat calls by 2028", "repeat calls", None, "-20%", "%", "down", date(2028, 12, 31)),
    ("chronic absence at 12% by june 2027", "chronic absence", None, "12%", "%", None, date(2027, 6, 30)),
    ("measure: ER handoff time; baseline: 3.5 hrs; target: 1 hr; date: june 2027", "ER handoff time", "3.5", "1",
     "hours", "down", date(2027, 6, 30)),
    ("ER wait time for officers from 3.5 hrs to under 1 hr by june 2027", "ER wait time for officers", "3.5", "1",
     "hours", "down", date(2027, 6, 30)),
    ("chronic absence 64 last school yr, want 45 by end of next school year", "chronic absence", "64", "45", None,
     "down", date(2028, 6, 30)),
    ("chronic absence from 64 to 45 by the end of this school year", "chronic absence", "64", "45", None, "down",
     date(2027, 6, 30)),
    ("reduce truancy 15% by end of school year", "truancy", None, "-15%", "%", "down", date(2027, 6, 30)),
    ("shots fired calls to zero by dec 2027", "shots fired calls", None, "0", None, "down", date(2027, 12, 31)),
    ("get shootings down to none by 2028", "shootings", None, "0", None, "down", date(2028, 12, 31)),
    ("repeat runaways from twelve to five by june 2027", "repeat runaways", "12", "5", None, "down",
     date(2027, 6, 30)),
    # a figure then "to", without "from"; an arrow said for "to"
    ("cut handoff time 2 down to 0.5 hrs by june 2027", "handoff time", "2", "0.5", "hours", "down", date(2027, 6, 30)),
    ("repeat calls 1,150 a yr to 700 by dec 2027", "repeat calls", "1150", "700", "a year", "down",
     date(2027, 12, 31)),
    ("chronic absence 22% -> 15% by june 2027", "chronic absence", "22%", "15%", "%", "down", date(2027, 6, 30)),
    ("handoff 2h → 30 min by march 2027", "handoff", "120", "30", "minutes", "down", date(2027, 3, 31)),
    ("cut burglaries by half by dec 2027", "burglaries", None, "-50%", "%", "down", date(2027, 12, 31)),
    # a figure that is part of the measure, or a year, is no baseline
    ("cut 911 calls to 20 by 2027", "911 calls", None, "20", None, "down", date(2027, 12, 31)),
    ("reduce calls in 2026 to 20 by 2027", "calls in 2026", None, "20", None, "down", date(2027, 12, 31)),
])
def test_a_goal_in_the_shape_people_say_it_keeps_every_part(said, measure, baseline, target, unit, direction, when):
    draft = parsed(said)
    assert (draft.measure, draft.baseline, draft.target, draft.unit, draft.direction, draft.target_date) == \
        (measure, baseline, target, unit, direction, when)


@pytest.mark.parametrize("said,missing", [
    ("we'll have better numbers eventually", "A goal needs a measure: what number will show it worked"),
    ("better relationships with the school", "A goal needs a measure: what number will show it worked"),
    ("cut crime", "A goal needs a number for crime: the figure now and the target, and by when."),
    ("cut crime by 2028", "A goal needs a number for crime: the figure now and the target. For example"),
    ("target 1 hour", "A goal needs a measure and a date: say what is measured and by when"),
    ("target 1 hour by june 2027", "A goal needs a measure: say what is measured, for example"),
    ("reduce repeat calls by 30%", "By when? Add a date to the goal"),
    ("cut repeat calls by 200 a year", "By when? Add a date to the goal"),
    ("repeat calls from 1150 to 700 by june 2025", "Monday 30 June 2025 has already passed"),
    ("reduce truancy 15% by spring break", "I couldn't read \"spring break\" as a date"),
    ("target: banana; date: june 2027", "\"banana\" isn't something I can measure"),
    ("better relationships with the school by june 2027",
     "A goal needs a measure: what number will show it worked, where is it now, where should it be?"),
    ("chronic absence 64 last school yr by june 2027",
     "A goal needs a target for chronic absence: I read 64, but not where it should be. Say it as"),
    ("chronic absence 64 last school yr", "A goal needs a target for chronic absence: I read 64, but not where it "
                                          "should be, and by when."),
    ("shots fired calls to zero", "By when? Add a date to the goal"),
])
def test_what_is_refused_says_what_is_missing(said, missing):
    with pytest.raises(goals.GoalProblem) as refused:
        parsed(said)
    assert refused.value.message.startswith(missing)


@pytest.mark.parametrize("said", ["better relationships with the school by june 2027",
                                  "chronic absence 64 last school yr by june 2027", "target 1 hour by june 2027"])
def test_a_goal_with_its_date_is_never_asked_by_when(said):
    with pytest.raises(goals.GoalProblem) as refused:
        parsed(said)
    assert "by when" not in refused.value.message.lower()


@pytest.mark.parametrize("said,when", [
    ("end of this school year", date(2027, 6, 30)),
    ("the end of the school year", date(2027, 6, 30)),
    ("end of next school year", date(2028, 6, 30)),
    ("next school yr", date(2028, 6, 30)),
])
def test_a_school_year_ends_on_30_june(said, when):
    assert goals.goal_date(said, "America/Chicago", NOW) == when


@pytest.mark.parametrize("said,line", [
    (HANDOFF, "average ER handoff time for officers: from 3.5 hours to 1 hour by Wednesday 30 June 2027"),
    ("repeat calls from 1150 a yr down to 700 by end of 2027",
     "repeat calls: from 1150 a year to 700 a year by Friday 31 December 2027"),
    ("cut repeat calls to 700 by next June", "repeat calls: down to 700 by Wednesday 30 June 2027"),
    ("reduce repeat mental health calls by 30% by next june",
     "repeat mental health calls: down 30% by Wednesday 30 June 2027"),
    ("chronic absence from 18% to 12% by June 2027", "chronic absence: from 18% to 12% by Wednesday 30 June 2027"),
])
def test_a_goal_is_said_back_with_its_units(said, line):
    assert goals.describe(parsed(said)) == line


@pytest.mark.parametrize("goal,said,distance", [
    (HANDOFF, "handoffs are at 2.5 hrs now", "1.5 hours to go"),
    (HANDOFF, "handoffs are down to 2 hrs", "1 hour to go"),
    (HANDOFF, "we're at 0.9 hours", "That meets the target"),
    ("cut repeat calls to 700 by next June", "repeat calls are at 650", "That meets the target"),
    ("cut repeat calls to 700 by next June", "repeat calls are at 900", "200 to go"),
    ("increase referrals to the crisis team from 5 a month to 20 a month by 2027", "referrals at 12 a month",
     "8 a month to go"),
    ("reduce repeat mental health calls by 30% by next june", "repeat calls are down 12%", "18% to go"),
])
def test_progress_is_measured_in_the_goals_unit(goal, said, distance):
    assert goals.against_target(parsed(goal), said).startswith(distance)


def a_partnership(session):
    alice = people.person_for(session, Identity(workspace="T1", user="U1", timezone="America/Chicago"))
    return partnerships.create_partnership(session, alice, "Mercy Hospital", "common_goals")


def test_a_stored_goal_keeps_its_unit_and_direction(session):
    partnership = a_partnership(session)
    add_goal(session, partnership, "ER handoff from 3.5 hrs to 1 hr by june 2030", "America/Chicago")
    add_goal(session, partnership, "reduce repeat mental health calls by 30% by 2030", "America/Chicago")
    add_goal(session, partnership, "chronic absence at 12% by june 2030", "America/Chicago")
    session.commit()
    session.expire_all()
    stored = [(g.measure, g.baseline, g.target, g.unit, g.direction)
              for g in session.scalars(select(Goal).order_by(Goal.id))]
    assert stored == [("ER handoff", "3.5", "1", "hours", "down"),
                      ("repeat mental health calls", None, "-30%", "%", "down"),
                      ("chronic absence", None, "12%", "%", None)]


def test_a_month_alone_for_a_goals_new_date_keeps_the_goals_year(session):
    """"actually make that december" on a May 2030 goal is December 2030, not the coming December."""
    partnership = a_partnership(session)
    add_goal(session, partnership, "chronic absence from 18% to 12% by may 2030", "America/Chicago")
    assert change_goal(session, partnership, "actually make that december", "date", "december", None).endswith(
        "by Tuesday 31 December 2030.")
    assert goals.goal_date("december", "America/Chicago", NOW) == date(2026, 12, 31)  # a new goal: the coming one
    assert goals.goal_date("june", "America/Chicago", NOW, replacing=date(2025, 6, 30)) == date(2027, 6, 30)  # past


def test_a_changed_target_stays_in_the_goals_unit(session):
    partnership = a_partnership(session)
    add_goal(session, partnership, HANDOFF.replace("2027", "2030"), "America/Chicago")
    assert change_goal(session, partnership, "change the goal target to 2 hrs", "target", "2 hrs", None) == \
        ("Changed. The goal is now average ER handoff time for officers: from 3.5 hours to 2 hours "
         "by Sunday 30 June 2030.")
    assert change_goal(session, partnership, "change the goal target to 90 minutes", "target", "90 minutes",
                       None).startswith("The goal is counted in hours. Give the new target in hours too")
    session.expire_all()
    goal = session.scalar(select(Goal))
    assert (goal.target, goal.unit, goal.direction) == ("2", "hours", "down")


def test_a_bare_number_for_a_percentage_goal_stays_a_percentage(session):
    partnership = a_partnership(session)
    add_goal(session, partnership, "chronic absence from 18% to 12% by June 2030", "America/Chicago")
    assert change_goal(session, partnership, "change the goal target to 15", "target", "15", None) == \
        "Changed. The goal is now chronic absence: from 18% to 15% by Sunday 30 June 2030."


A_MISS = "A goal needs a measure: what number will show it worked, where is it now, where should it be?"


def test_refusals_are_counted_since_the_last_kept_answer():
    events = [{"event": "bot", "text": "Added goal: repeat calls: down to 700 by Wednesday 30 June 2027."},
              {"event": "user", "text": "better trust"}, {"event": "bot", "text": A_MISS},
              {"event": "user", "text": "more trust by 2028"},
              {"event": "bot", "text": "Monday 30 June 2025 has already passed. By when should the goal be met?"}]
    assert goal_misses(events) == 2
    assert goal_misses(events[:1]) == 0


def refused(session, said: str, misses: int) -> dict:
    partnership = a_partnership(session)
    dispatcher = CollectingDispatcher()
    assert list_answer(dispatcher, session, partnership.owner, partnership, "common_goals", said, misses=misses) is None
    return dispatcher.messages[-1]


def test_a_first_refusal_only_says_what_is_missing(session):
    reply = refused(session, "better trust with the school", misses=0)
    assert reply["text"].startswith("A goal needs a measure") and not reply.get("buttons")


def test_a_second_refusal_offers_a_draft_goal_or_moving_on(session):
    reply = refused(session, "better trust with the school", misses=1)
    assert reply["text"].startswith("A goal needs a measure")
    assert "keep your words as a draft goal" in reply["text"]
    assert reply["buttons"] == [
        {"title": "Keep it as a draft goal", "payload": "draft goal: better trust with the school"},
        {"title": "Move on", "payload": "/skip_step"}]


def test_a_draft_goal_is_kept_as_said_to_refine_later(session):
    partnership = a_partnership(session)
    dispatcher = CollectingDispatcher()
    list_answer(dispatcher, session, partnership.owner, partnership, "common_goals",
                "draft goal: better trust with the school")
    assert dispatcher.messages[-1]["text"].startswith("Kept as a draft goal: \"better trust with the school\". It "
                                                      "isn't measurable yet; refine it later with \"change the goal "
                                                      "target to ...\"")
    session.expire_all()
    goal = session.scalar(select(Goal))
    assert (goal.description, goal.measure, goal.baseline, goal.target, goal.target_date) == \
        ("better trust with the school", "better trust with the school", None, None, None)
    assert goals.describe(goal) == "better trust with the school (draft: no target or date yet)"


def test_the_goal_step_offers_a_way_on_after_two_misses(database_url):
    slots = at_step("common_goals", database_url)
    said = tracker("more trust", "report_progress", confidence=0.4,
                   slots={**slots, "requested_slot": "step_answer"}, active_loop="coaching_form")
    said.events[:0] = [{"event": "bot", "text": A_MISS}, {"event": "user", "text": "better relationships"}]
    texts, buttons, _ = run(ValidateCoachingForm(), said)
    assert texts[0].startswith("A goal needs a measure") and [b["title"] for b in buttons] == [
        "Keep it as a draft goal", "Move on"]
    answer(buttons[0]["payload"], slots)
    assert [(g["measure"], g["target"]) for g in stored(database_url, Goal)] == [("more trust", None)]
