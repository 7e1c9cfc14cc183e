"""Going back to change an earlier answer: "change the goal target to 15%", "move the
truancy goal date to September 2027", "change the problem to repeat runaway reports"."""

from __future__ import annotations

import re

from bot import dates, goals
from bot.actions.context import RecordsAction, current_partnership, latest_text
from bot.actions.list_steps import LIST_STEPS
from bot.knowledge import knowledge
from bot.store import repository

GOAL_FIELD = re.compile(r"\b(?P<field>target|baseline|date|deadline|measure)\b", re.IGNORECASE)
NEW_VALUE = re.compile(r"\s(?:to|is|should be|=|:)\s+(?P<value>.+?)\s*[.!]?$", re.IGNORECASE)
# What people call each step when they go back to it.
STEP_WORDS = {
    "problem": r"problem|evidence", "partnership_or_assignment": r"assignment",
    "stakeholders": r"stakeholders?", "resources": r"resources?",
    "buy_in": r"buy.?in|sponsor|chain of command", "facilitators_barriers": r"barriers?|facilitators?|enablers?",
    "formal_agreement": r"agreement|mou|memorandum", "review": r"review",
}
HOW = ("Say what to change and the new value, for example \"change the goal target to 15%\" or "
       "\"change the problem to repeat runaway reports from the group home\".")


class ActionChangeAnswer(RecordsAction):
    def name(self) -> str:
        return "action_change_answer"

    def act(self, dispatcher, tracker, domain, session, person):
        text = latest_text(tracker)
        partnership = current_partnership(session, person, tracker)
        if partnership is None:
            dispatcher.utter_message(text="You have no partnership to change yet. Say \"start a partnership with ...\".")
            return []
        value = NEW_VALUE.search(text)
        field = GOAL_FIELD.search(text)
        if value is None:
            dispatcher.utter_message(text=f"What should it change to? {HOW}")
        elif field:
            dispatcher.utter_message(text=change_goal(session, partnership, text, field["field"].lower(),
                                                      value["value"], person.timezone))
        else:
            dispatcher.utter_message(text=change_step(session, partnership, text[: value.start()], value["value"]))
        return []


def change_step(session, partnership, what: str, value: str) -> str:
    step_id = next((s for s, words in STEP_WORDS.items() if re.search(rf"\b({words})\b", what, re.I)), None)
    if step_id is None:
        return f"I'm not sure which answer you want to change. {HOW}"
    step = knowledge().step(step_id)
    if step_id in LIST_STEPS:
        return (f"{step['name']} are kept one at a time. Add one at that step (say \"what's next?\"), or change a "
                "goal's measure, baseline, target or date, for example \"change the goal target to 15%\".")
    repository.save_step_answer(session, partnership, step_id, value)
    return f"Changed your answer for {step['name'].lower()} on the {partnership.name} partnership to: {value}"


def change_goal(session, partnership, text: str, field: str, value: str, tz: str | None) -> str:
    goal = which_goal(partnership, text)
    if isinstance(goal, str):
        return goal
    try:
        if field in ("target", "baseline"):
            goals.change_number(goal, field, value)
        elif field in ("date", "deadline"):
            goal.target_date = goals.goal_date(value, tz)
        else:
            goal.measure = value
    except (goals.GoalProblem, dates.DateProblem) as problem:
        return problem.message
    session.flush()
    return f"Changed. The goal is now {goals.describe(goal)}."


def which_goal(partnership, text: str):
    """The goal `text` is about, or (as a str) the question to ask instead."""
    if not partnership.goals:
        return (f"The {partnership.name} partnership has no goals yet. Add them at the common goals step "
                "(say \"what's next?\").")
    if len(partnership.goals) == 1:
        return partnership.goals[0]
    found = goals.best_match(partnership.goals, text)
    if found is not None:
        return found
    listed = "\n".join(f"- {goals.describe(g)}" for g in partnership.goals)
    return f"Which goal? The {partnership.name} partnership has:\n{listed}\nName it, for example \"change the truancy goal target to 15%\"."
