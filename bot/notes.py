"""Progress notes and blockers kept on a partnership, and the reply that says so: one
place for "blocker: the county cut the clinician" said on its own (action_report_progress)
or in the middle of a step (bot/actions/coaching.py)."""

from __future__ import annotations

import re

from bot import goals
from bot.barriers import barrier_advice, matching_barrier
from bot.store import history
from bot.store.models import Partnership, ProgressNote, utcnow

# "blocker: ...", "quick update: ...", "fyi ...": news, whatever step is open.
NEWS = re.compile(r"^\W*(?:(?P<blocker>blocker|problem|issue|roadblock)|(?:quick\s+)?(?:update|progress|fyi|heads up|news))"
                  r"\b(?:\s+(?:on|for|re)\b[^:]{1,60})?\s*(?:[:,-]|tho\b|though\b)", re.I)  # "progress on the fights goal:"


def news_kind(said: str) -> str | None:
    """"blocker" or "progress" when the message announces itself as news, else None."""
    found = NEWS.match(said)
    return None if found is None else ("blocker" if found["blocker"] else "progress")


def record(session, person, partnership: Partnership, kind: str, said: str, goal=None) -> tuple[str, list[dict]]:
    """Keep the note; return the reply and any buttons ("Which goal is it about?")."""
    goal = goal or (partnership.goals[0] if kind == "progress" and len(partnership.goals) == 1 else None)
    note = ProgressNote(partnership_id=partnership.id, author_id=person.id, text=said, kind=kind,
                        goal_id=goal.id if goal else None)
    partnership.progress_notes.append(note)
    history.added(session, person, partnership, kind, note, said)
    partnership.updated_at = utcnow()
    if kind == "progress":
        return progress_reply(partnership, goal, said), (goal_buttons(partnership) if goal is None else [])
    raised = " Blockers that sit get raised with the sponsoring leader." if partnership.sponsor_id else ""
    reply = [f"Noted the blocker on the {partnership.name} partnership.{raised} Say \"that's not a blocker\" "
             "if I got it wrong."]
    if barrier := matching_barrier(said):
        reply += barrier_advice(barrier, "This looks like a known barrier")
    return "\n".join(reply), []


def goal_buttons(partnership) -> list[dict]:
    """One button per goal, and a way out; the choice links the note just taken."""
    if not partnership.goals:
        return []
    return ([{"title": goals.title(g)[:60], "payload": f'/report_progress{{"goal_id": "{g.id}"}}'}
             for g in partnership.goals[:5]] + [{"title": "None of these", "payload": "/deny"}])


def progress_reply(partnership, goal, said: str) -> str:
    if goal is None:
        return (f"Noted on the {partnership.name} partnership. "
                + ("Which goal is it about?" if partnership.goals else
                   "It has no measurable goals yet, so I can't say how far it is from a target; add them at "
                   "the common goals step."))
    goal.last_progress_at = utcnow()
    distance = goals.against_target(goal, said)
    return (f"Noted on the goal \"{goals.title(goal)}\" of the {partnership.name} partnership. "
            + (distance or f"The goal is {goals.describe(goal)}; include a number next time to see the distance."))
