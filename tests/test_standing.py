"""One meaning of overdue, stalled and behind pace (bot/standing.py): its SQL and its
Python agree, the pace line is judged at its edges, and every surface (App Home, status,
nudges, the leader's digest, briefing, the commitment list) says the same thing."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import event, select
from typer.testing import CliRunner

from bot import briefing, standing
from bot.actions import commitments as commitment_actions
from bot.actions import progress as progress_actions
from bot.actions.commitments import ActionListCommitments
from bot.actions.progress import ActionPartnershipStatus
from bot.cli import app
from bot.nudges import stalled
from bot.nudges.scheduler import run_pass
from bot.slack import nudge_blocks
from bot.slack.home import home_blocks
from bot.slack.nudge_sender import SlackNudgeSender
from bot.slack.people import SlackPerson
from bot.store import commitments, partnerships, people
from bot.store.db import engine_for, session_scope
from bot.store.models import Base, Commitment, Goal, Partnership, ProgressNote, ReminderPreference, Workspace
from tests.support.trackers import run, tracker

# Wednesday 2 December 2026, 15:00 UTC = 09:00 in Chicago
NOW = datetime(2026, 12, 2, 15, 0, tzinfo=timezone.utc)
CHICAGO = "America/Chicago"


def person(session, user: str, tz: str = CHICAGO, team: str = "T1", role: str = "supervisor"):
    found = people.person_for(session, people.Identity(team, user, f"Sgt. {user}", tz))
    found.role = role
    return found


def slack_person(user: str, tz: str = CHICAGO, team: str = "T1") -> SlackPerson:
    return SlackPerson(team, user, f"Sgt. {user}", tz)


def home_text(user: str, now: datetime, tz: str = CHICAGO) -> str:
    return json.dumps(home_blocks(slack_person(user, tz), now))


def section(home: list[dict], title: str) -> str:
    """The text under one App Home header."""
    at = next(n for n, block in enumerate(home) if block.get("text", {}).get("text") == title)
    return home[at + 1]["text"]["text"]


# The SQL clauses agree with the Python predicates


def test_the_overdue_query_finds_exactly_what_the_owners_time_zones_say(session):
    now = datetime(2026, 12, 2, 19, 0, tzinfo=timezone.utc)  # 3 Dec 09:00 in Kiritimati, 2 Dec 09:00 in Honolulu
    zones = ["Pacific/Kiritimati", "Asia/Tokyo", None, CHICAGO, "Pacific/Honolulu"]
    for n, tz in enumerate(zones):
        owner = person(session, f"U{n}", tz)
        for due in (date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3), None):
            made = commitments.add_commitment(session, owner, f"task due {due}", due)
            if due == date(2026, 12, 1) and n == 0:
                made.status = "done"
    workspace = session.scalar(select(Workspace))
    session.flush()
    every = list(session.scalars(select(Commitment)))
    by_predicate = {c.id for c in every if standing.commitment_overdue(c, now)}
    assert {c.id for c in standing.overdue_commitments(session, now)} == by_predicate
    assert {i.item_id for i in stalled.overdue_commitments(session, workspace, now)} == by_predicate
    due_on = {c.id: (c.due_date, c.owner.timezone) for c in every}
    assert {due_on[i] for i in by_predicate} == {
        (date(2026, 12, 1), "Asia/Tokyo"), (date(2026, 12, 1), None), (date(2026, 12, 1), CHICAGO),
        (date(2026, 12, 1), "Pacific/Honolulu"),
        (date(2026, 12, 2), "Pacific/Kiritimati"), (date(2026, 12, 2), "Asia/Tokyo")}  # already the 3rd there


def test_the_stalled_goal_query_agrees_with_the_predicate_at_the_edges(session):
    alice = person(session, "U1")
    partnership = partnerships.create_partnership(session, alice, "school district", "problem")
    minute = timedelta(minutes=1)
    quiet = {"just stalled": NOW - timedelta(days=7), "a minute short": NOW - timedelta(days=7) + minute,
             "long quiet": NOW - timedelta(days=30)}
    for name, since in quiet.items():
        session.add(Goal(partnership_id=partnership.id, description=f"{name}, noted", created_at=NOW - timedelta(days=60),
                         last_progress_at=since))
        session.add(Goal(partnership_id=partnership.id, description=f"{name}, never noted", created_at=since))
        session.add(Goal(partnership_id=partnership.id, description=f"{name}, snoozed", created_at=since,
                         snoozed_until=NOW + minute))
        session.add(Goal(partnership_id=partnership.id, description=f"{name}, snooze over", created_at=since,
                         snoozed_until=NOW))
    session.flush()
    every = list(session.scalars(select(Goal)))
    by_sql = set(session.scalars(select(Goal.id).where(standing.goal_stalled_clause(NOW, 7))))
    by_predicate = {g.id for g in every if standing.goal_stalled(g, NOW, 7)}
    assert by_sql == by_predicate
    assert sorted(g.description for g in every if g.id in by_predicate) == sorted(
        f"{name}, {how}" for name in ("just stalled", "long quiet") for how in ("noted", "never noted", "snooze over"))


def test_the_pace_query_keeps_every_goal_that_has_a_line(session):
    alice = person(session, "U1")
    partnership = partnerships.create_partnership(session, alice, "Mercy Hospital", "problem")
    shapes = [("3.5", "1", date(2027, 6, 30)), (None, "-30%", date(2027, 6, 30)), (None, "+10", date(2027, 6, 30)),
              (None, "12%", date(2027, 6, 30)), ("3.5", "1", None), ("5", "5", date(2027, 6, 30)), (None, None, None)]
    for baseline, target, when in shapes:
        session.add(Goal(partnership_id=partnership.id, description=f"{baseline} {target} {when}", baseline=baseline,
                         target=target, target_date=when, created_at=NOW))
    session.flush()
    with_line = {g.id for g in session.scalars(select(Goal)) if standing.planned_line(g)}
    assert len(with_line) == 3
    assert with_line <= set(session.scalars(select(Goal.id).where(standing.pace_clause())))


# Behind pace, at the edges

START = date(2026, 8, 24)
HUNDRED_DAYS = START + timedelta(days=100)


def a_goal(baseline: str | None, target: str, unit: str | None = "hours", target_date: date | None = HUNDRED_DAYS,
           description: str = "ER handoff 3.5h→1h") -> Goal:
    return Goal(id=1, description=description, baseline=baseline, target=target, unit=unit, target_date=target_date,
                created_at=datetime(START.year, START.month, START.day, 15, tzinfo=timezone.utc))


def reported(*texts: str) -> list[tuple[str, datetime]]:
    """Progress notes, newest first, the newest on 1 Oct 2026."""
    return [(text, datetime(2026, 10, 1, 15, tzinfo=timezone.utc) - timedelta(days=n)) for n, text in enumerate(texts)]


FORTY_DAYS_IN = START + timedelta(days=40)  # 40% of the way: 3.5 h -> 1 h should be at 2.5 h; a tenth is 0.25 h


@pytest.mark.parametrize("said, behind", [
    ("handoffs at 2.5 hrs", False),     # on the line
    ("handoffs at 2.75 hrs", False),    # a tenth of the change behind: still within tolerance
    ("handoffs at 2.74 hrs", False),
    ("handoffs at 2.76 hrs", True),     # just outside
    ("handoffs at 1.5 hrs", False),     # ahead
    ("handoffs at 210 minutes", True),  # 3.5 hours, said in minutes
])
def test_a_falling_goal_is_behind_pace_only_beyond_a_tenth_of_its_change(said, behind):
    assert (standing.behind_pace(a_goal("3.5", "1"), reported(said), FORTY_DAYS_IN) is not None) is behind


@pytest.mark.parametrize("said, behind", [
    ("48 visits", False), ("46 visits", False), ("45.9 visits", True), ("55 visits", False)])
def test_a_rising_goal_is_behind_pace_below_its_line(said, behind):
    visits = a_goal("40", "60", unit=None, description="home visits 40→60")  # at 40%: 48, tolerance 2
    assert (standing.behind_pace(visits, reported(said), FORTY_DAYS_IN) is not None) is behind


def test_the_reason_says_where_the_goal_is_and_where_it_should_be():
    pace = standing.behind_pace(a_goal("3.5", "1"), reported("ER handoff average 2.9 hrs"), START + timedelta(days=45))
    assert pace.reason == ("goal \"ER handoff 3.5h→1h\" behind pace: 2.9 hours on 1 Oct 2026, "
                           "should be about 2.4 hours by today")
    assert pace.reported_on == date(2026, 10, 1)


def test_after_the_target_date_the_goal_should_be_at_its_target():
    after = HUNDRED_DAYS + timedelta(days=20)
    assert standing.behind_pace(a_goal("3.5", "1"), reported("at 1.25 hrs"), after) is None
    late = standing.behind_pace(a_goal("3.5", "1"), reported("at 1.3 hrs"), after)
    assert late.detail == "1.3 hours on 1 Oct 2026, should have reached 1 hour by 2 Dec 2026"


def test_no_judgement_without_a_date_a_baseline_or_a_figure_nor_small_misses_in_the_first_tenth():
    far_behind = reported("at 3.9 hrs")
    assert standing.behind_pace(a_goal("3.5", "1", target_date=None), far_behind, FORTY_DAYS_IN) is None
    assert standing.behind_pace(a_goal(None, "1"), far_behind, FORTY_DAYS_IN) is None
    assert standing.behind_pace(a_goal("3.5", "1"), reported("met the ER charge nurse"), FORTY_DAYS_IN) is None
    assert standing.behind_pace(a_goal("3.5", "1"), reported("at 3.7 hrs"), START + timedelta(days=9)) is None
    assert standing.behind_pace(a_goal("3.5", "1"), reported("at 3.7 hrs"), START + timedelta(days=10)) is not None


@pytest.mark.parametrize("said, behind", [("at 3.5 hrs", False), ("at 3.75 hrs", False), ("at 3.76 hrs", True)])
def test_early_on_only_a_goal_moving_away_from_its_target_is_behind(said, behind):
    pace = standing.behind_pace(a_goal("3.5", "1"), reported(said), START + timedelta(days=2))
    assert (pace is not None) is behind
    if behind:
        assert pace.detail == "3.76 hours on 1 Oct 2026, moving away from the target: it started at 3.5 hours"


def test_the_latest_note_with_a_figure_counts():
    notes = reported("met the ER charge nurse", "handoffs at 3.2 hrs", "handoffs at 2 hrs")
    assert standing.behind_pace(a_goal("3.5", "1"), notes, FORTY_DAYS_IN).detail.startswith("3.2 hours on 30 Sep")


@pytest.mark.parametrize("said, behind", [("repeat calls down 15%", False), ("down 12%", False),
                                          ("down 11%", True), ("repeat calls up 2%", True)])
def test_a_change_target_runs_from_no_change_to_the_change(said, behind):
    calls = a_goal(None, "-30%", unit="%", description="cut repeat calls by 30%")  # half-way: down 15%, tolerance 3
    pace = standing.behind_pace(calls, reported(said), START + timedelta(days=50))
    assert (pace is not None) is behind
    if said == "down 11%":
        assert pace.detail == "down 11% on 1 Oct 2026, should be down about 15% by today"


# Every surface agrees


def quiet_goal_partnership(database_url, quiet_days: int = 10):
    """Alice's partnership, sponsored by Chief Carol, busy yesterday, with a goal whose
    last progress note was `quiet_days` ago."""
    with session_scope(database_url) as s:
        alice = person(s, "UALICE")
        carol = person(s, "UCAROL", role="leader")
        partnership = partnerships.create_partnership(s, alice, "school district", "problem")
        partnership.sponsor_id = carol.id
        s.add(Goal(partnership_id=partnership.id, description="cut truancy 15%", created_at=NOW - timedelta(days=60),
                   last_progress_at=NOW - timedelta(days=quiet_days)))
        s.flush()
        partnership.updated_at = NOW - timedelta(days=1)


def status_text(monkeypatch, user: str, now: datetime, text: str = "which partnerships are stalled?") -> str:
    monkeypatch.setattr(progress_actions, "utcnow", lambda: now)
    texts, _, _ = run(ActionPartnershipStatus(), tracker(text, "partnership_status", user=user))
    return "\n".join(texts)


def a_pass(database_url, sender, now: datetime, dry_run: bool = False):
    """One nudge pass that ran: on PostgreSQL the scheduler's lock is server-wide, and
    another test run on the same server may hold it for a moment."""
    for _ in range(100):
        report = run_pass(database_url, sender, now, dry_run=dry_run)
        if report.ran:
            return report
        time.sleep(0.1)
    raise AssertionError("another scheduler kept the lock")


def planned(database_url, now: datetime) -> dict[tuple[str, str], str]:
    """(who, nudge or digest) -> what the pass would say to them."""
    report = a_pass(database_url, None, now, dry_run=True)
    return {(user, kind): "\n".join(nudge_blocks.describe(i) for i in items) for user, kind, items in report.planned_messages}


@pytest.mark.parametrize("stall_days", [7, 14])
def test_every_surface_agrees_on_a_goal_quiet_for_ten_days(database_url, monkeypatch, stall_days):
    quiet_goal_partnership(database_url)
    changed = CliRunner().invoke(app, ["workspace", "T1", "--stall-days", str(stall_days)])
    assert changed.exit_code == 0, changed.output
    stalled_now = stall_days <= 10

    owner_home = home_blocks(slack_person("UALICE"), NOW)
    assert ("cut truancy 15%: no progress note for 10 days" in section(owner_home, "Goals stalled or behind pace")
            ) is stalled_now
    leader_home = section(home_blocks(slack_person("UCAROL"), NOW), "Every partnership in the workspace")
    said_stalled = "stalled: goal \"cut truancy 15%\" has had no progress note for 10 days"
    assert (said_stalled in leader_home) is stalled_now
    assert ("on track" in leader_home) is not stalled_now
    assert (said_stalled in status_text(monkeypatch, "UALICE", NOW)) is stalled_now
    assert (said_stalled in status_text(monkeypatch, "UCAROL", NOW)) is stalled_now
    plan = planned(database_url, NOW)
    nudged = "The goal *cut truancy 15%* on the *school district* partnership has had no progress note since"
    assert (nudged in plan.get(("UALICE", "nudge"), "")) is stalled_now
    assert ("cut truancy 15%" in plan.get(("UCAROL", "digest"), "")) is stalled_now


def test_a_snoozed_goal_is_stalled_nowhere_and_paused_reminders_change_no_page(database_url, monkeypatch):
    quiet_goal_partnership(database_url)
    with session_scope(database_url) as s:
        s.scalar(select(Workspace)).stall_days = 7
        alice = person(s, "UALICE")
        s.add(ReminderPreference(person_id=alice.id, paused_until=NOW + timedelta(days=30)))
    assert "cut truancy 15%: no progress note" in home_text("UALICE", NOW)
    assert "has had no progress note for 10 days" in status_text(monkeypatch, "UALICE", NOW)
    assert ("UALICE", "nudge") not in planned(database_url, NOW)  # paused: no message
    assert "cut truancy 15%" in planned(database_url, NOW)[("UCAROL", "digest")]  # the leader still hears

    with session_scope(database_url) as s:
        s.scalar(select(Goal)).snoozed_until = NOW + timedelta(days=7)
    assert "None stalled or behind pace." in home_text("UALICE", NOW)
    assert "cut truancy 15%" not in home_text("UCAROL", NOW)
    assert "no progress note" not in status_text(monkeypatch, "UALICE", NOW)
    assert planned(database_url, NOW) == {}


def test_every_surface_says_overdue_once_the_day_has_passed_where_the_owner_is(database_url, monkeypatch):
    """3 December has begun in Kiritimati, where the owner is, and it is still 2 December
    in Honolulu, where the sponsoring leader reads about it: due 2 December is overdue."""
    now = datetime(2026, 12, 2, 19, 0, tzinfo=timezone.utc)  # 09:00 in both, a day apart
    with session_scope(database_url) as s:
        owner = person(s, "UOWNER", "Pacific/Kiritimati")
        leader = person(s, "ULEADER", "Pacific/Honolulu", role="leader")
        partnership = partnerships.create_partnership(s, owner, "school district", "problem")
        partnership.sponsor_id = leader.id
        commitments.add_commitment(s, owner, "call the principal", date(2026, 12, 2), partnership)
        commitments.add_commitment(s, owner, "draft the MOU", date(2026, 12, 3), partnership)
    owner_home = home_blocks(slack_person("UOWNER", "Pacific/Kiritimati"), now)
    assert "call the principal: due Wednesday 2 December 2026 *(overdue)*" in section(owner_home, "My open commitments")
    assert "draft the MOU: due Thursday 3 December 2026\n" in section(owner_home, "My open commitments") + "\n"
    leader_home = home_blocks(slack_person("ULEADER", "Pacific/Honolulu"), now)
    assert "at risk: 1 overdue commitment (call the principal)" in section(leader_home,
                                                                          "Every partnership in the workspace")
    with session_scope(database_url) as s:
        risks = briefing.as_text(briefing.briefing(s.scalar(select(Partnership)), date(2026, 12, 2), now))
    assert "Overdue: call the principal (Sgt. UOWNER, due 2 Dec 2026)" in risks and "Overdue: draft" not in risks
    monkeypatch.setattr(progress_actions, "utcnow", lambda: now)
    texts, _, _ = run(ActionPartnershipStatus(), tracker("status of the school district partnership",
                                                         "partnership_status", user="ULEADER",
                                                         tz="Pacific/Honolulu"))
    said = "\n".join(texts)
    assert "at risk: 1 overdue commitment (call the principal)" in said
    assert "commitment: call the principal, due Wednesday 2 December 2026 (overdue)" in said
    assert "commitment: draft the MOU, due Thursday 3 December 2026 [" in said
    monkeypatch.setattr(commitment_actions, "utcnow", lambda: now)
    texts, _, _ = run(ActionListCommitments(), tracker("what have I committed to?", "list_commitments",
                                                       user="UOWNER", tz="Pacific/Kiritimati"))
    assert "call the principal, due Wednesday 2 December 2026 (overdue)" in texts[0]
    plan = planned(database_url, now)
    assert "call the principal" in plan[("UOWNER", "nudge")] and "draft the MOU" not in plan[("UOWNER", "nudge")]
    assert "call the principal" in plan[("ULEADER", "digest")] and "draft the MOU" not in plan[("ULEADER", "digest")]


def behind_pace_partnership(database_url, figure: str = "ER handoff at 2.9 hrs", noted: datetime = NOW):
    """Alice's Mercy Hospital partnership, sponsored by Chief Carol, with a goal from 3.5 h
    to 1 h set 100 days ago for 100 days from now: it should be at 2.25 h today."""
    with session_scope(database_url) as s:
        alice = person(s, "UALICE")
        carol = person(s, "UCAROL", role="leader")
        partnership = partnerships.create_partnership(s, alice, "Mercy Hospital", "problem")
        partnership.sponsor_id = carol.id
        goal = Goal(partnership_id=partnership.id, description="ER handoff 3.5h→1h", baseline="3.5", target="1",
                    unit="hours", direction="down", target_date=(NOW + timedelta(days=100)).date(),
                    created_at=NOW - timedelta(days=100), last_progress_at=noted)
        s.add(goal)
        s.flush()
        s.add(ProgressNote(partnership_id=partnership.id, goal_id=goal.id, author_id=alice.id, text=figure,
                           created_at=noted))
        return goal.id


PACE_DETAIL = "2.9 hours on 2 Dec 2026, should be about 2.2 hours by today"


def test_a_goal_behind_pace_puts_its_partnership_at_risk_on_every_surface(database_url, monkeypatch):
    behind_pace_partnership(database_url)
    reason = f"at risk: goal \"ER handoff 3.5h→1h\" behind pace: {PACE_DETAIL}"
    assert reason in status_text(monkeypatch, "UALICE", NOW)
    assert reason in section(home_blocks(slack_person("UCAROL"), NOW), "Every partnership in the workspace")
    assert f"ER handoff 3.5h→1h: behind pace, {PACE_DETAIL}" in section(home_blocks(slack_person("UALICE"), NOW),
                                                                         "Goals stalled or behind pace")
    plan = planned(database_url, NOW)
    said = f"The goal *ER handoff 3.5h→1h* on the *Mercy Hospital* partnership is behind pace: {PACE_DETAIL}."
    assert plan[("UALICE", "nudge")] == said and plan[("UCAROL", "digest")] == said
    with session_scope(database_url) as s:
        text = briefing.as_text(briefing.briefing(s.scalar(select(Partnership)), NOW.date(), NOW))
    assert f"Behind pace: ER handoff 3.5h→1h: {PACE_DETAIL}" in text


def test_a_goal_on_pace_is_on_track(database_url, monkeypatch):
    behind_pace_partnership(database_url, "ER handoff at 2.4 hrs")
    assert "Mercy Hospital: on track" in status_text(monkeypatch, "UALICE", NOW)
    assert planned(database_url, NOW) == {}


class RecordingSender(SlackNudgeSender):
    """Slack's Web API replaced by a list of the DMs sent."""

    def __init__(self):
        self.sent: list[tuple[str, str, list]] = []

    def send(self, user, text, body):
        self.sent.append((user, text, body))
        return f"D{user}", f"{len(self.sent)}.0001"

    def to(self, user: str) -> list[str]:
        return [json.dumps(body) for who, _, body in self.sent if who == user]


