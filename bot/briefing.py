"""One screen per partnership for command staff: the problem, the partners and who can
commit, the goals from baseline to the latest reported figure to the target, resources,
buy-in, risks, health, the agreement and the next review.

Every figure comes from the records; a gap is named ("not recorded yet: ...") rather
than left out. A line starting with two spaces belongs to the line above it (a
blocker's advice, a health check's domain scores)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import object_session

from bot import assessment, dates, goals, standing
from bot.barriers import matching_barrier
from bot.evidence import red_flag
from bot.knowledge import knowledge
from bot.store.assessments import completed_assessments
from bot.store.models import Assessment, Commitment, Goal, Partnership, Person, as_utc

SKIPPED = "skipped — still open"
FIRST_REVIEW = "hold the first review"


@dataclass(frozen=True)
class Section:
    heading: str
    lines: list[str]


@dataclass(frozen=True)
class Briefing:
    title: str
    sections: list[Section]


def gap(what: str) -> str:
    return f"not recorded yet: {what}"


day = dates.short_date


def briefing(partnership: Partnership, today: date, now: datetime) -> Briefing:
    """As of `now`; `today` is the reader's, for the title and goals past their date."""
    return Briefing(f"Briefing: the {partnership.name} partnership ({today:%d %B %Y})", [
        Section("Partnership", header(partnership)),
        Section("Problem", [step_answer(partnership, "problem", gap("the common problem"))]),
        Section("Partners", partners(partnership)),
        Section("Goals", goal_lines(partnership, today)),
        Section("Resources", [step_answer(partnership, "resources", gap("resources committed"))]),
        Section("Buy-in", [step_answer(partnership, "buy_in", gap("buy-in down the chain of command")),
                           f"Sponsor: {sponsor(partnership)}"]),
        Section("Risks", risks(partnership, now)),
        Section("Health", health(partnership)),
        Section("Agreement", [step_answer(partnership, "formal_agreement", "no written agreement yet")]),
        Section("Next review", [next_review(partnership)]),
    ])


def header(partnership: Partnership) -> list[str]:
    names = {s["id"]: s["name"] for s in knowledge().steps}
    skipped = [names[a.step_id] for a in partnership.answers if a.status == "skipped" and a.step_id in names]
    step = names.get(partnership.current_step, partnership.current_step) or (
        f"every step gone through; skipped and still open: {', '.join(skipped)}" if skipped else "every step answered")
    return [f"Partner: {partnership.partner}", f"Owner: {partnership.owner.shown_name}",
            f"Sponsor: {sponsor(partnership)}", f"Current step: {step}"]


def sponsor(partnership: Partnership) -> str:
    return partnership.sponsor.shown_name if partnership.sponsor else gap("a sponsoring leader")


def step_answer(partnership: Partnership, step_id: str, missing: str) -> str:
    """What was said at a step, else "skipped — still open", else what is missing."""
    answer = next((a for a in partnership.answers if a.step_id == step_id), None)
    if answer and answer.status == "answered" and answer.answer:
        return answer.answer
    if answer and answer.status == "skipped":
        return SKIPPED if missing.startswith("not recorded") else f"{SKIPPED} ({missing})"
    return missing


def partners(partnership: Partnership) -> list[str]:
    if not partnership.stakeholders:
        return [step_answer(partnership, "stakeholders", gap("stakeholders"))]
    return [f"{s.organisation}; contact: {s.contact or 'not recorded'}; "
            f"needs: {s.interests or 'not recorded'}" for s in partnership.stakeholders]


def goal_lines(partnership: Partnership, today: date) -> list[str]:
    if not partnership.goals:
        return [step_answer(partnership, "common_goals", gap("measurable goals"))]
    return [goal_line(partnership, goal, today) for goal in partnership.goals]


def goal_line(partnership: Partnership, goal: Goal, today: date) -> str:
    """"chronic absence: 18% → 14% (1 Dec 2026) → 12% by 30 Jun 2027"."""
    baseline = goal.baseline or "baseline not recorded"
    target = aim(goal.target) if goal.target else "target not recorded"
    when = f" by {day(goal.target_date)}" if goal.target_date else ", date not recorded"
    late = " (past its date)" if goal.target_date and goal.target_date < today else ""
    return f"{goals.title(goal)}: {baseline} → {latest(partnership, goal)} → {target}{when}{late}"


def local_day(partnership: Partnership, moment: datetime) -> date:
    """The day something was recorded, where the partnership's owner is (stored in UTC)."""
    return standing.owner_today(partnership.owner.timezone, as_utc(moment))


