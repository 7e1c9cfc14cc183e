"""Progress notes and blockers kept on a partnership, and the reply that says so: one
place for "blocker: the county cut the clinician" said on its own (action_report_progress)
or in the middle of a step (bot/actions/coaching.py). A blocker said to be over ("the data
sharing blocker is resolved") is marked handled, whether said to action_undo or mid-step."""

from __future__ import annotations

import re

from bot import goals
from bot.barriers import barrier_advice, matching_barrier
from bot.store import history
from bot.store.models import Partnership, ProgressNote, utcnow

# "blocker: ...", "quick update: ...", "fyi ...": news, whatever step is open.
# "report a blocker: ...", "log progress: ...": the same, asked for in so many words.
NEWS = re.compile(r"^\W*(?:(?:report|log|record|add|new|flag)\s+(?:an?\s+|some\s+)?)?"
                  r"(?:(?P<blocker>blocker|problem|issue|roadblock)|(?:quick\s+)?(?:update|progress|fyi|heads up|news))"
                  r"\b(?:\s+(?:on|for|re)\b[^:]{1,60})?\s*(?:[:,-]|tho\b|though\b)", re.I)  # "progress on the fights goal:"


def news_kind(said: str) -> str | None:
    """"blocker" or "progress" when the message announces itself as news, else None."""
    found = NEWS.match(said)
    return None if found is None else ("blocker" if found["blocker"] else "progress")


# "report a blocker: legal won't share", "update - 3 more enrolled": the label is not the news.
LABEL = re.compile(r"^\W*(?:(?:report|log|record|add|new|flag)\s+(?:an?\s+|some\s+)?)?(?:blocker|problem|issue|roadblock|"
                   r"(?:quick\s+)?(?:update|progress|fyi|heads up|news))\s*[:-]\s*(?=\S)", re.I)


def record(session, person, partnership: Partnership, kind: str, said: str, goal=None) -> tuple[str, list[dict]]:
    """Keep the note; return the reply and any buttons ("Which goal is it about?")."""
    said = LABEL.sub("", said, count=1)
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


# "it got resolved", "that blocker is done": a blocker said to be over.
RESOLVED = re.compile(r",?\s*\b(?:(?:it|that|this)\s+)?(?:(?:got|is|was|has been|been|now)\s+)*(?:resolved|sorted(?: out)?|"
                      r"fixed|handled|dealt with|taken care of|cleared up|worked out|gone|no longer an? (?:problem|issue|"
                      r"blocker))\b.*$", re.I)
BLOCKER_OVER = re.compile(r"\bblockers?\b.*\b(done|over|gone|cleared|lifted|resolved|sorted|fixed|handled|finished|"
                          r"closed|dealt with|taken care of)\b", re.I)


def blocker_resolved(partnership: Partnership, value: str):
    """The open blocker "legal finally signed off, that blocker is done" or "the data sharing
    blocker is resolved" says is over (the one sharing most words with it), or None."""
    if not (BLOCKER_OVER.search(value) or RESOLVED.search(value)):
        return None
    still_open = [n for n in partnership.progress_notes if n.kind == "blocker" and n.handled_at is None]
    said = content_words(value)
    scored = sorted(((len(said & content_words(n.text)), n.id, n) for n in still_open), key=lambda s: s[:2], reverse=True)
    if scored and scored[0][0] and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][2]
    if len(still_open) == 1 and BLOCKER_OVER.search(value):
        return still_open[0]  # "that blocker is done": the only one there is
    return None


def content_words(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{4,}", text.lower())} - {"block", "resol", "final", "that", "this", "done",
                                                                     "with", "been", "have", "just", "sorte", "fixed"}


def mark_handled(session, person, partnership, note, called: str) -> str:
    """The blocker `note` is dealt with: it stays on the record, no longer open."""
    if note.handled_at is None:
        history.changed(session, person, partnership, "blocker", note, called)  # "undo that" reopens it
        note.handled_at, note.handled_by_id = utcnow(), person.id
    where = f" on the {partnership.name} partnership" if partnership is not None else ""
    return (f"Marked the blocker \"{called}\" handled: it no longer counts as open{where}. "
            "Say \"undo that\" to reopen it.")
