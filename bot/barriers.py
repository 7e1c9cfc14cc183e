"""Barriers named in what people say: which knowledge-base barrier a blocker or an
answer resembles, and that barrier's advice. Used by the actions and by the domain
modules that read answers (evidence, briefings), so it lives below both."""

from __future__ import annotations

import re

from bot.evidence import factors_named
from bot.knowledge import knowledge

ASSIGNMENT_WORDS = re.compile(
    r"\b(put|putting|place|placing|post|posting|assign|assigning|station|stationing|detail|"
    r"sro|school resource officer|officer in|deputy in)\b", re.IGNORECASE,
)
MIN_BARRIER_SCORE = 1.5


def matching_barrier(text: str) -> dict | None:
    """The knowledge base barrier a reported blocker names (by its words), else the one it
    most resembles, if any clearly."""
    named = factors_named(text, "barrier")
    if named:
        return named[0]
    for score, kind, entry in knowledge().search(text, limit=5):
        if kind == "factor" and entry["kind"] == "barrier" and score >= MIN_BARRIER_SCORE:
            return entry
    return None


def barrier_advice(barrier: dict, lead: str) -> list[str]:
    return [f"{lead}, {barrier['name'].lower()}: {barrier['summary']}", "What to do:",
            *[f"- {step}" for step in barrier["actions"]]]
