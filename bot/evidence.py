"""Reading an answer for evidence, as a coach would (COACHING.md, "The loop for every
step"): which checklist items of the step it shows are met, which stay open, which red
flags the study names it raises, and which known barriers it mentions.

Everything judged by lives in knowledge/: the signals and red flags in evidence.yml,
each checklist item's evidence, follow-up and factors in steps.yml. This module only
matches them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.knowledge import knowledge

NEGATION_WINDOW = 25  # characters before a signal in which a "not" cancels it
BARRIER_SIGNALS = {"barrier", "barrier_words"}


@dataclass(frozen=True)
class Reading:
    step_id: str
    met: list[dict] = field(default_factory=list)       # checklist items the answer shows
    gaps: list[dict] = field(default_factory=list)      # items still open, in the study's order
    flags: list[dict] = field(default_factory=list)     # red flags raised
    barrier: dict | None = None                         # the knowledge-base barrier it names, if any

    @property
    def follow_up(self) -> tuple[str, str] | None:
        """(item id, question) that would close the biggest gap, or None when nothing is open."""
        for flag in self.flags:
            if flag.get("follow_up_at", self.step_id) != self.step_id:
                continue
            touched = [item for item in self.gaps if set(item["factors"]) & set(flag["factors"])]
            if touched:
                return touched[0]["id"], flag["follow_up"]
        return (self.gaps[0]["id"], self.gaps[0]["follow_up"]) if self.gaps else None


@lru_cache(maxsize=1)
def _compiled() -> tuple[dict[str, list[re.Pattern]], list[re.Pattern], list[tuple[dict, list[re.Pattern]]]]:
    spec = knowledge().evidence
    signals = {name: [re.compile(p, re.I) for p in patterns] for name, patterns in spec["signals"].items()}
    negations = [re.compile(p, re.I) for p in spec["negations"]]
    flags = [(flag, [re.compile(p, re.I) for p in flag["patterns"]]) for flag in spec["red_flags"]]
    return signals, negations, flags


@lru_cache(maxsize=1)
def _unsettled() -> list[re.Pattern]:
    return [re.compile(p, re.I) for p in knowledge().evidence.get("unsettled", [])]


SENTENCE = re.compile(r"[^.;!?\n]+")
BUT = re.compile(r",?\s+\b(?:but|though|although|except|however)\b", re.I)
# A question names a topic without covering it: "what needs to be in it for CJIS?"
# ("what we need is 2 officers" is an answer)
ASKS = r"(do|does|did|should|would|can|could|is|are|about)"
QUESTION = re.compile(rf"^\W*(what ({ASKS}|needs?|goes|else|kind|sort)|how ({ASKS}|much|many|long)|which|why {ASKS}|"
                      r"(can|could) (u|you|i|we)|should (i|we)|do (i|we|u|you)|does|is there|are there|"
                      r"any (idea|ideas|template|example)s?)\b", re.I)
# An answer that opens by saying no: "not yet.", "wait no, only the supt signed"
DECLINE = re.compile(r"^\W*(wait,?\s+|um+,?\s+|actually,?\s+|well,?\s+)?((no|nope|nah)\b(?=\s*(?:[,.!-]|$))|not yet\b)", re.I)


def _is_question(text: str, sentence: re.Match) -> bool:
    return text.startswith("?", sentence.end()) or bool(QUESTION.match(sentence.group()))


def _questions(text: str) -> list[str]:
    return [sentence.group() for sentence in SENTENCE.finditer(text) if _is_question(text, sentence)]


def only_questions(text: str) -> bool:
    """Every sentence of `text` asks something ("not yet" and "no" aside)."""
    said = [s for s in SENTENCE.finditer(text) if s.group().strip() and not DECLINE.fullmatch(s.group().strip())]
    return bool(said) and all(_is_question(text, sentence) for sentence in said)


def unsettled_spans(text: str) -> list[tuple[int, int]]:
    """Where what is said is left undone: a question; a sentence that opens with a no;
    a part of a sentence that hedges or denies, or the part before its "but" when the
    hedging part names nothing of its own."""
    signals, _, _ = _compiled()
    spans = []
    for sentence in SENTENCE.finditer(text):
        if _is_question(text, sentence) or DECLINE.match(sentence.group()):
            spans.append(sentence.span())
            continue
        cuts = [sentence.start(), *(m.start() + sentence.start() for m in BUT.finditer(sentence.group())), sentence.end()]
        parts = list(zip(cuts, cuts[1:]))
        for n, (start, end) in enumerate(parts):
            hedges = [m for p in _unsettled() for m in p.finditer(text, start, end)]
            if not hedges:
                continue
            own = any(m for name, patterns in signals.items() if name != "detailed" for p in patterns
                      for m in p.finditer(text, start, end)
                      if not any(h.start() <= m.start() < h.end() for h in hedges))
            spans.append((start, end) if own or n == 0 else (parts[n - 1][0], end))
    return spans


# The step's two lists, labelled: "enablers: lee is great. barriers: OT money". A label with
# something after it names that list; owners and plans count only in the barriers' part.
LIST_LABEL = re.compile(r"\b(?P<label>enablers?|facilitators?|strengths?|barriers?|obstacles?|challenges?)"
                        r"\s*(?:[:=]|\s[-–—]\s)\s*", re.I)
LABEL_SIGNAL = {"enabler": "enabler_words", "facilitator": "enabler_words", "strength": "enabler_words",
                "barrier": "barrier_words", "obstacle": "barrier_words", "challenge": "barrier_words"}
NOTHING_LISTED = re.compile(r"^\W*(none|nothing|n/?a|idk|tbd|not sure|dunno|unknown|\?)", re.I)
OWNER_SIGNALS = {"named_person", "plan"}


def labelled_lists(text: str) -> dict[str, str]:
    """{signal: what its label lists} for each labelled list in `text` that names something."""
    labels = list(LIST_LABEL.finditer(text))
    ends = [label.start() for label in labels[1:]] + [len(text)]
    lists = {}
    for label, end in zip(labels, ends):
        listed = text[label.end():end].strip()
        if re.search(r"[^\W\d_]{3,}", listed) and not NOTHING_LISTED.match(listed):
            signal = LABEL_SIGNAL[label["label"].lower().rstrip("s")]
            lists[signal] = f"{lists.get(signal, '')} {listed}".strip()
    return lists


def _negated(text: str, start: int, negations: list[re.Pattern]) -> bool:
    before = text[max(0, start - NEGATION_WINDOW):start]
    return any(n.search(before) for n in negations)


def factors_named(text: str, kind: str, negations: list[re.Pattern] | None = None) -> list[dict]:
    """Knowledge-base factors of `kind` whose names or synonyms the text uses (and,
    given `negations`, does not negate: "dont trust each other" names no trust)."""
    lowered = text.lower()
    return [factor for factor in knowledge().factors_of_kind(kind)
            if any(not (negations and _negated(lowered, m.start(), negations))
                   for phrase in factor["synonyms"] for m in re.finditer(rf"\b{re.escape(phrase)}\b", lowered))]


def signals_in(text: str, computed: dict[str, bool] | None = None) -> set[str]:
    """The kinds of evidence present in `text`, plus the computed ones that hold."""
    signals, negations, _ = _compiled()
    undone = unsettled_spans(text)
    found = {name for name, patterns in signals.items()
             if any(not _negated(text, m.start(), negations) and not any(a <= m.start() < b for a, b in undone)
                    for p in patterns for m in p.finditer(text))}
    found |= {name for name, holds in (computed or {}).items() if holds}
    if factors_named(text, "success_factor", negations):
        found.add("success_factor")
    if factors_named(text, "barrier") or red_flags_in(text):  # a red flag is a barrier named
        found.add("barrier")
    return found


def red_flags_in(text: str) -> list[dict]:
    _, _, flags = _compiled()
    return [flag for flag, patterns in flags if any(p.search(text) for p in patterns)]


def shows(item: dict, present: set[str]) -> bool:
    """An item is shown when every signal of any one of its evidence groups is present."""
    return any(set(group) <= present for group in item["evidence"])


def read_answer(step_id: str, text: str, computed: dict[str, bool] | None = None) -> Reading:
    present = signals_in(text, computed)
    if lists := labelled_lists(text):
        present |= set(lists) | ({"barrier"} if "barrier_words" in lists else set())
        if barriers := lists.get("barrier_words"):  # an owner named among the enablers owns no barrier
            present = (present - OWNER_SIGNALS) | (signals_in(barriers) & OWNER_SIGNALS)
    flags = red_flags_in(text)
    flagged = {factor for flag in flags for factor in flag["factors"]}
    met, gaps = [], []
    for item in knowledge().step(step_id)["checklist"]:
        (met if shows(item, present) and not _held_back(item, flagged) else gaps).append(item)
    asked = {b["id"] for question in _questions(text) for b in factors_named(question, "barrier")}
    # a red flag says it already; asking about one ("what about CJIS?") is not facing it
    named = [b for b in factors_named(text, "barrier") if b["id"] not in flagged | asked]
    barrier = named[0] if named else None
    return Reading(step_id, met, gaps, flags, barrier)


def _held_back(item: dict, flagged: set[str]) -> bool:
    """A red flag puts the items sharing its factors at risk, except an item that asks
    for barriers to be named: naming one is what it asks for."""
    names_barriers = any(set(group) & BARRIER_SIGNALS for group in item["evidence"])
    return bool(set(item["factors"]) & flagged) and not names_barriers


def items_touched(factors: set[str]) -> list[str]:
    """Ids of every checklist item whose factors include any of `factors`."""
    return [item["id"] for step in knowledge().steps for item in step["checklist"]
            if set(item["factors"]) & factors]


def item(item_id: str) -> dict:
    return next(i for step in knowledge().steps for i in step["checklist"] if i["id"] == item_id)


def red_flag(flag_id: str) -> dict:
    return next(f for f in knowledge().evidence["red_flags"] if f["id"] == flag_id)
