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


def candidates(text: str) -> list[Candidate]:
    """Dated actions -> commitments, obstacles -> blockers, figures with a movement -> progress."""
    found = []
    for sentence in sentences(text):
        if ACTION.search(sentence) and dates.date_in(sentence):
            found.append(Candidate("make_commitment", sentence))
        elif OBSTACLE.search(sentence):
            found.append(Candidate("report_blocker", sentence))
        elif FIGURE.search(sentence) and PROGRESS.search(sentence):
            found.append(Candidate("report_progress", sentence))
    return found[:MAX_CANDIDATES]
