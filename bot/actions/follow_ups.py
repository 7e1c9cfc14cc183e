"""What the coach adds after some steps' answers: the verdict when a "partnership" is
really an assignment and the advice for a barrier named (from the knowledge base), the
sponsor @mentioned at buy-in recorded, what the written agreement does not cover yet
(from the checklist), and the first review put on the owner's commitments (so it is
nudged like any other)."""

from __future__ import annotations

import re

from bot import dates
from bot.barriers import ASSIGNMENT_WORDS, barrier_advice, matching_barrier
from bot.knowledge import knowledge
from bot.slack.people import MENTION
from bot.store import repository

# The words that show an agreement answer covers each item of the formal_agreement checklist.
AGREEMENT_COVERS = {
    "mou_purpose_roles": r"purpose|roles?|responsib\w*|scope|points? of contact",
    "mou_data_sharing": r"data|shar\w*|privacy|ferpa|hipaa|cjis|records",
    "mou_meetings_oversight": r"meet\w*|weekly|monthly|quarterly|cadence|every \w+ (weeks?|months?)|oversight",
    "mou_review_update": r"review\w*|updat\w*|renew\w*|revis\w*",
}


def after_answer(session, person, partnership, step_id: str, answer: str, message_id: str | None) -> list[str]:
    """The messages to send after `answer` was saved for `step_id`."""
    if step_id == "partnership_or_assignment" and ASSIGNMENT_WORDS.search(answer):
        return [assignment_verdict()]
    if step_id == "facilitators_barriers" and (barrier := matching_barrier(answer)):
        return ["\n".join(barrier_advice(barrier, "A barrier to plan for"))]
    if step_id == "buy_in" and (sponsor := MENTION.search(answer)):
        return [name_sponsor(session, person, partnership, sponsor.group(1))]
    if step_id == "formal_agreement":
        return agreement_gaps(answer)
    if step_id == "review":
        return [first_review(session, person, partnership, answer, message_id)]
    return []


def name_sponsor(session, person, partnership, slack_user: str) -> str:
    """The leader @mentioned in the buy-in answer sponsors the partnership: they see it
    and get the weekly digest of what has stalled."""
    sponsor = repository.person_for(session, repository.Identity(person.workspace.external_id, slack_user))
    partnership.sponsor_id = sponsor.id
    return (f"{sponsor.display_name or 'The leader you mentioned'} is now the partnership's sponsor: they can see "
            "it, and they'll get a weekly digest of anything that stalls.")


def assignment_verdict() -> str:
    test = knowledge().partnership_test
    return "\n".join([f"That sounds like an assignment: {test['verdicts']['assignment']}", test["assignment_example"],
                      "What it would take to make it a formal partnership:",
                      *[f"- {item}" for item in test["to_formalise"]]])


def agreement_gaps(answer: str) -> list[str]:
    missing = [item["item"] for item in knowledge().step("formal_agreement")["checklist"]
               if item["id"] in AGREEMENT_COVERS and not re.search(rf"\b({AGREEMENT_COVERS[item['id']]})\b", answer, re.I)]
    return ["\n".join(["Not in the agreement yet, from the checklist:", *[f"- {item}" for item in missing]])] if missing else []


def first_review(session, person, partnership, answer: str, message_id: str | None) -> str:
    phrase = dates.date_in(answer)
    try:
        due = review_date(phrase, person.timezone) if phrase else None
    except dates.DateProblem as problem:
        return f"{problem.message} Say \"I'll hold the first review by ...\" to put it on your commitments."
    if due is None:
        return ("Put a date on the first review, for example \"I'll hold the first review by March 1\": "
                "a dated review is what keeps the partnership accountable.")
    repository.add_commitment(session, person, f"hold the first review of the {partnership.name} partnership", due,
                              partnership, f"{message_id}:first-review" if message_id else None)
    return f"The first review is on your commitments for {dates.format_date(due)}; I'll nudge you if it slips."


def review_date(phrase: str, tz: str | None):
    """A review is ahead by nature: "March 1" said in November means next March."""
    try:
        return dates.resolve_due_date(phrase, tz)
    except dates.PastDate:
        if re.search(r"\d{4}", phrase):
            raise
        return dates.resolve_due_date(f"{phrase} {dates.today_in(tz).year + 1}", tz)
