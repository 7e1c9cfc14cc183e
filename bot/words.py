"""Matching what people say against what is stored, word by word: which commitment
"ok emailed okafor" is about (crude stems, so "emailed" is "email"), which partnership
"mercy hospitl" means, and Slack's @mentions. Plain text in, plain values out: nothing
here imports the rest of the coach, so the action server, the Slack app and the store
can all use it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Protocol, TypeVar


class _Texted(Protocol):
    text: str


HasText = TypeVar("HasText", bound=_Texted)  # a commitment, or anything else with a text


class _Named(Protocol):
    name: str
    partner: str


HasNames = TypeVar("HasNames", bound=_Named)  # a partnership: its name and its partner's


def match_commitment(commitments: Sequence[HasText], said: str) -> HasText | None:
    """The open commitment `said` is about: "I met with the principal" -> "meet the principal",
    "ok emailed okafor" -> "email dr okafor", "sent it to legal" -> "send the MOU to legal".

    The words besides the commitment's verb decide; the verb alone does when nothing
    else was said ("emailed him"). None when nothing matches or two match equally."""
    said_words = content_words(said)
    said_verb = first_content_word(said)
    scored = []
    for commitment in commitments:
        words = content_words(commitment.text)
        verb = stem(commitment.text.split()[0]) if commitment.text.split() else ""
        said_objects, objects = said_words - {verb}, words - {verb}
        shared = len(said_objects & objects)
        if said_objects and shared:
            score = shared / max(len(objects), 1) + shared / len(said_objects) + 0.5 * (verb in said_words)
            if said_verb and said_verb != verb and said_verb not in words:
                score -= 0.5  # "emailed okafor" is not "hold the review with Principal Okafor"
        elif not said_objects and verb in said_words:
            score = 0.5
        else:
            continue
        scored.append((score, commitment))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    if not scored or scored[0][0] < 0.5 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


STOP_WORDS = {"i", "the", "a", "an", "to", "with", "of", "my", "and", "for", "on", "is", "it", "in", "at", "up",
              "have", "has", "had", "just", "done", "did", "finished", "completed", "mark", "as", "complete",
              "that", "this", "me", "we", "ok", "okay", "so", "already", "finally", "yeah", "him", "her", "them",
              "his", "their", "our", "dr", "mr", "mrs", "ms", "about", "off", "out", "back", "over", "today",
              "yesterday", "morning", "afternoon", "tonight", "one", "task", "commitment", "was", "got", "went"}
# Past tenses that suffix stripping can't undo.
IRREGULAR = {"met": "meet", "sent": "send", "spoke": "speak", "wrote": "write", "told": "tell", "gave": "give",
             "took": "take", "made": "make", "brought": "bring", "saw": "see", "ran": "run", "spent": "spend",
             "found": "find", "paid": "pay", "held": "hold", "led": "lead", "built": "build", "left": "leave"}


def stem(word: str) -> str:
    """A crude stem so "emailed"/"email", "briefing"/"brief", "sent"/"send" compare equal."""
    word = word.strip(".,!?;:'\"()").lower().removesuffix("'s")
    word = IRREGULAR.get(word, word)
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:4]


def first_content_word(text: str) -> str | None:
    """The verb of "ok emailed okafor" (the first word that is not filler), stemmed."""
    words = (w.strip(".,!?;:'\"()").lower() for w in text.replace("/", " ").split())
    return next((stem(w) for w in words if w and w not in STOP_WORDS), None)


def content_words(text: str) -> set[str]:
    words = (w.strip(".,!?;:'\"()").lower() for w in text.replace("/", " ").split())
    return {stem(w) for w in words if w and w not in STOP_WORDS}


def matching_partnerships(candidates: Sequence[HasNames], name: str) -> list[HasNames]:
    """The candidates `name` means, best first: an exact name alone; else every one whose
    name or partner contains it (or is contained in it); else the closest spelling."""
    wanted = " ".join(name.lower().split())
    if not wanted:
        return []
    exact = ([p for p in candidates if p.name.lower() == wanted]
             or [p for p in candidates if p.partner.lower() == wanted])
    if exact:
        return exact[:1]
    containing = [p for p in candidates
                  if any(wanted in key or key in wanted for key in (p.name.lower(), p.partner.lower()))]
    if containing:
        return containing
    keys = {key: p for p in candidates for key in (p.name.lower(), p.partner.lower())}
    return [keys[key] for key in difflib.get_close_matches(wanted, list(keys), n=1, cutoff=0.6)]


# A user mentioned in a Slack message or slash command: <@U123> or <@U123|name>; group 1 is the id.
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_MENTION_AND_SPACE = re.compile(MENTION.pattern + r"\s*")


def without_mentions(text: str) -> str:
    """`text` with every @mention taken out, with the spaces after it: "<@U1> hi" -> "hi"."""
    return _MENTION_AND_SPACE.sub("", text)