def aim(target: str) -> str:
    """A change target as said: "-30%" -> "down 30%"."""
    return {"-": "down ", "+": "up "}.get(target[0], "") + target.lstrip("+-")


def latest(partnership: Partnership, goal: Goal) -> str:
    """The figure in the goal's most recent progress note, with its date."""
    notes = [n for n in partnership.progress_notes if n.goal_id == goal.id and n.kind == "progress"]
    if not notes:
        return "no progress reported"
    note = max(notes, key=lambda n: (n.created_at, n.id))
    return f"{figure(note.text)} ({day(local_day(partnership, note.created_at))})"


def figure(said: str) -> str:
    """The number a progress note reports, as said: "14%", "down 12%"."""
    change = goals.REPORTED_CHANGE.search(said)
    if change:
        return f"{change['dir'].lower()} {goals.tidy(change['n'])}"
    number = re.search(goals.NUMBER, said)
    return goals.tidy(number.group()) if number else f"no figure in the latest note (\"{said}\")"


def risks(partnership: Partnership, now: datetime) -> list[str]:
    lines = []
    for note in (n for n in partnership.progress_notes if n.is_open_blocker):
        lines.append(f"Blocker ({day(local_day(partnership, note.created_at))}): {note.text}")
        barrier = matching_barrier(note.text)
        lines.append(f"  Known barrier, {barrier['name'].lower()}: {barrier['actions'][0]}" if barrier
                     else "  No matching barrier in the knowledge base")
    session = object_session(partnership)
    overdue = standing.overdue_commitments(session, now, Commitment.partnership_id == partnership.id)
    lines += [f"Overdue: {c.text} ({c.owner.shown_name}, due {day(c.due_date)})" for c in overdue]
    paces = standing.goals_behind_pace(session, partnership.goals,
                                       standing.owner_today(partnership.owner.timezone, now))
    lines += [f"Behind pace: {goals.title(g)}: {paces[g.id].detail}" for g in partnership.goals if g.id in paces]
    flags = sorted({s.red_flag for s in partnership.checklist_items if s.red_flag})
    lines += [f"Red flag: {red_flag(flag)['name'].lower()}. {red_flag(flag)['action']}" for flag in flags]
    return lines or ["No open blockers, red flags, overdue commitments or goals behind pace recorded"]


def latest_health_check(partnership: Partnership) -> Assessment | None:
    latest = completed_assessments(object_session(partnership), partnership.id, limit=1)
    return latest[0] if latest else None


def health(partnership: Partnership) -> list[str]:
    found = latest_health_check(partnership)
    if found is None:
        return [gap("a completed health check")]
    by = object_session(partnership).get(Person, found.person_id)
    domains = knowledge().domains
    scores = assessment.scores({r.item_id: r.rating for r in found.ratings})
    return [f"Health check of {day(local_day(partnership, found.completed_at))} by {by.shown_name}:",
            *(f"  {domains[s.domain]['name']}: {s.average:.2f} {s.verdict}" for s in scores),
            "Strength ≥4.0, borderline 3.0–3.9, concern ≤2.9 (Wilder)"]


def next_review(partnership: Partnership) -> str:
    reviews = sorted((c for c in partnership.commitments
                      if c.status == "open" and c.text.lower().startswith(FIRST_REVIEW)),
                     key=lambda c: (c.due_date is None, c.due_date or date.max, c.id))
    if reviews:
        review = reviews[0]
        due = f"due {day(review.due_date)}" if review.due_date else "no date"
        return f"{review.text} ({review.owner.shown_name}, {due})"
    return step_answer(partnership, "review", "no review date")


def as_text(b: Briefing) -> str:
    """For chat on a phone: a one-line section on one line, others as short bullets."""
    lines = [b.title]
    for section in b.sections:
        if len(section.lines) == 1:
            lines.append(f"{section.heading}: {section.lines[0]}")
            continue
        lines.append(f"{section.heading}:")
        lines += [f"  {line.strip()}" if line.startswith("  ") else f"- {line}" for line in section.lines]
    return "\n".join(lines)


def as_markdown(b: Briefing) -> str:
    lines = [f"# {b.title}"]
    for section in b.sections:
        lines += ["", f"## {section.heading}", ""]
        lines += [f"  - {line.strip()}" if line.startswith("  ") else f"- {line}" for line in section.lines]
    return "\n".join(lines) + "\n"
