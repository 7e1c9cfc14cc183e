"""Going back to change an earlier answer: "change the goal target to 15%", "move the
truancy goal date to September 2027", "change the problem to repeat runaway reports"."""

from __future__ import annotations

import re

from rasa_sdk.events import FollowupAction

from bot import dates, goals, names, stakeholders
from bot.actions.context import RecordsAction, current_partnership, latest_text
from bot.commitments import task_from
from bot.formation import STEP_WORDS
from bot.knowledge import knowledge
from bot.list_steps import LIST_STEPS, refresh_answers
from bot.questions import switch_request
from bot.store import commitments, history, partnerships
from bot.store.models import Goal
from bot.words import match_commitment

GOAL_FIELD = re.compile(r"\b(?P<field>target|baseline|date|deadline|measure)\b", re.IGNORECASE)
NEW_VALUE = re.compile(r"\s(?:to|is|should be|=|:)\s+(?P<value>.+?)\s*[.!]?$", re.IGNORECASE)
CONTACT = re.compile(r"\bcontact\b(?:\s+(?:at|for|with)\s+(?P<org>.+?))?\s+(?:is|should be|to)\s+(?:now\s+)?"
                     r"(?P<new>.+?)(?:,?\s+not\s+(?P<old>.+?))?\W*$", re.I)
NEW_DATE = re.compile(r"^\W*(?:(?:wait|actually|oops|no|sorry|sry)\W*\s*)*(?:i put the wrong date,?\s*)?"
                      r"(?:(?:move|push|change|reschedule|make)\s+(?P<what>it|that|the .+?)\s+(?:to|for|due)\s+|"
                      r"(?:make (?:it|that)|should be)\s+)(?P<when>.+?)\W*$", re.I)
# "wait i meant friday dec 4 not tomorrow": the date just given, corrected.
MEANT_DATE = re.compile(r"^\W*(?:(?:wait|no|oops|sorry|actually|sry)\W*\s*)*i meant\s+(?P<when>.+?)(?:,?\s+not\s+.+?)?\W*$",
                        re.I)
RENAME = re.compile(r"^\W*(?:please\s+|can you\s+)?(?:rename|call)\s+(?:the\s+|this\s+|my\s+|our\s+)?"
                    r"(?:(?P<old>.+?)\s+)?(?:partnership|one|it)\s+(?:to\s+|as\s+)?(?P<new>.+?)\W*$|"
                    r"\bname of the\s+(?:(?P<old2>.+?)\s+)?partnership\s+(?:to|is|should be)\s+(?P<new2>.+?)\W*$|"
                    r"\bpartnership(?:'s)? name\s+(?:to|is|should be)\s+(?P<new3>.+?)\W*$", re.I)
REWORD = re.compile(r"^\W*(?:change|reword|edit|rename|update)\s+(?P<what>(?:the|that|my)\s+(?:.+?\s+)?commitment)\s+"
                    r"(?:to say|to read|to)\s*:?\s+(?P<new>.+?)\W*$", re.I)
RENAME_ANY = re.compile(r"^\W*(?:please\s+)?rename\s+(?:the\s+)?(?P<old>.+?)\s+to\s+(?P<new>.+?)\W*$", re.I)
NEW_PARTNER = re.compile(r"\b(?:change|set|update|fix)\s+the\s+partner(?:\s+(?:org\w*|name))?\s+to\s+(?P<new>.+?)\W*$|"
                         r"^\W*(?:no,?\s+|actually,?\s+)?the\s+partner\s+is\s+(?:just|only|really|actually)\s+"
                         r"(?P<just>[^,;.]+)", re.I)
# "move the commitment to call diaz to the mercy hospital ER partnership": another partnership, not a date.
TO_PARTNERSHIP = re.compile(r"\b(?:move|put|switch|transfer|assign)\s+(?P<what>.+?)\s+(?:to|under|onto|on|into)\s+"
                            r"(?:the\s+|our\s+|my\s+)?(?P<name>[\w\s'&.-]{2,60}?)\s+partnership\W*$", re.I)
