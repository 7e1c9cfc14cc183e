"""Commitments in words: the task a promise names ("I'll call the principal by Friday" ->
"call the principal"), a report of something done ("emailed okafor"), one line per
commitment, and the dated promises inside a longer message, which go on the commitments."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from bot import dates, standing
from bot.store import history
from bot.store.commitments import add_commitment
from bot.store.models import Commitment, Partnership, utcnow

# Everything people put before what they will do: "ok I'm gonna", "need to", "let me".
LEADING_PROMISE = re.compile(
    r"^(ok(ay)?|sure|yeah|yes|yep|alright|so|and|then|also|oh|btw|plus|fyi)\b[,.!]?\s*|"
    r"^(i'?ll|i will|i shall|i'?m (going to|gonna|about to)|i am (going to|gonna)|gonna|going to|imma|i'?ma|"
    r"i promise to|i commit to|i'?m committing to|commit to|commit me to|i can|i could|i'?d like to|i want to|"
    r"put me down (for|to)|sign me up (for|to)|let me|lemme|i need to|need to|i have to|have to|i'?ve got to|"
    r"i got to|i gotta|gotta|i should|should|i must|must|i plan to|plan to|remind me to|will)\s+",
    re.IGNORECASE,
)
PARTNERSHIP_SUFFIX = re.compile(r"\s+(?:for|on|in)\s+(?:the\s+|our\s+|my\s+)?[\w\s'&.-]+?\s+partnership$", re.I)
# The speaker promising something: "I'll ...", "we need to ...", "remind me to ...", "gonna ...".
# Words people put before a promise or a task: "oh and I'll email the CEO", "btw, call legal by friday".
LEADING_WORDS = r"^\W*(?:(?:ok(?:ay)?|so|also|and|oh|btw|plus|fyi|yeah)[,.!]*\s+)*"
SPEAKER_COMMITS = re.compile(LEADING_WORDS + r"((i|we)('ll| will| shall|'m going to| am going to| are going to|"
                             r"'re going to| need to| have to| plan to| promise)\b|(remind me|let me|gonna|ill)\b)",
                             re.IGNORECASE)
# A report that something was done: "emailed okafor", "ok sent it to legal", "I briefed roll call".
PAST_TENSE = re.compile(
    r"^(?:(?:ok(?:ay)?|so|just|already|finally|yeah|yep|i|we|i've|i have|we've|have)[,.!]?\s+)*"
    r"(?!(?:need|feed|speed|seed|proceed|exceed|succeed|promised|wanted|planned|decided|agreed|offered|"
    r"volunteered|committed|needed|hoped|intended|expected)\b)"
    r"([a-z]{2,}ed|sent|met|spoke|went|wrote|told|gave|took|got(?!\s+to\b)|made|brought|did|had(?!\s+to\b)|"
    r"saw|ran|spent|left|found|paid|held|led|built|sat)\b",
    re.IGNORECASE,
)


def task_from(text: str) -> str:
    """'I'll call the principal' -> 'call the principal'."""
    task = PARTNERSHIP_SUFFIX.sub("", text.strip().rstrip(".!"))
    while (shorter := LEADING_PROMISE.sub("", task, count=1)) != task:
        task = shorter
    task = task.strip() or text.strip()
    first = task.split()[0]
    if first.istitle() and len(first) > 1:  # "Email Dr. Okafor" -> "email Dr. Okafor"
        task = first.lower() + task[len(first):]
    return task


# "... by friday lol": chatter at the end is not part of the task or its date.
CHATTER_END = re.compile(r"(?:[\s,.!]+(?:lol|lmao|haha+|jk|tbh|smh|pls|plz|thx|thanks))+\W*$", re.I)


def without_chatter(text: str) -> str:
    return CHATTER_END.sub("", text)


def reads_as_done(text: str) -> bool:
    """True for a report of something done ("emailed okafor"), not a promise."""
    return bool(PAST_TENSE.match(text.strip()))


def describe(commitment: Commitment, now: datetime) -> str:
    line = commitment.text
    if commitment.due_date:
        overdue = " (overdue)" if standing.commitment_overdue(commitment, now) else ""
        line += f", due {dates.format_date(commitment.due_date)}{overdue}"
    else:
        line += ", no due date"
    if commitment.partnership:
        line += f" [{commitment.partnership.name}]"
    return line


