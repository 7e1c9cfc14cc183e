"""Commitments: "I'll call the principal by Friday", what have I committed to,
"I called the principal"."""

from __future__ import annotations

import re
from datetime import date, datetime

from rasa_sdk import Action, FormValidationAction
from rasa_sdk.events import ActiveLoop, SlotSet

from bot import dates, goals
from bot.actions.context import (
    RecordsAction,
    current_partnership,
    identity,
    in_records,
    latest_text,
    message_id,
    named_partnership,
    previous_coach_text,
)
from bot.actions.guard import stop_before_storing
from bot.commitments import (
    LEADING_PROMISE,
    PARTNERSHIP_SUFFIX,
    describe,
    reads_as_done,
    reopen_latest,
    says_not_done,
    separate_promises,
    task_from,
    without_chatter,
)
from bot.knowledge_answers import known_answer
from bot.questions import is_question, request_action
from bot.store import partnerships
from bot.store.commitments import add_commitment, complete, open_commitments, retyped_commitment
from bot.store.models import Commitment, utcnow
from bot.words import match_commitment

# Said back to the person: "email my lieutenant" -> "you'll email your lieutenant".
TO_SECOND_PERSON = {"my": "your", "me": "you", "myself": "yourself", "mine": "yours", "i": "you", "i'm": "you're"}
NOT_GERUNDS = {"bring", "ring", "sing", "sting", "string", "swing", "spring", "wring", "fling", "cling"}
CLARIFY = "Which commitment did you finish?"
NONE_OF_THOSE = re.compile(r"^(none( of (those|them|these))?|neither( one)?|never ?mind|nvm|nothing|no(pe)?|"
                           r"cancel|forget it|not yet|wrong)\b", re.IGNORECASE)
ORDINALS = {"first": 1, "1st": 1, "one": 1, "second": 2, "2nd": 2, "two": 2, "third": 3, "3rd": 3, "three": 3,
            "fourth": 4, "4th": 4, "four": 4, "fifth": 5, "5th": 5, "five": 5}
NUMBER_ANSWER = re.compile(rf"^(?:(?:number|no\.?|#)\s*)?(?:the\s+)?(\d{{1,2}}|{'|'.join(ORDINALS)})\b(?:\s+one)?[.!]?$",
                           re.IGNORECASE)


def said_back(task: str) -> str:
    """The task as the coach says it after "you'll": in the second person, and
    "be drafting the MOU" for "drafting the MOU"."""
    words = [TO_SECOND_PERSON.get(w.lower(), w) for w in task.split()]
    if words and words[0].lower().endswith("ing") and len(words[0]) > 4 and words[0].lower() not in NOT_GERUNDS:
        words.insert(0, "be")
    return " ".join(words)


def goal_of(partnership, task: str):
    """The partnership's goal the task names, if one clearly."""
    return goals.best_match(partnership.goals, task) if partnership else None


def confirm(commitment: Commitment) -> str:
    where = f" for the {commitment.partnership.name} partnership" if commitment.partnership else ""
    if commitment.goal:
        where += f" (goal: {goals.title(commitment.goal)})"
    return (f"Got it: you'll {said_back(commitment.text)} by {dates.format_date(commitment.due_date)}{where}. "
            "I'll keep track of it; say \"what have I committed to?\" to see your list.")


def store(dispatcher, tracker, session, person, task: str, due: date, partnership) -> None:
    """Store the commitment and confirm it; one retyped within half an hour is kept once."""
    if (already := retyped_commitment(session, person, task, due, message_id(tracker))) is not None:
        dispatcher.utter_message(text=f"You told me that one already, so I've kept it once: you'll "
                                      f"{said_back(already.text)} by {dates.format_date(already.due_date)}. "
                                      "Say \"what have I committed to?\" to see your list.")
        return
    stored = add_commitment(session, person, task, due, partnership, message_id(tracker),
                                       goal_of(partnership, task))
    dispatcher.utter_message(text=confirm(stored))


