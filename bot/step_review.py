"""The coach's reading of one step's answer (COACHING.md): what it shows, at most two
gaps in the study's order, a red flag with its reason and an action, one follow-up;
and the checklist item states that reading leaves on the partnership.

Item states: *done* only when the evidence was there or the person confirmed it in
answer to the follow-up; *open* otherwise; *at risk* while a red flag stands against
the item's factors or an open blocker names a barrier among them."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy.orm import object_session

from bot import evidence
from bot.knowledge import knowledge
from bot.store.assessments import has_completed_assessment
from bot.store.models import ChecklistItemState, Partnership

MAX_GAPS = 2
DECLINES = re.compile(r"^\s*(wait,?\s+|um+,?\s+|actually,?\s+)?"
                      r"(no|nope|nah|not (yet|sure|really)|dunno|idk|don'?t know|no idea|unsure|tbd|"
                      r"n/?a|nothing|none|not that i know)\b", re.I)
AFFIRMS = re.compile(r"^\W*(yes|yep|yeah|yup|done|already|agreed|signed|confirmed|approved|correct|they (did|have|are)|"
                     r"we (did|have|are)|it is|she (did|has)|he (did|has))\b", re.I)
# A follow-up answer that hedges or says part is missing does not close the item.
UNSETTLED = re.compile(r"\b(idk|i don'?t know|dont know|dunno|not sure|no idea|i guess|i think|maybe|probably|tbd|not yet|"
                       r"\w+ yet|haven'?t|hasn'?t|no one|nobody|not gonna|won'?t|wont|need to (find|ask|check|see)|"
                       r"waiting (on|for)|pending|still (has|have|got|sitting on) (it|the \w+)|on (his|her|their) desk|"
                       r"only (the )?\w+( \w+)? (has )?(signed|approved|agreed))\b", re.I)
PLANNED = re.compile(r"^\W*(i'?ll|ill|we'?ll|i will|we will|gonna|going to|i'?m going to|we'?re going to|"
                     r"plan(ning)? to|will)\b", re.I)
# What makes a follow-up answer concrete enough to close its item: a name, a figure, a date...
CONCRETE = {"named_person", "number", "date", "organisation", "approval", "partner_agreed", "briefed", "authority"}
MOVE_ON = re.compile(r"^\s*(move on|later|skip( it| this)?( for now)?|not now|come back (to it )?later|pass)\W*$", re.I)
# Answers to "Do you want to make it a partnership?" that keep it an assignment.
NOT_A_PARTNERSHIP = re.compile(r"^\s*(no|nope|nah|not really)\b|\b(record|keep|leave|log|just)\b.{0,20}\bassignment\b", re.I)


def computed_signals(partnership: Partnership, step_id: str) -> dict[str, bool]:
    """The evidence the records themselves give at the list steps."""
    if step_id == "stakeholders":
        people = partnership.stakeholders
        return {"several": len(people) >= 2, "all_contacts": bool(people) and all(s.contact for s in people)}
    if step_id == "common_goals":
        found = partnership.goals
        return {"several": len(found) >= 2, "all_baselines": bool(found) and all(g.baseline for g in found)}
    return {}


def _state(partnership: Partnership, item_id: str) -> ChecklistItemState:
    found = next((s for s in partnership.checklist_items if s.item_id == item_id), None)
    if found is None:
        found = ChecklistItemState(item_id=item_id, state="open")
        partnership.checklist_items.append(found)
    return found


def review(partnership: Partnership, step_id: str, text: str) -> evidence.Reading:
    """Read a step's answer, record what it showed, and keep its follow-up open."""
    reading = evidence.read_answer(step_id, text, computed_signals(partnership, step_id))
    for item in reading.met:
        state = _state(partnership, item["id"])
        state.state, state.red_flag, state.evidence = "done", None, text[:500]
    for item in reading.gaps:
        state = _state(partnership, item["id"])
        if state.state != "done":
            state.state = "open"
        state.red_flag = None
    for flag in reading.flags:
        for item_id in evidence.items_touched(set(flag["factors"])):
            _state(partnership, item_id).red_flag = flag["id"]
    follow = reading.follow_up
    partnership.follow_up_item, partnership.follow_up_question = follow if follow else (None, None)
    return reading


def say(reading: evidence.Reading) -> list[str]:
    """The coach's words on a reading: short, for a phone between calls."""
    lines = []
    if reading.met:
        lines.append("Good: " + "; ".join(item["shows"] for item in reading.met) + ".")
    if reading.flags:
        first = reading.flags[0]
        lines.append(f"Red flag, {first['name'].lower()}: {first['reason']}")
        lines.append(f"Do: {first['action']}")
        lines += [f"Also a red flag: {flag['name'].lower()}." for flag in reading.flags[1:2]]
    if reading.barrier:
        lines.append(f"Barrier to plan for, {reading.barrier['name'].lower()}: {reading.barrier['actions'][0]}.")
    if reading.gaps:
        lines.append("Still open: " + "; ".join(item["shows"] for item in reading.gaps[:MAX_GAPS]) + ".")
    return lines


