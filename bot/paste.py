"""A long paste (an e-mail, meeting notes) is not one record: it is split into candidate
items, each offered to the person to confirm (COACHING.md: when unsure whether something
should be stored, ask with buttons; store nothing until confirmed)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import dates

LONG = 280           # characters: longer than anyone types as one message between calls
MANY_LINES = 3
MAX_CANDIDATES = 5
HEADER = re.compile(r"^\s*(from|sent|to|cc|bcc|subject|date|re|fw|fwd)\s*:", re.I)
GREETING = re.compile(r"^\s*(hi|hello|hey|dear|thanks|thank you|best|regards|cheers|sincerely|sent from)\b", re.I)
ACTION = re.compile(r"\b(i'?ll|i will|we'?ll|we will|will|need to|needs to|going to|gonna|to do|action item|"
                    r"follow up|send|schedule|set up|call|email|meet|draft|brief)\b", re.I)
OBSTACLE = re.compile(r"\b(won'?t|can'?t|cannot|refus\w*|block\w*|objection\w*|concern\w*|worried|problem|issue|"
                      r"delay\w*|denied|no budget|not allowed|legal)\b", re.I)
FIGURE = re.compile(r"\d")
PROGRESS = re.compile(r"\b(down|up|dropped|fell|rose|increased|decreased|now at|is at|are at|so far|this (week|month))\b",
                      re.I)


FROM = re.compile(r"^\s*from\s*:\s*(?P<name>[^<\n]+?)\s*(<[^>\n]*>)?\s*$", re.I | re.M)
SIGN_OFF = re.compile(r"^\s*(best|regards|kind regards|thanks|thank you|cheers|sincerely|respectfully)\b[,.!]?\s*"
                      r"(?P<name>[^,.!\n]{2,40})?$", re.I)
# The writer's own promise: in someone else's e-mail, theirs to keep and the reader's to follow up.
WRITER_PROMISES = re.compile(r"^\s*(i'?ll|i will|i'?m going to|i am going to|we'?ll|we will|we'?re going to|"
                             r"we are going to|i can|we can)\s+", re.I)
READER = {"you": "us", "your": "our", "yours": "ours"}


@dataclass(frozen=True)
class Candidate:
    kind: str       # make_commitment | report_blocker | report_progress
    text: str


def is_paste(text: str) -> bool:
    return len(text) > LONG or len([line for line in text.splitlines() if line.strip()]) >= MANY_LINES


def sentences(text: str) -> list[str]:
    parts = []
    for line in text.splitlines():
        if not HEADER.match(line):
            parts += [p.strip(" -*•\t") for p in re.split(r"(?<=[.!?;])\s+", line) if p.strip(" -*•\t")]
    return [p for p in parts if len(p.split()) >= 3 and not GREETING.match(p)]


def writer(text: str) -> str | None:
    """Who wrote a pasted e-mail: its From: name, else the name after the sign-off;
    "the partner" when it is plainly a letter with neither; None for one's own notes."""
    if (header := FROM.search(text)):
        return header["name"].strip(" \"'")
    lines = [line for line in text.splitlines() if line.strip()]
    for at, line in enumerate(lines):
        if (sign_off := SIGN_OFF.match(line)):
            name = sign_off["name"] or (lines[at + 1] if at + 1 < len(lines) else "")
            return name.strip(" ,.") or "the partner"
    return "the partner" if lines and GREETING.match(lines[0]) else None


def follow_up_on(promise: str, who: str) -> str:
    """"I'll send you the clause by Friday" from Dr. Okafor -> the reader's follow-up."""
    said = WRITER_PROMISES.sub("", promise.strip().rstrip(".!"), count=1)
    said = re.sub(r"\b(you|your|yours)\b", lambda m: READER[m.group(1).lower()], said, flags=re.I)
    split = dates.split_commitment(said)
    due = f" {split.date_phrase}" if split.date_phrase else ""
    return f"follow up with {who} (they'll {split.task}){due}"


def candidates(text: str) -> list[Candidate]:
    """Dated actions -> commitments, obstacles -> blockers, figures with a movement -> progress.
    A promise in someone else's e-mail becomes the reader's follow-up on it."""
    found = []
    who = writer(text)
    for sentence in sentences(text):
        if ACTION.search(sentence) and dates.date_in(sentence):
            theirs = who is not None and WRITER_PROMISES.match(sentence)
            found.append(Candidate("make_commitment", follow_up_on(sentence, who) if theirs else sentence))
        elif OBSTACLE.search(sentence):
            found.append(Candidate("report_blocker", sentence))
        elif FIGURE.search(sentence) and PROGRESS.search(sentence):
            found.append(Candidate("report_progress", sentence))
    return found[:MAX_CANDIDATES]