def store_each(dispatcher, tracker, session, person, promises: list[tuple[str, date]], partnership) -> None:
    """Store two or more promises made in one message, each with its own date; say them all back."""
    lines = []
    for number, (task, due) in enumerate(promises, start=1):
        source = message_id(tracker)
        source = f"{source}:{number}" if source and number > 1 else source  # each stored once per message
        kept = retyped_commitment(session, person, task, due, source) or add_commitment(
            session, person, task, due, partnership, source, goal_of(partnership, task))
        lines.append(f"{number}. you'll {said_back(kept.text)} by {dates.format_date(kept.due_date)}")
    where = f" for the {partnership.name} partnership" if partnership else ""
    dispatcher.utter_message(text=f"Got it, {len(promises)} commitments{where}:\n" + "\n".join(lines)
                             + "\nI'll keep track of them; say \"what have I committed to?\" to see your list.")


class ActionMakeCommitment(RecordsAction):
    """Store the commitment when its date is clear; otherwise ask for the date."""

    def name(self) -> str:
        return "action_make_commitment"

    def act(self, dispatcher, tracker, domain, session, person):
        if (instead := stop_before_storing(dispatcher, tracker)) is not None:
            return instead
        text = latest_text(tracker)
        if reads_as_done(text):  # "emailed okafor" is news of a commitment kept, not a new one
            return mark_done(dispatcher, tracker, session, person)
        partnership = current_partnership(session, person, tracker)
        said = PARTNERSHIP_SUFFIX.sub("", without_chatter(text))
        if promises := separate_promises(said, person.timezone):  # "... by wed and send lee the goals by fri"
            store_each(dispatcher, tracker, session, person, promises, partnership)
            return [SlotSet("commitment_task", None)]
        # "by friday to set up a sitdown": the date, and the rest is the task; an unreadable one is asked about
        split = dates.split_promise(said, person.timezone)
        split = split if split.date_phrase else dates.split_commitment(said, person.timezone)
        task = task_from(split.task)
        problem = None
        if split.date_phrase:
            try:
                due = dates.resolve_due_date(split.date_phrase, person.timezone)
            except dates.DateProblem as error:
                problem = error.message
            else:
                store(dispatcher, tracker, session, person, task, due, partnership)
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
            text=f"By when will you {said_back(task)}? For example \"Friday\", \"in two weeks\", "
                 "\"end of the month\" or \"Dec 15\". Say \"never mind\" to drop it."
        )
        return []


# Words that leave a promise about the pending commitment itself: "I'll have it done by Friday".
ABOUT_IT = {"have", "get", "it", "that", "this", "done", "finished", "finish", "do", "sorted", "the", "job", "one",
            "complete", "completed", "wrapped", "up", "and", "then", "by"}
LIST_REQUEST = re.compile(r"\b(?:commit\w*|to-?dos?|my list|promises?|promised)\b", re.I)
# Intents that, said with confidence, are never the answer to "By when...?".
NOT_AN_ANSWER = {"list_commitments", "start_partnership", "ask_next_step", "partnership_status", "help",
                 "manage_reminders", "request_checklist", "assess_partnership", "draft_agreement", "greet",
                 "complete_commitment", "report_progress", "report_blocker", "check_partnership", "ask_factor",
                 "ask_success_factors", "ask_barriers", "ask_case_study", "ask_model", "bot_challenge"}


def new_promise(text: str, tz_name: str | None) -> dates.SplitCommitment | None:
    """The other commitment `text` makes ("I'll email AP Gomez the form by Friday"), or None
    when it is not one, or only promises the pending one ("I'll have it done by Friday")."""
    if not LEADING_PROMISE.match(text.strip()) or reads_as_done(text):
        return None
    split = dates.split_promise(text, tz_name)
    split = split if split.date_phrase else dates.split_commitment(text, tz_name)
    task = task_from(split.task)
    if not set(re.findall(r"[\w']+", task.lower())) - ABOUT_IT:
        return None
    return dates.SplitCommitment(task, split.date_phrase)


def leaves_the_date_question(text: str, tracker) -> bool:
    """A question or a request to the coach, not a date that could not be read."""
    intent = tracker.latest_message.get("intent") or {}
    confident = intent.get("name") in NOT_AN_ANSWER and (intent.get("confidence") or 0) >= 0.7
    return confident or is_question(text) or request_action(text) is not None


