"""The steps whose answer is a list, built one item at a time until the user says they
are done: stakeholders (organisation, contact, needs) and measurable common goals."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot import goals, stakeholders
from bot.store import history
from bot.store.models import Goal, Partnership, Stakeholder


@dataclass(frozen=True)
class ListStep:
    noun: str                                   # "stakeholder"
    hint: str                                   # how to give one, shown with the step's question
    items: Callable[[Partnership], list]        # the ones given so far
    describe: Callable[[object], str]           # one line for one of them
    add: Callable[..., str]                     # (session, partnership, text, tz) -> its line, or raises


REQUEST = re.compile(r"\?\s*$|^\s*(what|how|why|who|when|where|which|can|could|should|do|does|is|are|tell|show|"
                     r"list|skip|help|i'll|i will|i'm going to|we'll|remind|stop|lets do|let's do|run|start)\b|"
                     r"\b(health check|checklist|status|summary|briefing)\b", re.IGNORECASE)
FINISHED = re.compile(r"^\s*(done|all done|finished|that'?s (all|it|everyone|everything)|no( more)?|none|nope|"
                      r"nothing (else|more)|next( step)?)\W*$", re.IGNORECASE)
DRAFT_GOAL = re.compile(r"^\s*draft\s+goal\s*:\s*(?P<words>.*)$", re.IGNORECASE | re.DOTALL)
# The coach's replies to a goal it could not read, and to an answer it kept.
REFUSED_GOAL = re.compile(r"^(A goal needs|By when\?|I couldn't read)|has already passed", re.IGNORECASE)
ACCEPTED = re.compile(r"^(Added|Kept|Saved for|Skipped|OK, moving on)\b")


def answers_anyway(tracker, typed: str) -> bool:
    """"done" ends a list step, and at a list step a statement is the next item (or an
    attempt at one, to be told what is missing), even when the model reads it as a
    request: "... by June 2027" sounds like a commitment. Questions stay questions."""
    if FINISHED.match(typed):
        return True
    return tracker.get_slot("last_topic") in LIST_TOPICS and not REQUEST.search(typed)


def list_items(partnership: Partnership, step_id: str) -> list:
    return LIST_STEPS[step_id].items(partnership)


def list_lines(partnership: Partnership, step_id: str) -> list[str]:
    step = LIST_STEPS[step_id]
    return [step.describe(item) for item in step.items(partnership)]


def goal_misses(events: list[dict]) -> int:
    """How many goals in a row the coach has refused since it last kept an answer,
    counted from its replies in the conversation."""
    misses = 0
    for event in reversed(events):
        said = event.get("text") or "" if event.get("event") == "bot" else ""
        if ACCEPTED.match(said):
            break
        misses += bool(REFUSED_GOAL.search(said))
    return misses


def refresh_answers(partnership: Partnership) -> None:
    """Keep the list steps' saved answers in step with their items after a change or an
    undo, so nothing shows a goal's old date or a removed stakeholder."""
    for answer in partnership.answers:
        if answer.step_id in LIST_STEPS and answer.status == "answered":
            answer.answer = "; ".join(list_lines(partnership, answer.step_id)) or None


def list_answer(dispatcher, session, person, partnership: Partnership, step_id: str, value: str,
                misses: int = 0) -> str | None:
    """Add one stakeholder or goal; when the user says they're done, the step's answer.
    `misses`: goals refused in a row before this one; from the second, the reply offers
    to keep the words as a draft goal or to move on, so nobody is stuck at this step."""
    step = LIST_STEPS[step_id]
    if FINISHED.match(value):
        if step.items(partnership):
            return "; ".join(list_lines(partnership, step_id))
        dispatcher.utter_message(text=f"Name at least one {step.noun} first, or say \"skip\" to come back to it later.")
        return None
    if step_id == "common_goals" and (draft := DRAFT_GOAL.match(value)):
        return keep_draft_goal(dispatcher, session, person, partnership, draft["words"])
    before = len(step.items(partnership))
    try:
        added = step.add(session, partnership, value, person.timezone)
    except (goals.GoalProblem, stakeholders.StakeholderProblem) as problem:
        if step_id == "common_goals" and misses >= 1:
            dispatcher.utter_message(
                text=f"{problem.message}\nOr I can keep your words as a draft goal to make measurable later, "
                     "or we can move on and come back to goals.",
                buttons=[{"title": "Keep it as a draft goal", "payload": f"draft goal: {value}"},
                         {"title": "Move on", "payload": "/skip_step"}])
        else:
            dispatcher.utter_message(text=problem.message)
        return None
    if len(step.items(partnership)) > before:  # a new one, not more details on one already named
        newest = step.items(partnership)[-1]
        history.added(session, person, partnership, step.noun, newest,
                      getattr(newest, "organisation", None) or goals.title(newest))
    dispatcher.utter_message(text=f"Added {step.noun}: {added}. Say \"undo that\" if that's wrong.")
    return None


def keep_draft_goal(dispatcher, session, person, partnership: Partnership, words: str) -> None:
    """A goal kept as said, without numbers or a date, to be made measurable later."""
    words = " ".join(words.split()).strip(" .")
    if not words:
        dispatcher.utter_message(text="Which goal? Say \"draft goal: \" and then the goal in your own words.")
        return None
    goal = Goal(description=words, measure=words)
    partnership.goals.append(goal)
    session.flush()
    history.added(session, person, partnership, "goal", goal, words)
    dispatcher.utter_message(text=f"Kept as a draft goal: \"{words}\". It isn't measurable yet; refine it later "
                                  "with \"change the goal target to ...\" and \"move the goal date to ...\". "
                                  "Say \"undo that\" if that's wrong.")
    return None


def add_stakeholder(session, partnership: Partnership, text: str) -> str:
    """A new stakeholder, or more details on one already named (same organisation)."""
    draft = stakeholders.parse_stakeholder(text)
    found = next((s for s in partnership.stakeholders if s.organisation.lower() == draft.organisation.lower()), None)
    if found is None:
        found = Stakeholder(organisation=draft.organisation)
        partnership.stakeholders.append(found)
    found.contact = draft.contact or found.contact
    found.interests = draft.interests or found.interests
    session.flush()
    return stakeholders.describe(found)


def add_goal(session, partnership: Partnership, text: str, tz: str | None) -> str:
    draft = goals.parse_goal(text, tz)
    goal = Goal(description=draft.description, measure=draft.measure, baseline=draft.baseline,
                target=draft.target, unit=draft.unit, direction=draft.direction, target_date=draft.target_date)
    partnership.goals.append(goal)
    session.flush()
    return goals.describe(goal)


LIST_STEPS = {
    "stakeholders": ListStep(
        "stakeholder", "One at a time: the organisation, your contact there, and what it needs. For example "
                       "\"Lincoln High School, contact Principal Diaz, needs attendance up\".",
        lambda partnership: partnership.stakeholders, stakeholders.describe,
        lambda session, partnership, text, _tz: add_stakeholder(session, partnership, text)),
    "common_goals": ListStep(
        "goal", f"One at a time, each measurable: what is measured, where it is now, the target and the date. "
                f"For example {goals.EXAMPLE}.",
        lambda partnership: partnership.goals, goals.describe, add_goal),
}
LIST_TOPICS = {f"step:{step_id}" for step_id in LIST_STEPS}
