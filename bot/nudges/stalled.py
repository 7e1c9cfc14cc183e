"""What is stalled, and whether a person may be nudged now (their shift: shifts.py).

A commitment past its due date, or a goal with no progress note for the workspace's
`stall_days`, is stalled. It is left alone while snoozed, if it changed in the last
day, or if it was nudged within the workspace's `renudge_days`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from bot.nudges import shifts
from bot.store.models import (
    Commitment, Goal, NudgeItem, NudgeMessage, Partnership, ReminderPreference, Workspace,
)

RECENTLY_UPDATED = timedelta(days=1)
DEFAULT_TZ = "UTC"


@dataclass(frozen=True)
class StalledItem:
    kind: str            # commitment | goal
    item_id: int
    owner_id: int
    text: str
    partnership: str | None
    since: date          # due date, or the day of the last progress


def _not_recently_nudged(kind: str, item_id, now: datetime, days: int):
    """No nudge (digests don't count) mentioned the item within `days`."""
    return ~exists().where(NudgeItem.kind == kind, NudgeItem.item_id == item_id,
                           NudgeItem.created_at > now - timedelta(days=days),
                           NudgeItem.message_id == NudgeMessage.id, NudgeMessage.kind == "nudge")


def stalled_commitments(session: Session, workspace: Workspace, now: datetime) -> list[StalledItem]:
    # due before "today" anywhere on Earth; each owner's own today is checked by the caller
    rows = session.execute(  # columns, not entities: a pass may find thousands
        select(Commitment.id, Commitment.owner_id, Commitment.text, Commitment.due_date, Partnership.name)
        .outerjoin(Partnership, Commitment.partnership_id == Partnership.id)
        .where(Commitment.workspace_id == workspace.id, Commitment.status == "open",
               Commitment.due_date < (now + timedelta(days=1)).date(),
               or_(Commitment.snoozed_until.is_(None), Commitment.snoozed_until <= now),
               or_(Commitment.updated_at.is_(None), Commitment.updated_at <= now - RECENTLY_UPDATED),
               _not_recently_nudged("commitment", Commitment.id, now, workspace.renudge_days))
        .order_by(Commitment.due_date, Commitment.id)
    )
    return [StalledItem("commitment", row.id, row.owner_id, row.text, row.name, row.due_date) for row in rows]


def stalled_goals(session: Session, workspace: Workspace, now: datetime) -> list[StalledItem]:
    last_activity = func.coalesce(Goal.last_progress_at, Goal.created_at)
    rows = session.execute(
        select(Goal, Partnership.name, Partnership.owner_id, last_activity)
        .join(Partnership, Goal.partnership_id == Partnership.id)
        .where(Partnership.workspace_id == workspace.id,
               last_activity <= now - timedelta(days=workspace.stall_days),
               or_(Goal.snoozed_until.is_(None), Goal.snoozed_until <= now),
               _not_recently_nudged("goal", Goal.id, now, workspace.renudge_days))
        .order_by(Goal.id)
    )
    return [StalledItem("goal", g.id, owner, g.description, name, _day(since)) for g, name, owner, since in rows]


def _day(moment) -> date:
    return moment.date() if isinstance(moment, datetime) else datetime.fromisoformat(str(moment)).date()


def overdue_for(item: StalledItem, tz_name: str | None, now: datetime) -> bool:
    """A commitment is overdue once its due date has passed in the owner's time zone."""
    if item.kind != "commitment":
        return True
    return item.since < now.astimezone(ZoneInfo(tz_name or DEFAULT_TZ)).date()


def may_nudge_now(preference: ReminderPreference | None, tz_name: str | None, now: datetime,
                  workspace: Workspace | None = None) -> bool:
    """In the person's shift window on one of their working days, unless they opted
    out or paused, or it is a public holiday their workspace skips (bot/nudges/shifts.py)."""
    return shifts.may_nudge_now(preference, tz_name, now, workspace)
