"""How a partnership stands: on track, at risk or stalled, with the reasons.

Stalled: no activity (answer, commitment change or progress note) for the workspace's
`stall_days`, or a goal without progress for that long. At risk: overdue commitments,
open blockers, skipped steps, red flags the answers raised, or domains of concern in
the latest health check. Otherwise on track."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot import assessment
from bot.briefing import latest_health_check
from bot.evidence import red_flag
from bot.knowledge import knowledge
from bot.store.models import Partnership, as_utc


@dataclass
class Standing:
    partnership: str
    owner: str
    state: str                       # on track | at risk | stalled
    reasons: list[str] = field(default_factory=list)


def standing(partnership: Partnership, now: datetime, today: date, stall_days: int = 14) -> Standing:
    stalled, at_risk = [], []
    owner = partnership.owner.shown_name
    activity = [partnership.updated_at, *(n.created_at for n in partnership.progress_notes),
                *(c.created_at for c in partnership.commitments)]
    idle = (now - max(as_utc(a) for a in activity if a)).days
    if idle >= stall_days:
        stalled.append(f"no progress for {idle} days")
    for goal in partnership.goals:
        quiet = (now - as_utc(goal.last_progress_at or goal.created_at)).days
        if quiet >= stall_days:
            stalled.append(f"goal \"{goal.description}\" has had no progress note for {quiet} days")
    overdue = [c for c in partnership.commitments if c.status == "open" and c.due_date and c.due_date < today]
    if overdue:
        at_risk.append(f"{len(overdue)} overdue commitment{'s' if len(overdue) > 1 else ''} "
                       f"({', '.join(c.text for c in overdue[:3])})")
    blockers = [n for n in partnership.progress_notes if n.is_open_blocker]
    if blockers:
        at_risk.append(f"{len(blockers)} blocker{'s' if len(blockers) > 1 else ''} reported "
                       f"(latest: \"{blockers[-1].text}\")")
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



