"""What to nudge about (whether a person may be nudged now is their shift: shifts.py).

Overdue commitments, stalled goals and goals behind pace, as bot/standing.py defines
them and scans a workspace for them (its SQL clauses checked with its predicates). A
nudge then leaves an item alone while it is snoozed, if it (a commitment) changed in
the last day, or if it was nudged within the workspace's `renudge_days`: a goal counts as
nudged whether it was as stalled or as behind pace (bot/store/nudge_log.py keeps what
was nudged when), and a goal both stalled and behind
pace is nudged once, as stalled. The leader's digest lists everything overdue, stalled
or behind pace on the partnerships they sponsor, nudged or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from bot import standing
from bot.store import commitments, nudge_log, partnerships
from bot.store.models import Commitment, Goal, Workspace, as_utc

RECENTLY_UPDATED = timedelta(days=1)
DEFAULT_TZ = "UTC"
GOAL_KINDS = ("goal", "pace")  # a goal nudged as either is not nudged again as the other


@dataclass(frozen=True)
class StalledItem:
    kind: str            # commitment | goal (stalled) | pace (a goal behind pace)
    item_id: int
    owner_id: int
    text: str
    partnership: str | None
    since: date          # due date, the day of the last progress, or the day of the figure behind pace
    detail: str | None = None  # behind pace: "2.9 hours on 20 Nov 2026, should be about 2.4 hours by today"


def overdue_commitments(session: Session, workspace: Workspace, now: datetime, *where) -> list[StalledItem]:
    """The workspace's overdue commitments that `where` picks, earliest due first."""
    return [StalledItem("commitment", row.id, row.owner_id, row.text, row.name, row.due_date)
            for row in standing.overdue_in_workspace(session, workspace, now, *where)]


def stalled_goals(session: Session, workspace: Workspace, now: datetime, *where) -> list[StalledItem]:
    """The workspace's stalled goals that `where` picks."""
    return [StalledItem("goal", row.id, row.owner_id, row.description, row.name,
                        as_utc(row.last_progress_at or row.created_at).date())
            for row in standing.stalled_in_workspace(session, workspace, now, *where)]


def goals_behind_pace(session: Session, workspace: Workspace, now: datetime, *where) -> list[StalledItem]:
    """The workspace's goals behind pace that `where` picks, each judged on its owner's today."""
    return [StalledItem("pace", goal.id, owner_id, goal.description, name, pace.reported_on, pace.detail)
            for goal, name, owner_id, pace in standing.behind_pace_in_workspace(session, workspace, now, *where)]


def one_item_per_goal(items: list[StalledItem]) -> list[StalledItem]:
    """A goal both stalled and behind pace is listed once, as stalled: a progress note
    answers both."""
    stalled = {item.item_id for item in items if item.kind == "goal"}
    return [item for item in items if not (item.kind == "pace" and item.item_id in stalled)]


def to_nudge(session: Session, workspace: Workspace, now: datetime) -> list[StalledItem]:
    """Everything to nudge its owner about in this pass."""
    renudge = workspace.renudge_days
    overdue = overdue_commitments(
        session, workspace, now, standing.not_snoozed(Commitment, now),
        commitments.unchanged_since(now - RECENTLY_UPDATED),
        nudge_log.not_nudged_within(("commitment",), Commitment.id, now, renudge))
    quiet_goals = (standing.not_snoozed(Goal, now), nudge_log.not_nudged_within(GOAL_KINDS, Goal.id, now, renudge))
    return overdue + one_item_per_goal(stalled_goals(session, workspace, now, *quiet_goals)
                                       + goals_behind_pace(session, workspace, now, *quiet_goals))


def for_digest(session: Session, workspace: Workspace, now: datetime) -> list[StalledItem]:
    """Everything overdue, stalled or behind pace on the workspace's sponsored partnerships."""
    sponsored = partnerships.sponsored()
    return (overdue_commitments(session, workspace, now, sponsored)
            + one_item_per_goal(stalled_goals(session, workspace, now, sponsored)
                                + goals_behind_pace(session, workspace, now, sponsored)))