PROMISE_CLAUSES = re.compile(r"((?<=[.;!?])\s+|,\s*(?=(?:i|we|ill|i'll|we'll|gonna|ok|also)\b))", re.I)
# Where one promise may end and another begin: "... by wed and send lee the goals by next fri".
JOINED_PROMISES = re.compile(r"(\s*;\s*|,?\s+and\s+(?:then\s+)?|,\s+(?=(?:then|i|ill|i'll|i will|also)\b))", re.I)
# "call the principal friday and the AP monday": a part starting so names no task of its own.
NO_TASK_OF_ITS_OWN = re.compile(r"^(the|a|an|my|our|his|her|their|him|them|dr|mr|mrs|ms)\b", re.I)


def dated(clause: str, tz: str | None) -> tuple[str, date] | None:
    """The task and due date of a promise with a readable date in it, else None."""
    promise = dates.split_promise(clause, tz)
    if not promise.date_phrase:
        return None
    try:
        return task_from(promise.task), dates.resolve_due_date(promise.date_phrase, tz)
    except dates.DateProblem:
        return None


def separate_promises(text: str, tz: str | None) -> list[tuple[str, date]]:
    """"I'll get capt O's sign off by wed and send lee the goals by next fri": the promises
    joined in one message, each with its own date, as (task, due). Empty when the message
    makes one promise: "call the principal and the AP by friday" has one date for both."""
    pieces = JOINED_PROMISES.split(text)  # part, separator, part, ...
    parts = [pieces[0]]
    for separator, piece in zip(pieces[1::2], pieces[2::2]):
        if dated(parts[-1], tz) is None or NO_TASK_OF_ITS_OWN.match(piece):
            parts[-1] += separator + piece  # no date yet: the words belong to the same promise
        else:
            parts.append(piece)
    promises = [dated(part, tz) for part in parts]
    return promises if len(promises) > 1 and None not in promises else []


def dated_promises(text: str, tz: str | None) -> tuple[list[tuple[str, date]], str]:
    """The dated promises the speaker makes in `text` ("... ok ill meet alvarez by dec 10"),
    as (task, due), and the rest of the text without them."""
    promises, rest = [], ""
    pieces = PROMISE_CLAUSES.split(text)  # clause, separator, clause, ...
    for clause, separator in zip(pieces[::2], pieces[1::2] + [""]):
        promise = dated(clause, tz) if SPEAKER_COMMITS.match(clause) else None
        if promise is None:
            rest += clause + separator
        else:
            promises.append(promise)
    return promises, rest.strip(" ,;")


def promises_kept(session, person, partnership: Partnership, answer: str) -> tuple[list[str], str]:
    """"not yet, meeting Nguyen on the 10th. I'll send her the draft goals by Dec 8": a dated
    promise inside a step's answer goes on the commitments too. Returns the reply's lines
    saying so, and the answer without the promises."""
    promises, rest = dated_promises(answer, person.timezone)
    lines = []
    for task, due in promises:
        stored = add_commitment(session, person, task, due, partnership)
        history.added(session, person, partnership, "commitment", stored, stored.text)
        lines.append(f"Also on your commitments: {stored.text}, by {dates.format_date(due)}.")
    return lines, rest


# "wait no i didnt", "i didn't actually call her", "she didnt pick up": what was marked done was not.
NOT_DONE = re.compile(r"\b(?:i|we)\s+(?:didn'?t|did not|didnt|haven'?t|have not|havent|never)\b|"
                      r"\b(?:not|isn'?t|wasn'?t) (?:done|finished)\b|\bdidn'?t (?:pick up|answer|happen|go through)\b",
                      re.I)


def says_not_done(text: str) -> bool:
    return NOT_DONE.search(text) is not None


# "wait no i didnt" is about a completion only right after it.
JUST_NOW = timedelta(minutes=30)


def reopen_latest(session, person) -> str | None:
    """Reopen the commitment the person's latest change marked done, saying so; None when
    their latest change was something else or a while ago."""
    change = history.latest(session, person, since=utcnow() - JUST_NOW)
    if change is None or change.action != "completed":
        return None
    return history.undo(session, change)