LONGEST_NAME = names.LONGEST
HOW = ("Say what to change and the new value, for example \"change the goal target to 15%\" or "
       "\"change the problem to repeat runaway reports from the group home\".")


class ActionChangeAnswer(RecordsAction):
    def name(self) -> str:
        return "action_change_answer"

    def act(self, dispatcher, tracker, domain, session, person):
        text = latest_text(tracker)
        if switch_request(text):  # "switch to eastside sd": another partnership, not an answer to change
            return [FollowupAction("action_next_step")]
        if (reword := REWORD.search(text)):
            dispatcher.utter_message(text=reword_commitment(session, person, reword["what"], reword["new"]))
            return []
        partnership = current_partnership(session, person, tracker)
        if (new_partner := NEW_PARTNER.search(text)) and partnership is not None:
            dispatcher.utter_message(text=change_partner(partnership, new_partner["new"] or new_partner["just"]))
            return []
        if (rename := RENAME_ANY.search(text)) and partnership is not None \
                and (stakeholder := stakeholder_called(partnership, rename["old"])) is not None:
            dispatcher.utter_message(text=rename_stakeholder(partnership, stakeholder, rename["new"]))
            return []
        if (rename := RENAME.search(text)) and partnership is not None:
            dispatcher.utter_message(text=rename_partnership(session, person, partnership, rename))
            return []
        if (contact := CONTACT.search(text)) and partnership is not None:
            dispatcher.utter_message(text=change_contact(partnership, contact))
            return []
        if (meant := MEANT_DATE.search(text)) and (commitment := commitment_meant(session, person, None)):
            dispatcher.utter_message(text=reschedule(session, person, commitment, meant["when"]))
            return []
        if (move := TO_PARTNERSHIP.search(text)):
            dispatcher.utter_message(text=move_to_partnership(session, person, move["what"], move["name"]))
            return []
        when = None if GOAL_FIELD.search(text) else NEW_DATE.search(text)
        if when and (commitment := commitment_meant(session, person, when["what"])):
            dispatcher.utter_message(text=reschedule(session, person, commitment, when["when"]))
            return []
        if when and partnership is not None and (goal := latest_goal(session, person, when["what"])):
            dispatcher.utter_message(text=change_goal(session, partnership, goals.title(goal), "date", when["when"],
                                                      person.timezone, person))
            return []
        if partnership is None:
            dispatcher.utter_message(text="You have no partnership to change yet. Say \"start a partnership with ...\".")
            return []
        value = NEW_VALUE.search(text)
        field = GOAL_FIELD.search(text)
        if value is None:
            dispatcher.utter_message(text=f"What should it change to? {HOW}")
        elif field:
            dispatcher.utter_message(text=change_goal(session, partnership, text, field["field"].lower(),
                                                      value["value"], person.timezone, person))
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
    partnerships.save_step_answer(session, partnership, step_id, value)
    return f"Changed your answer for {step['name'].lower()} on the {partnership.name} partnership to: {value}"


def change_goal(session, partnership, text: str, field: str, value: str, tz: str | None, person=None) -> str:
    goal = which_goal(partnership, text)
    if isinstance(goal, str):
        return goal
    if person is not None:
        history.changed(session, person, partnership, "goal", goal, goals.title(goal))
    try:
        if field in ("target", "baseline"):
            goals.change_number(goal, field, value)
        elif field in ("date", "deadline"):
            goal.target_date = goals.goal_date(value, tz, replacing=goal.target_date)
        else:
            goal.measure = value
    except (goals.GoalProblem, dates.DateProblem) as problem:
        return problem.message
    session.flush()
    refresh_answers(partnership)
    return f"Changed. The goal is now {goals.describe(goal)}."


def goal_words(text: str) -> str:
    """The words naming a goal in "change the lincoln ms target to 16": "lincoln ms"."""
    field = GOAL_FIELD.search(text)
    before = text[: field.start()] if field else ""
    return re.sub(r"\b(change|changing|update|set|fix|move|push|the|my|our|that|this|goal'?s?|one|on|for|of|also|"
                  r"and|pls|please|can you|could you|okoro'?s|\w+'s)\b", " ", before, flags=re.I).strip(" ,.:;")