def test_a_goal_behind_pace_is_nudged_once_per_renudge_interval(database_url):
    behind_pace_partnership(database_url)
    sender = RecordingSender()
    for days in (0, 1, 6):
        a_pass(database_url, sender, NOW + timedelta(days=days, minutes=1))
    assert len(sender.to("UALICE")) == 1 and "behind pace" in sender.to("UALICE")[0]
    a_pass(database_url, sender, NOW + timedelta(days=7, minutes=2))
    assert len(sender.to("UALICE")) == 2


def test_a_goal_both_stalled_and_behind_pace_is_nudged_once_as_stalled(database_url):
    behind_pace_partnership(database_url, noted=NOW - timedelta(days=20))
    sender = RecordingSender()
    a_pass(database_url, sender, NOW)
    [nudge] = sender.to("UALICE")
    assert "has had no progress note since" in nudge and "behind pace" not in nudge
    a_pass(database_url, sender, NOW + timedelta(days=1))  # the pace alone is not a reason to nudge again
    assert len(sender.to("UALICE")) == 1


def test_a_snoozed_goal_behind_pace_is_not_nudged_but_still_shown(database_url, monkeypatch):
    goal_id = behind_pace_partnership(database_url)
    with session_scope(database_url) as s:
        s.get(Goal, goal_id).snoozed_until = NOW + timedelta(days=7)
    assert ("UALICE", "nudge") not in planned(database_url, NOW)
    assert "behind pace" in status_text(monkeypatch, "UALICE", NOW)


