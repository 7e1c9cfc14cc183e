"""What the coach does after some steps' answers besides reading them for evidence
(bot/step_review.py): the sponsor @mentioned at buy-in recorded, and the first review
put on the owner's commitments (so it is nudged like any other)."""

from __future__ import annotations

import re

from bot import dates
from bot.store import commitments, people
from bot.words import MENTION


def after_answer(session, person, partnership, step_id: str, answer: str, message_id: str | None) -> list[str]:
    """The messages to send after `answer` was saved for `step_id`."""
    if step_id == "buy_in" and (sponsor := MENTION.search(answer)):
        return [name_sponsor(session, person, partnership, sponsor.group(1))]
    if step_id == "review":
        return [first_review(session, person, partnership, answer, message_id)]
    return []


def name_sponsor(session, person, partnership, slack_user: str) -> str:
    """The leader @mentioned in the buy-in answer sponsors the partnership: they see it
    and get the weekly digest of what has stalled."""
    sponsor = people.person_for(session, people.Identity(person.workspace.external_id, slack_user))
    partnership.sponsor_id = sponsor.id
    return (f"{sponsor.display_name or 'The leader you mentioned'} is now the partnership's sponsor: they can see "
            "it, and they'll get a weekly digest of anything that stalls.")


def first_review(session, person, partnership, answer: str, message_id: str | None) -> str:
    phrase = dates.date_in(answer)
    try:
        due = review_date(phrase, person.timezone) if phrase else None
    except dates.DateProblem as problem:
        return f"{problem.message} Say \"I'll hold the first review by ...\" to put it on your commitments."
    if due is None:
        return ("Put a date on the first review, for example \"I'll hold the first review by March 1\": "
                "a dated review is what keeps the partnership accountable.")
    commitments.add_commitment(session, person, f"hold the first review of the {partnership.name} partnership", due,
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
