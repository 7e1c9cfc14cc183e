"""`coach export --format json`: every partnership with its stakeholders, goals,
commitments and progress notes (the fields are listed in the README's command table)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot import goals
from bot.store import commitments, partnerships, workspaces
from bot.store.models import Commitment, Goal, Partnership, ProgressNote


def _commitment(c: Commitment) -> dict:
    return {"owner": c.owner.shown_name, "owner_id": c.owner.external_id,
            "text": c.text, "due_date": c.due_date.isoformat() if c.due_date else None,
            "status": c.status, "goal": goals.title(c.goal) if c.goal else None}


def _partnership(p: Partnership) -> dict:
    return {
        "name": p.name, "partner": p.partner, "owner": p.owner.external_id,
        "members": [m.external_id for m in p.members], "current_step": p.current_step,
        "steps": {a.step_id: {"answer": a.answer, "status": a.status} for a in p.answers},
        "stakeholders": [{"organisation": s.organisation, "contact": s.contact, "interests": s.interests}
                         for s in p.stakeholders],
        "goals": [{"id": g.id, "description": g.description, "measure": g.measure, "baseline": g.baseline,
                   "target": g.target, "target_date": g.target_date.isoformat() if g.target_date else None}
                  for g in p.goals],
        "commitments": [_commitment(c) for c in p.commitments],
        "progress_notes": [_progress_note(n, {g.id: g for g in p.goals}) for n in p.progress_notes],
    }


def _progress_note(n: ProgressNote, goals_by_id: dict[int, Goal]) -> dict:
    """A note with the goal it reports on (its id in "goals", and its title), if any."""
    goal = goals_by_id.get(n.goal_id)
    return {"text": n.text, "kind": n.kind, "at": n.created_at.isoformat(),
            "goal_id": goal.id if goal else None, "goal": goals.title(goal) if goal else None,
            # a blocker is open until handled (None)
            **({"handled_at": n.handled_at.isoformat() if n.handled_at else None} if n.kind == "blocker" else {})}


def export(session: Session, workspace: str | None = None) -> dict:
    result = []
    for ws in workspaces.every_workspace(session):
        if workspace and ws.external_id != workspace:
            continue
        in_workspace = partnerships.every_partnership(session, ws.external_id)
        loose = commitments.without_partnership(session, ws)
        result.append({"workspace": ws.external_id,
                       "partnerships": [_partnership(p) for p in in_workspace],
                       "commitments_without_partnership": [_commitment(c) for c in loose]})
    return {"workspaces": result}