def which_goal(partnership, text: str):
    """The goal `text` is about, or (as a str) the question to ask instead."""
    if not partnership.goals:
        return (f"The {partnership.name} partnership has no goals yet. Add them at the common goals step "
                "(say \"what's next?\").")
    named = goal_words(text)
    if len(partnership.goals) == 1:
        only = partnership.goals[0]
        if named and not goals.shared_words(only, named):  # "the lincoln ms target", said of another partnership's
            return (f"The {partnership.name} partnership's only goal is \"{goals.title(only)}\", and \"{named}\" "
                    "doesn't name it, so nothing changed. Say \"change the goal target to ...\" for that one, or "
                    "name the partnership: \"... for the <name> partnership\".")
        return only
    found = goals.best_match(partnership.goals, text)
    if found is not None:
        return found
    listed = "\n".join(f"- {goals.describe(g)}" for g in partnership.goals)
    return (f"Which goal? The {partnership.name} partnership has:\n{listed}\n"
            "Name it, for example \"change the truancy goal target to 15%\".")


def change_contact(partnership, fix) -> str:
    """"the contact at the crisis line is Nguyen not Diaz": the stakeholder it names, or
    the one whose contact was the old name, or the only one."""
    people = partnership.stakeholders
    found = None
    if fix["org"]:
        found = stakeholder_called(partnership, fix["org"])
    if found is None and fix["old"]:
        found = next((s for s in people if s.contact and fix["old"].lower() in s.contact.lower()), None)
    if found is None and len(people) == 1:
        found = people[0]
    if found is None:
        return "Which stakeholder's contact? Say \"the contact at <organisation> is <name>\"."
    before = found.contact
    found.contact, needs = stakeholders.contact_and_needs(fix["new"])
    found.interests = needs or found.interests
    refresh_answers(partnership)
    return (f"Changed the contact at {found.organisation} from {before or 'none'} to {found.contact}."
            + (f" Needs: {needs}." if needs else ""))


def commitment_meant(session, person, what: str | None):
    """The open commitment "push the CAD pull to dec 11" or "make it December" is about."""
    open_ones = commitments.open_commitments(session, person)
    if not open_ones:
        return None
    if what is None or what.lower() in ("it", "that"):
        latest = history.latest(session, person, {"commitment", "goal"})
        return next((c for c in open_ones if latest and latest.kind == "commitment" and c.id == latest.record_id), None)
    return match_commitment(open_ones, re.sub(r"\b(the|commitment|one)\b", " ", what))


def latest_goal(session, person, what: str | None):
    """"make it December" right after adding a goal is about that goal."""
    latest = history.latest(session, person, {"commitment", "goal"})
    if (what is None or what.lower() in ("it", "that")) and latest and latest.kind == "goal":
        return session.get(Goal, latest.record_id)
    return None


def reschedule(session, person, commitment, when: str) -> str:
    """Move the commitment to `when`; "the 12th, counsel is out til the 9th" is the 12th.
    The change is recorded first, so "undo that" puts the old date back."""
    tz = person.timezone
    history.changed(session, person, commitment.partnership, "commitment", commitment, commitment.text)
    try:
        due = dates.resolve_due_date(when, tz)
    except dates.UnclearDate as problem:
        first = re.split(r"\s*[,;]\s*|\s+(?:because|since|as|cause|cuz|bc)\s+", when, maxsplit=1)[0]
        try:
            due = dates.resolve_due_date(first, tz) if first != when else None
        except dates.DateProblem:
            due = None
        if due is None:
            return problem.message
    except dates.DateProblem as problem:
        return problem.message
    before, commitment.due_date = commitment.due_date, due
    was = f" (was {dates.format_date(before)})" if before else ""
    return f"Moved \"{commitment.text}\" to {dates.format_date(due)}{was}."