def answer_follow_up(partnership: Partnership, text: str) -> list[str]:
    """The person answered the follow-up: it completes its item unless the answer
    declines or raises a red flag. Either way the step moves on (one follow-up only)."""
    item = evidence.item(partnership.follow_up_item)
    step_id = next(s["id"] for s in knowledge().steps if item in s["checklist"])
    reading = evidence.read_answer(step_id, text, computed_signals(partnership, step_id))
    partnership.follow_up_item = partnership.follow_up_question = None
    if reading.flags:
        for flag in reading.flags:
            for item_id in evidence.items_touched(set(flag["factors"])):
                _state(partnership, item_id).red_flag = flag["id"]
        flag = reading.flags[0]
        return [f"Noted. Red flag, {flag['name'].lower()}: {flag['reason']}", f"Do: {flag['action']}",
                f"\"{item['shows'].capitalize()}\" stays open on the checklist."]
    if DECLINES.match(text):
        return [f"OK. \"{item['shows'].capitalize()}\" stays open on the checklist; I'll bring it up again."]
    if PLANNED.match(text):  # "I'll brief the sergeants at the Dec 3 meeting": not done yet
        return [f"That's a plan, not done yet, so \"{item['shows']}\" stays open until it happens."]
    if UNSETTLED.search(text):  # "transit idk yet", "the chief i guess but he won't put it in writing"
        return [f"That sounds unsettled, so \"{item['shows']}\" stays open on the checklist; I'll bring it up again."]
    if evidence.only_questions(text):  # "can u give me a template?"
        return [f"That's a question, not an answer, so \"{item['shows']}\" stays open on the checklist."]
    said = evidence.signals_in(text, computed_signals(partnership, step_id))
    others = [other for other in reading.met if other["id"] != item["id"]]
    if others and item not in reading.met and not AFFIRMS.match(text):  # it answered another item of the step
        _mark_done(partnership, others, text)
        return ["Good: " + "; ".join(other["shows"] for other in others) + ".",
                f"\"{item['shows'].capitalize()}\" stays open on the checklist."]
    if not (evidence.shows(item, said) or AFFIRMS.match(text) or said & CONCRETE):
        return [f"I couldn't tell from that, so \"{item['shows']}\" stays open on the checklist."]
    _mark_done(partnership, [item, *reading.met], text)
    return [f"Good, that covers {item['shows']}."]


def _mark_done(partnership: Partnership, items: list[dict], text: str) -> None:
    for done in items:
        state = _state(partnership, done["id"])
        state.state, state.red_flag, state.evidence = "done", None, text[:500]


def states(partnership: Partnership) -> dict[str, str]:
    """Every checklist item's state: done, open or at risk."""
    stored = {s.item_id: s for s in partnership.checklist_items}
    at_risk = set(evidence.items_touched(blocked_factors(partnership)))
    if health_check_done(partnership):
        stored.setdefault("health_assessment_run", ChecklistItemState(item_id="health_assessment_run", state="done"))
    result = {}
    for step in knowledge().steps:
        for item in step["checklist"]:
            state = stored.get(item["id"])
            flagged = state is not None and state.red_flag
            result[item["id"]] = ("at risk" if flagged or item["id"] in at_risk
                                  else "done" if state is not None and state.state == "done" else "open")
    return result


def blocked_factors(partnership: Partnership) -> set[str]:
    """The factors the partnership's blockers touch: the barriers they name and the red
    flags they raise (named in words, not guessed by similarity)."""
    factors = set()
    for note in (n for n in partnership.progress_notes if n.is_open_blocker):
        factors |= {b["id"] for b in evidence.factors_named(note.text, "barrier")}
        factors |= {f for flag in evidence.red_flags_in(note.text) for f in flag["factors"]}
    return factors


def health_check_done(partnership: Partnership) -> bool:
    session = object_session(partnership)
    return session is not None and has_completed_assessment(session, partnership.id)


def open_items(partnership: Partnership) -> list[dict]:
    """Items not done, at-risk ones first, then in the study's order of weight (the steps' order)."""
    current = states(partnership)
    items = [item for step in knowledge().steps for item in step["checklist"] if current[item["id"]] != "done"]
    return sorted(items, key=lambda item: current[item["id"]] != "at risk")


def suggested_due(today: date) -> date:
    """A week from today: what a next action's button proposes."""
    return today + timedelta(days=7)