def test_a_goal_back_on_pace_before_the_nudge_goes_out_is_left_out_of_it(database_url):
    goal_id = behind_pace_partnership(database_url)
    a_pass(database_url, None, NOW)  # recorded, not sent
    with session_scope(database_url) as s:
        alice = person(s, "UALICE")
        s.add(ProgressNote(partnership_id=s.get(Goal, goal_id).partnership_id, goal_id=goal_id, author_id=alice.id,
                           text="ER handoff at 2.2 hrs", created_at=NOW + timedelta(minutes=5)))
    sender = RecordingSender()
    a_pass(database_url, sender, NOW + timedelta(minutes=15))
    assert sender.to("UALICE") == []


# Bounded cost


def cost_of(database_url, build) -> tuple[int, Counter]:
    """The SQL statements `build` runs, and the records it loads, by kind. Loading a
    relationship is one statement however many rows it holds, so both are counted."""
    engine, statements, records = engine_for(database_url), 0, Counter()

    def counted(*_):
        nonlocal statements
        statements += 1

    def loaded(record, _context):
        records[type(record).__name__] += 1
    event.listen(engine, "before_cursor_execute", counted)
    event.listen(Base, "load", loaded, propagate=True)
    try:
        build()
    finally:
        event.remove(engine, "before_cursor_execute", counted)
        event.remove(Base, "load", loaded)
    return statements, records