def move_to_partnership(session, person, what: str, name: str) -> str:
    """Put the commitment `what` names on the person's partnership called `name`; the
    change is recorded first, so "undo that" puts it back."""
    said = re.sub(r"^(?:the\s+|my\s+)?(?:commitment|promise|task)\b(?:\s+to)?\s*", "", what, flags=re.I).strip()
    commitment = commitment_meant(session, person, said or None)
    if commitment is None:
        return ("Which commitment? Say it with a few of its words, for example "
                f"\"move the commitment to call the principal to the {name} partnership\".")
    target = partnerships.find_partnership(session, person, name)  # an unknown name is said back by RecordsAction
    before = commitment.partnership
    history.changed(session, person, before, "commitment", commitment, commitment.text)
    commitment.partnership_id = target.id
    goal = goals.best_match(target.goals, commitment.text)
    commitment.goal_id = goal.id if goal else None  # a goal of the old partnership is not one of this one
    was = f" (was on the {before.name} partnership)" if before is not None and before.id != target.id else ""
    return (f"Moved \"{commitment.text}\" to the {target.name} partnership{was}. "
            "Say \"undo that\" to put it back.")


def rename_partnership(session, person, partnership, rename) -> str:
    """"call it Mercy ER handoffs", "rename the hospital partnership to Mercy ER"."""
    old = rename["old"] or rename["old2"]
    if old and old.lower() not in ("this", "that", "the", "my", "our"):
        try:
            partnership = partnerships.find_partnership(session, person, old)
        except partnerships.PartnershipLookupError as error:
            return error.message
    new = names.clean((rename["new"] or rename["new2"] or rename["new3"]).strip(" \"'")[: LONGEST_NAME + 1])
    if not new or len(new) > LONGEST_NAME:
        return f"A partnership's name needs 1 to {LONGEST_NAME} characters; say \"call it <new name>\"."
    if partnerships.name_taken(session, partnership, new):
        return f"There is already a partnership called \"{new}\" in your workspace; pick another name."
    before, partnership.name = partnership.name, new
    return f"Renamed the partnership \"{before}\" to \"{new}\". The partner is still {partnership.partner}."


def _name_words(text: str) -> set[str]:
    return set(re.findall(r"\w{2,}", text.lower())) - {"the", "and", "of", "at", "for", "dept", "department"}


def stakeholder_called(partnership, name: str):
    """The stakeholder `name` means, by the words they share, when exactly one shares the most."""
    wanted = _name_words(name)
    scored = sorted(((len(wanted & _name_words(s.organisation)), n) for n, s in enumerate(partnership.stakeholders)),
                    reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return partnership.stakeholders[scored[0][1]]


def rename_stakeholder(partnership, stakeholder, new: str) -> str:
    before, stakeholder.organisation = stakeholder.organisation, new.strip(" \"'")[:200]
    refresh_answers(partnership)
    return f"Renamed the stakeholder \"{before}\" to \"{stakeholder.organisation}\"."


def change_partner(partnership, new: str) -> str:
    """"change the partner to Oakwood Senior Center": the organisation; the partnership's
    name follows when it was the partner's name."""
    new = names.clean(re.sub(r"^the\s+", "", new.strip(" \"'"), flags=re.I)[:LONGEST_NAME])
    before = partnership.partner
    if partnership.name == before:
        partnership.name = new
    partnership.partner = new
    return f"Changed the partner from \"{before}\" to \"{new}\" (the partnership is called \"{partnership.name}\")."


def reword_commitment(session, person, what: str, new: str) -> str:
    """"change the roll call commitment to brief both shifts": the words, not the date."""
    commitment = commitment_meant(session, person, re.sub(r"\bcommitment\b", " ", what))
    if commitment is None:
        return ("Which commitment? Say \"change the <commitment> commitment to <new words>\"; "
                "\"what have I committed to?\" lists them.")
    before, commitment.text = commitment.text, task_from(new)
    return f"Changed the commitment \"{before}\" to \"{commitment.text}\" (still due {dates.format_date(commitment.due_date)})."