class ValidateCommitmentForm(FormValidationAction):
    """Reads the answer to "By when...?". An answer that is plainly something else (a new
    commitment, a question, a request) leaves the question: the pending commitment is kept
    on the list without a date, and the new message is served here as far as it can be."""

    def name(self) -> str:
        return "validate_commitment_form"

    def validate_commitment_due(self, value, dispatcher, tracker, domain):
        if not value:  # a reset by another action, not an answer
            return {"commitment_due": None}
        said = re.sub(r"^\W*((no|wait|actually|oops|sorry|make it|make that|i mean)\W*\s*)*", "", str(value), flags=re.I)
        tz_name = identity(tracker).timezone
        try:
            due = dates.resolve_due_date(said or str(value), tz_name)
        except dates.DateProblem as problem:
            message = problem.message
            text = latest_text(tracker)
            if (promise := new_promise(text, tz_name)) is not None:
                return in_records(tracker, dispatcher, "commitment_due",
                                  lambda session, person: self._another_commitment(dispatcher, tracker, session,
                                                                                   person, promise))
            if leaves_the_date_question(text, tracker):
                return in_records(tracker, dispatcher, "commitment_due",
                                  lambda session, person: self._something_else(dispatcher, tracker, session,
                                                                               person, text))
            if LEADING_PROMISE.match(text) and (when := dates.split_commitment(text, tz_name).date_phrase):
                try:  # "I'll have it done by Friday": a promise about the pending one
                    return {"commitment_due": dates.resolve_due_date(when, tz_name).isoformat()}
                except dates.DateProblem as later:
                    message = later.message
            dispatcher.utter_message(text=message)
            return {"commitment_due": None}
        return {"commitment_due": due.isoformat()}

    @staticmethod
    def _keep_undated(tracker, session, person) -> str:
        """Keep the commitment waiting for its date on the list without one; say so."""
        task = tracker.get_slot("commitment_task")
        if not task:
            return ""
        partnership = partnerships.partnership_by_id(session, person, tracker.get_slot("partnership_id"))
        add_commitment(session, person, task, None, partnership, f"{message_id(tracker)}:undated",
                                  goal_of(partnership, task))
        return f"I've kept \"{task}\" on your list without a date."

    def _another_commitment(self, dispatcher, tracker, session, person, promise: dates.SplitCommitment) -> dict:
        kept = self._keep_undated(tracker, session, person)
        partnership = partnerships.partnership_by_id(session, person, tracker.get_slot("partnership_id"))
        try:
            due = dates.resolve_due_date(promise.date_phrase, person.timezone) if promise.date_phrase else None
        except dates.DateProblem as problem:
            dispatcher.utter_message(text=f"{kept} {problem.message}".strip())
            return {"commitment_task": promise.task, "commitment_due": None}  # and ask for the new one's date
        if due is None:
            if kept:
                dispatcher.utter_message(text=kept)
            return {"commitment_task": promise.task, "commitment_due": None}
        if kept:
            dispatcher.utter_message(text=kept)
        store(dispatcher, tracker, session, person, promise.task, due, partnership)
        return {"commitment_task": None, "commitment_due": None, "requested_slot": None}

    def _something_else(self, dispatcher, tracker, session, person, text: str) -> dict:
        kept = self._keep_undated(tracker, session, person)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "list_commitments" or (is_question(text) and LIST_REQUEST.search(text)):
            dispatcher.utter_message(text=f"{kept} {_list_text(open_commitments(session, person), utcnow())}"
                                     .strip())
        elif is_question(text) and (answer := known_answer(text)):  # "how do I get buy-in from the LT?"
            dispatcher.utter_message(text=f"{kept} I've left the date question.".strip())
            dispatcher.utter_message(text=answer)
        else:
            dispatcher.utter_message(text=f"{kept} I've left the date question; ask me that again and I'll answer it."
                                     .strip())
        return {"commitment_task": None, "commitment_due": None, "requested_slot": None}


class ActionSaveCommitment(RecordsAction):
    def name(self) -> str:
        return "action_save_commitment"

    def act(self, dispatcher, tracker, domain, session, person):
        task, due = tracker.get_slot("commitment_task"), tracker.get_slot("commitment_due")
        if not (task and due):  # the validator left the date question and has already said what it did
            return [SlotSet("commitment_task", None), SlotSet("commitment_due", None)]
        due = date.fromisoformat(due)
        partnership = partnerships.partnership_by_id(session, person, tracker.get_slot("partnership_id"))
        store(dispatcher, tracker, session, person, task, due, partnership)
        return [SlotSet("commitment_task", None), SlotSet("commitment_due", None)]


