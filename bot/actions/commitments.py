"""Commitments: "I'll call the principal by Friday", what have I committed to,
"I called the principal"."""

from __future__ import annotations

import re
from datetime import date

from rasa_sdk import Action, FormValidationAction
from rasa_sdk.events import ActiveLoop, SlotSet

from bot import dates, goals
from bot.actions.context import (
    RecordsAction, current_partnership, identity, latest_text, message_id, named_partnership,
)
from bot.store import repository
from bot.store.models import Commitment

LEADING_PROMISE = re.compile(
    r"^(i'?ll|i will|i'm going to|i am going to|i'm gonna|i promise to|i commit to|i can|"
    r"commit me to|put me down (?:for|to)|let me|i need to|i should|i plan to|will)\s+",
    re.IGNORECASE,
)
PARTNERSHIP_SUFFIX = re.compile(r"\s+(?:for|on|in)\s+(?:the\s+|our\s+|my\s+)?[\w\s'&.-]+?\s+partnership$", re.I)


def task_from(text: str) -> str:
    """'I'll call the principal' -> 'call the principal'."""
    task = PARTNERSHIP_SUFFIX.sub("", text.strip().rstrip(".!"))
    return LEADING_PROMISE.sub("", task).strip() or text.strip()


def describe(commitment: Commitment, today: date) -> str:
    line = commitment.text
    if commitment.due_date:
        overdue = " (overdue)" if commitment.due_date < today else ""
        line += f", due {dates.format_date(commitment.due_date)}{overdue}"
    else:
        line += ", no due date"
    if commitment.partnership:
        line += f" [{commitment.partnership.name}]"
    return line


def goal_of(partnership, task: str):
    """The partnership's goal the task names, if one clearly."""
    return goals.best_match(partnership.goals, task) if partnership else None


def confirm(commitment: Commitment) -> str:
    where = f" for the {commitment.partnership.name} partnership" if commitment.partnership else ""
    if commitment.goal:
        where += f" (goal: {goals.title(commitment.goal)})"
    return (f"Got it: you'll {commitment.text} by {dates.format_date(commitment.due_date)}{where}. "
            "I'll keep track of it; say \"what have I committed to?\" to see your list.")


class ActionMakeCommitment(RecordsAction):
    """Store the commitment when its date is clear; otherwise ask for the date."""

    def name(self) -> str:
        return "action_make_commitment"

    def act(self, dispatcher, tracker, domain, session, person):
        text = latest_text(tracker)
        partnership = current_partnership(session, person, tracker)
        split = dates.split_commitment(PARTNERSHIP_SUFFIX.sub("", text), person.timezone)
        task = task_from(split.task)
        problem = None
        if split.date_phrase:
            try:
                due = dates.resolve_due_date(split.date_phrase, person.timezone)
            except dates.DateProblem as error:
                problem = error.message
            else:
                stored = repository.add_commitment(session, person, task, due, partnership,
                                                   message_id(tracker), goal_of(partnership, task))
                dispatcher.utter_message(text=confirm(stored))
                return [SlotSet("commitment_task", None)]
        if problem:
            dispatcher.utter_message(text=problem)
        return [
            SlotSet("commitment_task", task),
            SlotSet("partnership_id", str(partnership.id) if partnership else None),
            SlotSet("commitment_due", None),
            ActiveLoop("commitment_form"),
        ]


class ActionAskCommitmentDue(Action):
    def name(self) -> str:
        return "action_ask_commitment_due"

    def run(self, dispatcher, tracker, domain):
        task = tracker.get_slot("commitment_task") or "do it"
        dispatcher.utter_message(
            text=f"By when will you {task}? For example \"Friday\", \"in two weeks\", "
                 "\"end of the month\" or \"Dec 15\". Say \"never mind\" to drop it."
        )
        return []


class ValidateCommitmentForm(FormValidationAction):
    def name(self) -> str:
        return "validate_commitment_form"

    def validate_commitment_due(self, value, dispatcher, tracker, domain):
        if not value:  # a reset by another action, not an answer
            return {"commitment_due": None}
        try:
            due = dates.resolve_due_date(str(value), identity(tracker).timezone)
        except dates.DateProblem as error:
            dispatcher.utter_message(text=error.message)
            return {"commitment_due": None}
        return {"commitment_due": due.isoformat()}


class ActionSaveCommitment(RecordsAction):
    def name(self) -> str:
        return "action_save_commitment"

    def act(self, dispatcher, tracker, domain, session, person):
        task = tracker.get_slot("commitment_task")
        due = date.fromisoformat(tracker.get_slot("commitment_due"))
        partnership = repository.partnership_by_id(session, person, tracker.get_slot("partnership_id"))
        stored = repository.add_commitment(session, person, task, due, partnership, message_id(tracker),
                                           goal_of(partnership, task))
        dispatcher.utter_message(text=confirm(stored))
        return [SlotSet("commitment_task", None), SlotSet("commitment_due", None)]


def _list_text(commitments: list[Commitment], today: date) -> str:
    if not commitments:
        return ("You have no open commitments. Tell me one when you're ready, "
                "like \"I'll call the principal by Friday\".")
    lines = [f"Your open commitments ({len(commitments)}):"]
    lines += [f"{n}. {describe(c, today)}" for n, c in enumerate(commitments, start=1)]
    return "\n".join(lines)


class ActionListCommitments(RecordsAction):
    def name(self) -> str:
        return "action_list_commitments"

    def act(self, dispatcher, tracker, domain, session, person):
        partnership = current_partnership(session, person, tracker) if named_partnership(latest_text(tracker)) else None
        commitments = repository.open_commitments(session, person)
        if partnership:
            commitments = [c for c in commitments if c.partnership_id == partnership.id]
        dispatcher.utter_message(text=_list_text(commitments, dates.today_in(person.timezone)))
        return []


class ActionCompleteCommitment(RecordsAction):
    """Mark done the open commitment the message is about; ask when it is unclear."""

    def name(self) -> str:
        return "action_complete_commitment"

    def act(self, dispatcher, tracker, domain, session, person):
        open_ones = repository.open_commitments(session, person)
        if not open_ones:
            dispatcher.utter_message(text="You have no open commitments to mark done.")
            return []
        number = next(tracker.get_latest_entity_values("number"), None)
        if number and str(number).isdigit() and 0 < int(number) <= len(open_ones):
            chosen = open_ones[int(number) - 1]
        else:
            chosen = repository.match_commitment(open_ones, latest_text(tracker))
        if chosen is None:
            dispatcher.utter_message(
                text="Which commitment did you finish?",
                buttons=[{"title": c.text[:60], "payload": f'/complete_commitment{{"number": "{n}"}}'}
                         for n, c in enumerate(open_ones[:5], start=1)],
            )
            return []
        repository.complete(session, chosen)
        remaining = len(open_ones) - 1
        dispatcher.utter_message(
            text=f"Marked done: {chosen.text}. Well done. You have {remaining} open commitment"
                 f"{'' if remaining == 1 else 's'} left."
        )
        return []