HISTORY = 500


def test_the_app_home_costs_the_same_with_a_long_history(database_url):
    """A leader who owns two partnerships: the App Home reads the same number of
    statements when one of them has HISTORY progress notes and done commitments."""
    with session_scope(database_url) as s:
        carol = person(s, "UCAROL", role="leader")
        for name in ("fresh", "long-running"):
            partnership = partnerships.create_partnership(s, carol, name, "problem")
            s.add(Goal(partnership_id=partnership.id, description=f"{name}: handoffs 3.5h→1h", baseline="3.5",
                       target="1", unit="hours", target_date=date(2027, 6, 30), created_at=NOW - timedelta(days=60),
                       last_progress_at=NOW - timedelta(days=1)))
            s.add(ProgressNote(partnership_id=partnership.id, author_id=carol.id, text="a blocker", kind="blocker"))
            commitments.add_commitment(s, carol, f"{name}: call the principal", date(2026, 12, 1), partnership)
    build = lambda: home_blocks(slack_person("UCAROL"), NOW)
    first = cost_of(database_url, build)
    assert first == cost_of(database_url, build)
    with session_scope(database_url) as s:
        partnership = s.scalar(select(Partnership).where(Partnership.name == "long-running"))
        goal = s.scalar(select(Goal).where(Goal.partnership_id == partnership.id))
        s.add_all([ProgressNote(partnership_id=partnership.id, goal_id=goal.id, author_id=partnership.owner_id,
                                text=f"handoffs at {3 - n / 1000} hrs", created_at=NOW - timedelta(minutes=n))
                   for n in range(HISTORY)])
        s.add_all([Commitment(workspace_id=partnership.workspace_id, owner_id=partnership.owner_id,
                              partnership_id=partnership.id, text=f"done {n}", due_date=date(2026, 11, 1),
                              status="done") for n in range(HISTORY)])
    home = home_blocks(slack_person("UCAROL"), NOW)
    assert cost_of(database_url, build) == first
    every = section(home, "Every partnership in the workspace")
    assert "long-running (Sgt. UCAROL): at risk: 1 overdue commitment" in every
    assert "1 blocker reported (latest: \"a blocker\")" in every