def _list_text(commitments: list[Commitment], now: datetime) -> str:
    if not commitments:
        return ("You have no open commitments. Tell me one when you're ready, "
                "like \"I'll call the principal by Friday\".")
    lines = [f"Your open commitments ({len(commitments)}):"]
    lines += [f"{n}. {describe(c, now)}" for n, c in enumerate(commitments, start=1)]
    return "\n".join(lines)


class ActionListCommitments(RecordsAction):
    def name(self) -> str:
        return "action_list_commitments"

    def act(self, dispatcher, tracker, domain, session, person):
        partnership = current_partnership(session, person, tracker) if named_partnership(latest_text(tracker)) else None
        commitments = open_commitments(session, person)
        if partnership:
            commitments = [c for c in commitments if c.partnership_id == partnership.id]
        dispatcher.utter_message(text=_list_text(commitments, utcnow()))
        return []


def chosen_number(tracker, answering: bool) -> int | None:
    """The commitment number picked with a button, or typed in answer to "Which...?"."""
    typed = (tracker.latest_message.get("text") or "").strip()
    entity = next(tracker.get_latest_entity_values("number"), None)
    if entity is not None and str(entity).isdigit() and (typed.startswith("/") or answering):
        return int(entity)
    match = NUMBER_ANSWER.match(typed) if answering else None
    if match is None:
        return None
    word = match.group(1).lower()
    return int(word) if word.isdigit() else ORDINALS[word]


def mark_done(dispatcher, tracker, session, person) -> list[dict]:
    """Mark done the open commitment the message is about. When it is unclear, ask
    which, once: an answer that still matches none gets the list, not the question again.
    "I didn't actually call her" right after a completion reopens that commitment."""
    if says_not_done(latest_text(tracker)):
        dispatcher.utter_message(text=reopen_latest(session, person) or "OK, nothing marked done.")
        return []
    open_ones = open_commitments(session, person)
    if not open_ones:
        dispatcher.utter_message(text="You have no open commitments to mark done.")
        return []
    answering = previous_coach_text(tracker).startswith(CLARIFY)
    number = chosen_number(tracker, answering)
    typed = (tracker.latest_message.get("text") or "").strip()
    if number == 0 or (number is None and answering and NONE_OF_THOSE.match(typed)):
        dispatcher.utter_message(text="OK, nothing marked done.")
        return []
    if number is not None:
        chosen = open_ones[number - 1] if number <= len(open_ones) else None
    else:
        chosen = match_commitment(open_ones, latest_text(tracker))
    if chosen is None and answering:
        now = utcnow()
        listed = "\n".join(f"{n}. {describe(c, now)}" for n, c in enumerate(open_ones, start=1))
        dispatcher.utter_message(text=f"I still can't tell which one, so I've left them all open:\n{listed}\n"
                                      "When one is done, tell me in your own words, like \"I called the principal\".")
        return []
    if chosen is None:
        buttons = [{"title": c.text[:60], "payload": f'/complete_commitment{{"number": "{n}"}}'}
                   for n, c in enumerate(open_ones[:5], start=1)]
        buttons.append({"title": "None of those", "payload": '/complete_commitment{"number": "0"}'})
        dispatcher.utter_message(text=CLARIFY, buttons=buttons)
        return []
    complete(session, chosen)
    remaining = len(open_ones) - 1
    dispatcher.utter_message(text=f"Marked done: {chosen.text}. Well done. You have {remaining} open commitment"
                                  f"{'' if remaining == 1 else 's'} left.")
    return []


class ActionCompleteCommitment(RecordsAction):
    """Mark done the open commitment the message is about; ask when it is unclear."""

    def name(self) -> str:
        return "action_complete_commitment"

    def act(self, dispatcher, tracker, domain, session, person):
        if (instead := stop_before_storing(dispatcher, tracker)) is not None:
            return instead
        return mark_done(dispatcher, tracker, session, person)
