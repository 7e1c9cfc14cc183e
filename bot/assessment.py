"""The partnership health assessment: ratings 1-5 against the knowledge base's
statements, averaged per domain and judged with the Wilder thresholds (4.0 or more a
strength, 3.0-3.9 borderline, 2.9 or less a concern).

A statement the person can't judge ("don't know", "n/a") is stored with the rating
DONT_KNOW (0; the column is not nullable, and 0 is never a rating): it counts as
answered, so the check moves on, but not in any average."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from bot.knowledge import knowledge

DONT_KNOW = 0
SKIPPED = "dont_know"  # what rating_from says for "don't know"
DONT_KNOW_WORDS = re.compile(
    r"\b(don'?t know|do not know|dunno|idk|no idea|no clue|not applicable|n/a|na|skip|pass|can'?t say|"
    r"cannot say|unsure|not sure)\b", re.IGNORECASE)
# Checked in this order: "strongly disagree" before "disagree" before "agree".
AGREEMENT = [
    (re.compile(r"\b(strongly|totally|completely|fully|absolutely)\s+disagree", re.I), 1),
    (re.compile(r"\b(strongly|totally|completely|fully|absolutely)\s+agree", re.I), 5),
    (re.compile(r"\bneither\b|\bneutral\b|not sure either way|\bin the middle\b|\bon the fence\b", re.I), 3),
    (re.compile(r"\bdisagree|\b(don'?t|do not)\s+agree", re.I), 2),
    (re.compile(r"\bagree", re.I), 4),
]
# Short answers without a number, read only when no number is given: "meh" is the middle.
PLAIN_WORDS = [
    (re.compile(r"^\W*(definitely|absolutely|totally|100%|for sure|very much)\W*$", re.I), 5),
    (re.compile(r"^\W*(meh|so-?so|ok-?ish|okay-?ish|kinda|kind of|sort of|partly|somewhat|mixed|50/50)\W*$", re.I), 3),
    (re.compile(r"^\W*(not really|nah|nope|no|not much|barely)\W*$", re.I), 2),
    (re.compile(r"^\W*(sure|yes|yep|yeah|yup|true|mostly|pretty much)\W*$", re.I), 4),
    (re.compile(r"^\W*(not at all|never|zero|none)\W*$", re.I), 1),
]
# "wait go back, #4 should be a 2": a rating for an earlier statement, changed.
CORRECTION = re.compile(r"(?:#|\bstatement\s*|\bnumber\s*|\bno\.?\s*|\bq\s*)(?P<item>\d{1,2})\b.{0,25}?"
                        r"\b(?:should (?:be|have been)|is|=|to|make it|change it to)\s*(?:a\s+)?(?P<rating>[1-5])\b", re.I)
NUMBER_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}
NUMBER = re.compile(rf"-?\d+(?:\.\d+)?|\b(?:{'|'.join(NUMBER_WORDS)})\b", re.IGNORECASE)
OUT_OF_FIVE = re.compile(r"\s*(/|out of|of)\s*(5|five)\b", re.IGNORECASE)
UNCLEAR = "unclear"


def rating_from(text: str) -> int | str | None:
    """What a free-text answer to a statement means: a number (1-5 when valid), SKIPPED,
    UNCLEAR for several different numbers, or None when it says nothing about a rating.

    "agree" -> 4, "3 i guess" -> 3, "prob a 4" -> 4, "4/5" -> 4, "four" -> 4, "meh" -> 3, "sure" -> 4,
    "idk" -> SKIPPED."""
    text = OUT_OF_FIVE.sub(" ", text.strip())
    if text.endswith("?"):  # "what does statement 3 mean?" is a question, not a rating
        return None
    for pattern, value in AGREEMENT:
        if pattern.search(text):
            return value
    numbers = {_number(found) for found in NUMBER.findall(text)}
    if len(numbers) > 1:
        return UNCLEAR
    if numbers:
        return numbers.pop()
    if DONT_KNOW_WORDS.search(text):
        return SKIPPED
    return next((value for pattern, value in PLAIN_WORDS if pattern.search(text)), None)


def _number(found: str) -> int | str:
    word = found.lower()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    return int(word) if word.lstrip("-").isdigit() else UNCLEAR  # "3.5" is not a rating


@dataclass(frozen=True)
class DomainScore:
    domain: str
    average: float
    verdict: str   # strength | borderline | concern
    rated: int = 0
    statements: int = 0


def verdict(average: float) -> str:
    thresholds = knowledge().assessment["thresholds"]
    if average >= thresholds["strength"]:
        return "strength"
    if average >= thresholds["borderline"]:
        return "borderline"
    return "concern"


def rated_only(ratings: dict[str, int]) -> dict[str, int]:
    """The ratings without the statements answered "don't know"."""
    return {item: value for item, value in ratings.items() if value != DONT_KNOW}


def scores(ratings: dict[str, int]) -> list[DomainScore]:
    """Per-domain averages of the rated items, in the knowledge base's domain order."""
    rated = rated_only(ratings)
    by_domain: dict[str, list[int]] = defaultdict(list)
    statements: dict[str, int] = defaultdict(int)
    for item in knowledge().assessment["items"]:
        statements[item["domain"]] += 1
        if item["id"] in rated:
            by_domain[item["domain"]].append(rated[item["id"]])
    return [DomainScore(domain, round(sum(values) / len(values), 2), verdict(sum(values) / len(values)),
                        len(values), statements[domain])
            for domain, values in ((d, by_domain[d]) for d in knowledge().domains) if values]


def concerns_advice(ratings: dict[str, int]) -> dict[str, list[str]]:
    """For each domain of concern: the actions of the factors its low-rated items name."""
    rated = rated_only(ratings)
    concern_domains = {s.domain for s in scores(rated) if s.verdict == "concern"}
    advice: dict[str, list[str]] = defaultdict(list)
    for item in knowledge().assessment["items"]:
        if item["domain"] in concern_domains and rated.get(item["id"], 5) <= 3:
            advice[item["domain"]] += knowledge().factors[item["factor"]]["actions"][:2]
    return dict(advice)


def report(ratings: dict[str, int], previous: dict[str, int] | None = None) -> str:
    kb = knowledge()
    before = {s.domain: s.average for s in scores(previous)} if previous else {}
    lines = ["Partnership health check:"]
    scored = {score.domain: score for score in scores(ratings)}
    for domain in kb.domains:
        score = scored.get(domain)
        if score is None:
            if any(item["domain"] == domain and item["id"] in ratings for item in kb.assessment["items"]):
                lines.append(f"- {kb.domains[domain]['name']}: not rated (every statement answered \"don't know\")")
            continue
        change = ""
        if score.domain in before:
            delta = round(score.average - before[score.domain], 2)
            change = f" ({'+' if delta >= 0 else ''}{delta:.2f} since last time)"
        partly = f" ({score.rated} of {score.statements} rated)" if score.rated < score.statements else ""
        lines.append(f"- {kb.domains[domain]['name']}: {score.average:.2f}, {score.verdict}{partly}{change}")
    for domain, actions in concerns_advice(ratings).items():
        lines.append(f"To address {kb.domains[domain]['name'].lower()}:")
        lines += [f"- {action}" for action in dict.fromkeys(actions)]
    lines.append("Thresholds (Wilder): 4.0 or more a strength, 3.0-3.9 borderline, 2.9 or less a concern.")
    return "\n".join(lines)
