"""How a partnership stands: on track, at risk or stalled, with the reasons.

Stalled: no activity (answer, commitment made or progress note) for the workspace's
`stall_days`, or a goal stalled (bot/standing.py). At risk: overdue commitments, goals
behind pace, open blockers, skipped steps, red flags the answers raised, or domains of
concern in the latest health check. Otherwise on track.

Every part is read with a bounded query (maxima, counts, the open commitments, the
latest notes), so a partnership with years of notes costs what a new one does."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import object_session

from bot import assessment
from bot.briefing import latest_health_check
from bot.evidence import red_flag
from bot.knowledge import knowledge
from bot.standing import blockers, goal_stalled, goals_behind_pace, last_activity, overdue_commitments, owner_today, quiet_days
from bot.store.models import Commitment, Partnership, Workspace


@dataclass
class Standing:
    partnership: str
    owner: str
    state: str                       # on track | at risk | stalled
    reasons: list[str] = field(default_factory=list)


def standing(partnership: Partnership, now: datetime) -> Standing:
    session = object_session(partnership)
    stall_days = session.get(Workspace, partnership.workspace_id).stall_days
    stalled, at_risk = [], []
    owner = partnership.owner.shown_name
    idle = (now - last_activity(session, partnership)).days
    if idle >= stall_days:
        stalled.append(f"no progress for {idle} days")
    for goal in partnership.goals:
        if goal_stalled(goal, now, stall_days):
            stalled.append(f"goal \"{goal.description}\" has had no progress note for {quiet_days(goal, now)} days")
    overdue = overdue_commitments(session, now, Commitment.partnership_id == partnership.id)
    if overdue:
        at_risk.append(f"{len(overdue)} overdue commitment{'s' if len(overdue) > 1 else ''} "
                       f"({', '.join(c.text for c in overdue[:3])})")
    paces = goals_behind_pace(session, partnership.goals, owner_today(partnership.owner.timezone, now))
    at_risk += [pace.reason for pace in paces.values()]
    blocker_count, latest_blocker = blockers(session, partnership)
    if blocker_count:
        at_risk.append(f"{blocker_count} blocker{'s' if blocker_count > 1 else ''} reported "
                       f"(latest: \"{latest_blocker}\")")
    skipped = [a.step_id for a in partnership.answers if a.status == "skipped"]
    if skipped:
        names = {s["id"]: s["name"].lower() for s in knowledge().steps}
        at_risk.append(f"skipped: {', '.join(names.get(s, s) for s in skipped)}")
    if flags := sorted({item.red_flag for item in partnership.checklist_items if item.red_flag}):
        at_risk.append(f"red flag{'s' if len(flags) > 1 else ''}: "
                       f"{', '.join(red_flag(flag)['name'].lower() for flag in flags)}")
    if concerns := health_concerns(partnership):
        at_risk.append(f"health check concern{'s' if len(concerns) > 1 else ''}: {', '.join(concerns)}")
    if stalled:
        return Standing(partnership.name, owner, "stalled", stalled + at_risk)
    if at_risk:
        return Standing(partnership.name, owner, "at risk", at_risk)
    return Standing(partnership.name, owner, "on track", [])


def health_concerns(partnership: Partnership) -> list[str]:
    """The domains the latest health check scored as a concern (Wilder: 2.9 or less)."""
    found = latest_health_check(partnership)
    if found is None:
        return []
    domains = knowledge().domains
    return [f"{domains[s.domain]['name'].lower()} {s.average:.1f}"
            for s in assessment.scores({r.item_id: r.rating for r in found.ratings}) if s.verdict == "concern"]


def describe(standings: list[Standing], title: str = "How your partnerships stand:",
             with_owner: bool = False) -> str:
    order = {"stalled": 0, "at risk": 1, "on track": 2}
    ordered = sorted(standings, key=lambda s: order[s.state])
    return "\n".join([title, *(f"- {line(s, with_owner)}" for s in ordered)])


def line(s: Standing, with_owner: bool = False) -> str:
    """"truancy (Sgt. Alice): at risk: 1 overdue commitment (...)"."""
    reasons = f": {'; '.join(s.reasons)}" if s.reasons else ""
    owner = f" ({s.owner})" if with_owner else ""
    return f"{s.partnership}{owner}: {s.state}{reasons}"
