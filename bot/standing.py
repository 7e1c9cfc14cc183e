"""What overdue, stalled and behind pace mean, written once for every page and message
that says so: the App Home, status in chat, the nudges and the leader's digest, the
briefing (and so the checklist file) and the list of commitments. How a whole
partnership stands (stalled, at risk, on track) is built from these in bot/partnership_status.py.

- A commitment is *overdue* when it is open and its due date has passed in its owner's
  time zone: one due today is not overdue until the owner's midnight.
- A goal is *stalled* when it has had no progress note for the workspace's `stall_days`
  (counted from the day it was set until its first note), unless it is snoozed.
- A goal is *behind pace* when its latest reported figure is behind the straight line
  from its baseline, on the day it was set, to its target, on its date, by more than a
  tenth of the planned change (`behind_pace` says exactly when it is judged).

Snoozing (a nudge's "Snooze a week") quiets the nudges about an item. A snoozed goal is
not stalled either: someone has said they are on it. A snoozed commitment is still
overdue, and a snoozed goal still behind pace: those are facts about dates and figures,
and every page shows them; only the nudges leave them alone while the snooze lasts. A
person's paused or stopped reminders change no page at all: they stop messages, not the
truth on the page.

Each rule is here twice, side by side: a Python predicate for a record in hand, and an
SQL clause for the queries that look for many (the nudge pass, whose scans of a whole
workspace are at the end). tests/test_standing.py
checks that the two agree. The queries for one partnership read the open commitments,
the latest notes and the highest timestamps only, so a long history costs nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Row, and_, func, or_, select, union_all
from sqlalchemy.orm import Session, contains_eager

from bot import goals
from bot.dates import short_date
from bot.store.models import Commitment, Goal, Partnership, Person, ProgressNote, Workspace, as_utc

DEFAULT_TZ = "UTC"  # a person whose time zone Slack never gave
EARLIEST_ZONE = timedelta(hours=14)  # UTC+14: where each day begins first


def owner_today(tz_name: str | None, now: datetime) -> date:
    return now.astimezone(ZoneInfo(tz_name or DEFAULT_TZ)).date()


def snoozed(snoozed_until: datetime | None, now: datetime) -> bool:
    return snoozed_until is not None and as_utc(snoozed_until) > now


def not_snoozed(model, now: datetime):
    """SQL for `not snoozed(model.snoozed_until, now)`."""
    return or_(model.snoozed_until.is_(None), model.snoozed_until <= now)


# Overdue


def overdue(due_date: date | None, owner_tz: str | None, now: datetime) -> bool:
    """An open commitment due on `due_date` is overdue: the day has passed where its owner is."""
    return due_date is not None and due_date < owner_today(owner_tz, now)


def commitment_overdue(commitment: Commitment, now: datetime) -> bool:
    return commitment.status == "open" and overdue(commitment.due_date, commitment.owner.timezone, now)


def may_be_overdue(now: datetime):
    """SQL: open and due before today somewhere on Earth. It finds every overdue
    commitment and a few due today in the owner's zone, which `overdue` then leaves out:
    SQLite can't read a time zone's rules."""
    return and_(Commitment.status == "open", Commitment.due_date < (now + EARLIEST_ZONE).date())


def overdue_commitments(session: Session, now: datetime, *where) -> list[Commitment]:
    """The overdue commitments `where` picks (a partnership's, say), earliest due first,
    with their owners loaded."""
    found = session.scalars(select(Commitment).join(Commitment.owner).options(contains_eager(Commitment.owner))
                            .where(may_be_overdue(now), *where).order_by(Commitment.due_date, Commitment.id))
    return [c for c in found if overdue(c.due_date, c.owner.timezone, now)]


# Stalled


def quiet_since(goal: Goal) -> datetime:
    """The goal's last progress note, or when it was set if it has none."""
    return as_utc(goal.last_progress_at or goal.created_at)


def quiet_days(goal: Goal, now: datetime) -> int:
    return (now - quiet_since(goal)).days


def goal_stalled(goal: Goal, now: datetime, stall_days: int) -> bool:
    return not snoozed(goal.snoozed_until, now) and quiet_since(goal) <= now - timedelta(days=stall_days)


def goal_stalled_clause(now: datetime, stall_days: int):
    """SQL for `goal_stalled`."""
    return and_(func.coalesce(Goal.last_progress_at, Goal.created_at) <= now - timedelta(days=stall_days),
                not_snoozed(Goal, now))


def last_activity(session: Session, partnership: Partnership) -> datetime:
    """The latest of: the partnership changed (an answer), a progress note or blocker, a
    commitment made. One query of three maxima."""
    notes = select(func.max(ProgressNote.created_at)).where(ProgressNote.partnership_id == partnership.id)
    made = select(func.max(Commitment.created_at)).where(Commitment.partnership_id == partnership.id)
    row = session.execute(select(notes.scalar_subquery(), made.scalar_subquery())).one()
    return max(as_utc(moment) for moment in (partnership.updated_at, *row) if moment)


def blockers(session: Session, partnership: Partnership) -> tuple[int, str | None]:
    """How many blockers are open (reported, not yet handled), and the latest one's words."""
    of_it = (ProgressNote.partnership_id == partnership.id, ProgressNote.kind == "blocker",
             ProgressNote.handled_at.is_(None))
    latest = (select(ProgressNote.text).where(*of_it)
              .order_by(ProgressNote.created_at.desc(), ProgressNote.id.desc()).limit(1))
    count = select(func.count()).select_from(ProgressNote).where(*of_it)
    return tuple(session.execute(select(count.scalar_subquery(), latest.scalar_subquery())).one())


# Behind pace

PACE_TOLERANCE = 0.10   # of the whole planned change
PACE_GRACE = 0.10       # of the time from setting the goal to its date
NOTES_READ_FOR_A_FIGURE = 5


@dataclass(frozen=True)
class PlannedLine:
    """Where a goal should be on any day: a straight line from `start` to `end`. For a
    change target ("-30%") the values are changes, from none to the target's."""

    start_day: date
    start: float
    end_day: date
    end: float
    as_change: bool

    def on(self, day: date) -> float:
        span = (self.end_day - self.start_day).days
        share = min(max((day - self.start_day).days / span, 0.0), 1.0)
        return self.start + (self.end - self.start) * share


@dataclass(frozen=True)
class Pace:
    goal: str          # the goal's description
    detail: str        # "2.9 hours on 20 Nov 2026, should be about 2.4 hours by today"
    reported_on: date  # the day of the figure

    @property
    def reason(self) -> str:
        return f"goal \"{self.goal}\" behind pace: {self.detail}"


def planned_line(goal: Goal) -> PlannedLine | None:
    """The goal's line, from (the day it was set, its baseline) to (its date, its target).
    None without a date or a numeric target, without a baseline for a target level
    ("to 12%"), or when the goal was set on or after its date or plans no change."""
    target = goals.number_in(goal.target)
    if goal.target_date is None or target is None:
        return None
    as_change = goal.target.startswith(("-", "+"))
    start = 0.0 if as_change else goals.number_in(goal.baseline)
    start_day = as_utc(goal.created_at).date()
    if start is None or start == target or goal.target_date <= start_day:
        return None
    return PlannedLine(start_day, start, goal.target_date, target, as_change)


def latest_figure(goal: Goal, line: PlannedLine, notes: list[tuple[str, datetime]]) -> tuple[float, date] | None:
    """The figure in the newest of `notes` (newest first) that reports one, and its day: a
    level ("at 2.9 hrs") for a level target, a change ("down 12%") for a change target."""
    for text, at in notes:
        value = goals.reported_change(text) if line.as_change else goals.reported_level(goal, text)
        if value is not None:
            return value, as_utc(at).date()
    return None


def behind_pace(goal: Goal, notes: list[tuple[str, datetime]], today: date) -> Pace | None:
    """The goal's pace when it is behind, else None; `notes` are its latest progress
    notes, newest first, and `today` is its owner's.

    Behind means the latest figure is short of today's point on the planned line by more
    than PACE_TOLERANCE (a tenth) of the whole planned change: on 3.5 h → 1 h, half-way
    through the time, the line is at 2.25 h, and 2.5 h is still on pace, 2.51 h behind.
    Being ahead is never behind. Figures are noisy (a bad week, a late report), and a
    tenth of the change is the smallest shortfall worth a message. In the first tenth of
    the time nothing need have moved yet, so then only a figure worse than the baseline
    by more than that tenth is behind: it is moving away from the target.
    After the target date the line stays at the target. No judgement without a line
    (`planned_line`) or without a figure in the latest notes."""
    line = planned_line(goal)
    figure = latest_figure(goal, line, notes) if line else None
    if figure is None:
        return None
    early = (today - line.start_day).days < PACE_GRACE * (line.end_day - line.start_day).days
    value, reported_on = figure
    planned = line.end - line.start
    expected = line.start if early else line.on(today)
    shortfall = (expected - value) if planned > 0 else (value - expected)
    if round(shortfall - PACE_TOLERANCE * abs(planned), 9) <= 0:
        return None
    said = f"{_amount(goal, line, value)} on {short_date(reported_on)}, "
    if early:
        said += f"moving away from the target: it started at {_amount(goal, line, line.start)}"
    elif today > line.end_day:
        said += f"should have reached {_amount(goal, line, line.end)} by {short_date(line.end_day)}"
    else:
        shown = round(expected, _decimals(goal, abs(planned)))
        said += f"should be {_amount(goal, line, shown, about=True)} by today"
    return Pace(goal.description, said, reported_on)


def _amount(goal: Goal, line: PlannedLine, value: float, about: bool = False) -> str:
    """2.4 -> "about 2.4 hours"; a change -12 -> "down about 12%"."""
    amount = ("about " if about else "") + goals.said_in_unit(abs(value) if line.as_change else value, goal)
    return f"{'down' if value < 0 else 'up'} {amount}" if line.as_change else amount


def _decimals(goal: Goal, planned: float) -> int:
    """As many decimals as the goal's own numbers, and one when the tolerance is under 1."""
    said = [n.split(".")[1] for n in (goal.baseline or "", goal.target or "") if "." in n]
    return max([len(d.rstrip("%")) for d in said] + [1 if PACE_TOLERANCE * planned < 1 else 0])


GOALS_PER_QUERY = 100  # SQLite allows 500 parts to a UNION


def latest_notes(session: Session, goal_ids: list[int]) -> dict[int, list[tuple[str, datetime]]]:
    """Each goal's latest progress notes, newest first, at most NOTES_READ_FOR_A_FIGURE.
    Each goal's are read from the end of its index (ix_progress_notes_goal), so a goal
    with years of notes costs what a new one does; one query per GOALS_PER_QUERY goals."""
    found: dict[int, list[tuple[str, datetime]]] = {}
    for first in range(0, len(goal_ids), GOALS_PER_QUERY):
        each_goal = [select(ProgressNote.goal_id, ProgressNote.id, ProgressNote.text, ProgressNote.created_at)
                     .where(ProgressNote.goal_id == goal_id, ProgressNote.kind == "progress")
                     .order_by(ProgressNote.created_at.desc(), ProgressNote.id.desc())
                     .limit(NOTES_READ_FOR_A_FIGURE).subquery().select()
                     for goal_id in goal_ids[first:first + GOALS_PER_QUERY]]
        rows = session.execute(union_all(*each_goal)).all()
        for row in sorted(rows, key=lambda row: (as_utc(row.created_at), row.id), reverse=True):
            found.setdefault(row.goal_id, []).append((row.text, row.created_at))
    return found


def goals_behind_pace(session: Session, candidates: list[Goal], today: date) -> dict[int, Pace]:
    """By goal id, the paces of those of `candidates` behind it; one query for all."""
    with_line = [g for g in candidates if planned_line(g)]
    notes = latest_notes(session, [g.id for g in with_line]) if with_line else {}
    paces = {g.id: behind_pace(g, notes.get(g.id, []), today) for g in with_line}
    return {goal_id: pace for goal_id, pace in paces.items() if pace}


def pace_now(session: Session, goal: Goal, now: datetime) -> Pace | None:
    """One goal's pace, when behind, on its owner's today."""
    today = owner_today(goal.partnership.owner.timezone, now)
    return goals_behind_pace(session, [goal], today).get(goal.id)


def pace_clause():
    """SQL: goals with what a planned line needs (`planned_line` has the last word)."""
    return and_(Goal.target_date.is_not(None), Goal.target.is_not(None),
                or_(Goal.baseline.is_not(None), Goal.target.like("-%"), Goal.target.like("+%")))


def owners_goals(session: Session, owner: Person) -> list[Goal]:
    """The goals of the partnerships `owner` owns: theirs to move (and to be nudged about)."""
    return list(session.scalars(select(Goal).join(Partnership).where(Partnership.owner_id == owner.id)
                                .order_by(Goal.id)))


# A whole workspace at once (the nudge pass): columns, not records, as a pass may find thousands


def overdue_in_workspace(session: Session, workspace: Workspace, now: datetime, *where) -> list[Row]:
    """The workspace's overdue commitments that `where` picks, earliest due first: their
    id, owner_id, text, due_date and partnership name."""
    rows = session.execute(
        select(Commitment.id, Commitment.owner_id, Commitment.text, Commitment.due_date, Partnership.name,
               Person.timezone)
        .join(Person, Commitment.owner_id == Person.id)
        .outerjoin(Partnership, Commitment.partnership_id == Partnership.id)
        .where(Commitment.workspace_id == workspace.id, may_be_overdue(now), *where)
        .order_by(Commitment.due_date, Commitment.id)
    )
    return [row for row in rows if overdue(row.due_date, row.timezone, now)]


def stalled_in_workspace(session: Session, workspace: Workspace, now: datetime, *where) -> list[Row]:
    """The workspace's stalled goals that `where` picks: their id, description,
    last_progress_at, created_at, and their partnership's name and owner_id."""
    return list(session.execute(
        select(Goal.id, Goal.description, Goal.last_progress_at, Goal.created_at, Partnership.name,
               Partnership.owner_id)
        .join(Partnership, Goal.partnership_id == Partnership.id)
        .where(Partnership.workspace_id == workspace.id, goal_stalled_clause(now, workspace.stall_days), *where)
        .order_by(Goal.id)
    ))


def behind_pace_in_workspace(session: Session, workspace: Workspace, now: datetime,
                             *where) -> list[tuple[Goal, str, int, Pace]]:
    """The workspace's goals behind pace that `where` picks, each judged on its owner's
    today: (the goal, its partnership's name, its owner's id, its pace)."""
    candidates = (select(Goal, Partnership.name, Partnership.owner_id, Person.timezone)
                  .join(Partnership, Goal.partnership_id == Partnership.id)
                  .join(Person, Partnership.owner_id == Person.id)
                  .where(Partnership.workspace_id == workspace.id, pace_clause(), *where)
                  .order_by(Goal.id))
    found = session.execute(candidates).all()
    notes = latest_notes(session, [goal.id for goal, *_ in found]) if found else {}
    behind = []
    for goal, name, owner_id, tz in found:
        pace = behind_pace(goal, notes.get(goal.id, []), owner_today(tz, now))
        if pace:
            behind.append((goal, name, owner_id, pace))
    return behind
