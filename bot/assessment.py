"""The partnership health assessment: ratings 1-5 against the knowledge base's
statements, averaged per domain and judged with the Wilder thresholds (4.0 or more a
strength, 3.0-3.9 borderline, 2.9 or less a concern)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bot.knowledge import knowledge


@dataclass(frozen=True)
class DomainScore:
    domain: str
    average: float
    verdict: str   # strength | borderline | concern


def verdict(average: float) -> str:
    thresholds = knowledge().assessment["thresholds"]
    if average >= thresholds["strength"]:
        return "strength"
    if average >= thresholds["borderline"]:
        return "borderline"
    return "concern"


def scores(ratings: dict[str, int]) -> list[DomainScore]:
    """Per-domain averages of the rated items, in the knowledge base's domain order."""
    by_domain: dict[str, list[int]] = defaultdict(list)
    for item in knowledge().assessment["items"]:
        if item["id"] in ratings:
            by_domain[item["domain"]].append(ratings[item["id"]])
    return [DomainScore(domain, round(sum(values) / len(values), 2), verdict(sum(values) / len(values)))
            for domain, values in ((d, by_domain[d]) for d in knowledge().domains) if values]


def concerns_advice(ratings: dict[str, int]) -> dict[str, list[str]]:
    """For each domain of concern: the actions of the factors its low-rated items name."""
    concern_domains = {s.domain for s in scores(ratings) if s.verdict == "concern"}
    advice: dict[str, list[str]] = defaultdict(list)
    for item in knowledge().assessment["items"]:
        if item["domain"] in concern_domains and ratings.get(item["id"], 5) <= 3:
            advice[item["domain"]] += knowledge().factors[item["factor"]]["actions"][:2]
    return dict(advice)


def report(ratings: dict[str, int], previous: dict[str, int] | None = None) -> str:
    kb = knowledge()
    before = {s.domain: s.average for s in scores(previous)} if previous else {}
    lines = ["Partnership health check:"]
    for score in scores(ratings):
        change = ""
        if score.domain in before:
            delta = round(score.average - before[score.domain], 2)
            change = f" ({'+' if delta >= 0 else ''}{delta:.2f} since last time)"
        lines.append(f"- {kb.domains[score.domain]['name']}: {score.average:.2f}, {score.verdict}{change}")
    for domain, actions in concerns_advice(ratings).items():
        lines.append(f"To address {kb.domains[domain]['name'].lower()}:")
        lines += [f"- {action}" for action in dict.fromkeys(actions)]
    lines.append("Thresholds (Wilder): 4.0 or more a strength, 3.0-3.9 borderline, 2.9 or less a concern.")
    return "\n".join(lines)
