"""The results of a round of the partner health check, only ever together.

The arithmetic follows the Wilder inventory's group scoring: a statement's average is
the mean of the ratings given to it ("don't know" left out); a domain's average is the
mean of its statements' averages; the verdict uses the bands of bot/assessment.py
(4.0 or more a strength, 3.0-3.9 borderline, 2.9 or less a concern).

Anonymity: nothing is computed from fewer than the workspace's minimum of people (at
least 3). A round shows no result until that many have rated something; a statement
counts only when that many rated it; police and partner averages are shown only when
*both* sides have that many (otherwise one side's figures and the overall ones would
give away the other side's few answers). Names are never part of a result."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from bot import assessment, dates
from bot.knowledge import knowledge
from bot.store.models import SurveyRespondent, SurveyRound
from bot.survey import rounds

GAP = 1.0  # police and partner domain averages this far apart are flagged


@dataclass(frozen=True)
class StatementResult:
    number: int
    item_id: str
    statement: str
    domain: str
    average: float | None  # None: fewer than the minimum rated it
    raters: int


@dataclass(frozen=True)
class DomainResult:
    domain: str
    name: str
    average: float | None
    verdict: str | None
    police: float | None = None
    partner: float | None = None
    change: float | None = None  # since the previous round

    @property
    def gap(self) -> float | None:
        if self.police is None or self.partner is None:
            return None
        return round(abs(self.police - self.partner), 2)

    @property
    def flagged(self) -> bool:
        return self.gap is not None and self.gap >= GAP


@dataclass(frozen=True)
class RoundResult:
    partnership: str
    closes_at: datetime
    still_open: bool
    invited: int
    answered: int
    police_answered: int
    partner_answered: int
    minimum: int
    domains: list[DomainResult] = field(default_factory=list)
    statements: list[StatementResult] = field(default_factory=list)
    advice: dict[str, list[str]] = field(default_factory=dict)      # concern domain -> actions
    questions: dict[str, str] = field(default_factory=dict)         # flagged domain -> a question to talk over
    previous_closed_at: datetime | None = None

    @property
    def shown(self) -> bool:
        return self.answered >= self.minimum

    @property
    def sides_shown(self) -> bool:
        return self.police_answered >= self.minimum and self.partner_answered >= self.minimum

    @property
    def gaps(self) -> list[DomainResult]:
        return [d for d in self.domains if d.flagged]


# -- the arithmetic, on plain answers -----------------------------------------------

def rated(answers: dict[str, int]) -> dict[str, int]:
    return {item: rating for item, rating in answers.items() if rating != rounds.DONT_KNOW}


def statement_means(answer_sets: list[dict[str, int]], minimum: int) -> dict[str, tuple[float, int]]:
    """Per statement rated by at least `minimum` people: the mean rating and how many gave one."""
    given: dict[str, list[int]] = {}
    for answers in answer_sets:
        for item, rating in rated(answers).items():
            given.setdefault(item, []).append(rating)
    return {item: (sum(values) / len(values), len(values)) for item, values in given.items()
            if len(values) >= minimum}


def domain_averages(answer_sets: list[dict[str, int]], minimum: int) -> dict[str, assessment.DomainScore]:
    """Per domain: the mean of its counted statements' means, with the Wilder verdict."""
    means = {item: mean for item, (mean, _) in statement_means(answer_sets, minimum).items()}
    return {score.domain: score for score in assessment.scores(means)}


def with_answers(respondents: list[SurveyRespondent]) -> list[SurveyRespondent]:
    """Those who rated at least one statement ("don't know" alone tells nothing)."""
    return [r for r in respondents if rated(rounds.answers_of(r))]


# -- a round's result ---------------------------------------------------------------

def compute(session: Session, found: SurveyRound, now: datetime) -> RoundResult:
    partnership = found.partnership
    minimum = rounds.minimum(session, partnership)
    answered = with_answers(found.respondents)
    sides = {side: [rounds.answers_of(r) for r in answered if r.side == side] for side in rounds.SIDES}
    base = dict(partnership=partnership.name, closes_at=rounds.closed_at(found), still_open=rounds.is_open(found, now),
                invited=len(found.respondents), answered=len(answered), police_answered=len(sides["police"]),
                partner_answered=len(sides["partner"]), minimum=minimum)
    if len(answered) < minimum:
        return RoundResult(**base)
    everyone = [rounds.answers_of(r) for r in answered]
    overall = domain_averages(everyone, minimum)
    both_sides = all(len(sides[side]) >= minimum for side in rounds.SIDES)
    by_side = {side: domain_averages(sides[side], minimum) if both_sides else {} for side in rounds.SIDES}
    previous = rounds.previous_round(session, found)
    before = _overall_averages(previous, minimum) if previous else {}
    kb = knowledge()
    domains = []
    for domain in kb.domains:
        score = overall.get(domain)
        police, partner = by_side["police"].get(domain), by_side["partner"].get(domain)
        change = round(score.average - before[domain], 2) if score and domain in before else None
        domains.append(DomainResult(domain, kb.domains[domain]["name"], score.average if score else None,
                                    score.verdict if score else None, police.average if police else None,
                                    partner.average if partner else None, change))
    means = statement_means(everyone, minimum)
    statements = [StatementResult(n, item["id"], item["statement"], item["domain"],
                                  round(means[item["id"]][0], 2) if item["id"] in means else None,
                                  _raters(everyone, item["id"]))
                  for n, item in enumerate(rounds.items(), start=1)]
    advice = assessment.concerns_advice({item: mean for item, (mean, _) in means.items()})
    questions = {d.domain: _question(d.domain, means) for d in domains if d.flagged}
    return RoundResult(**base, domains=domains, statements=statements,
                       advice={d: list(dict.fromkeys(a)) for d, a in advice.items()}, questions=questions,
                       previous_closed_at=rounds.closed_at(previous) if previous and before else None)


def _raters(answer_sets: list[dict[str, int]], item_id: str) -> int:
    return sum(1 for answers in answer_sets if item_id in rated(answers))


def _overall_averages(found: SurveyRound, minimum: int) -> dict[str, float]:
    answered = with_answers(found.respondents)
    if len(answered) < minimum:
        return {}
    return {d: s.average for d, s in domain_averages([rounds.answers_of(r) for r in answered], minimum).items()}


def _question(domain: str, means: dict[str, tuple[float, int]]) -> str:
    """A question from the knowledge base to talk over together: from the factor of the
    domain's lowest-rated statement."""
    kb = knowledge()
    in_domain = [item for item in rounds.items() if item["domain"] == domain]
    lowest = min(in_domain, key=lambda item: means.get(item["id"], (5.0, 0))[0])
    return kb.factors[lowest["factor"]]["questions"][0]


# -- as words -----------------------------------------------------------------------

def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _signed(value: float) -> str:
    return f"{'+' if value >= 0 else ''}{value:.2f}"


def summary_line(result: RoundResult) -> str:
    state = "open until" if result.still_open else "closed"
    sides = f" ({result.police_answered} police, {result.partner_answered} partner)" if result.answered else ""
    return (f"Partner health check of the {result.partnership} partnership (round {state} "
            f"{dates.format_date(result.closes_at.date())}): {result.answered} of {result.invited} invited "
            f"have answered{sides}.")


def report_lines(result: RoundResult) -> list[str]:
    """The result in plain lines ("- " bullets), for chat, Slack and the Markdown file."""
    lines = [summary_line(result)]
    if not result.shown:
        return lines + [f"Results are shown once at least {result.minimum} people have answered, so that no one's "
                        "answers can be picked out."]
    lines.append("By domain (average rating, 1 = strongly disagree, 5 = strongly agree):")
    for d in result.domains:
        if d.average is None:
            lines.append(f"- {d.name}: not shown (fewer than {result.minimum} rated its statements)")
            continue
        line = f"- {d.name}: {d.average:.2f}, {d.verdict}"
        if result.sides_shown:
            line += f" (police {_figure(d.police)}, partners {_figure(d.partner)})"
        if d.change is not None:
            line += f" ({_signed(d.change)} since the last round)"
        if d.flagged:
            line += f": police and partners are {d.gap:.2f} apart"
        lines.append(line)
    if not result.sides_shown:
        lines.append(f"Police and partner averages are shown once each side has at least {result.minimum} people "
                     f"answering (now {result.police_answered} police, {result.partner_answered} partner).")
    for d in result.gaps:
        lines.append(f"Police and partners see {d.name.lower()} differently. Talk it over together: "
                     f"{result.questions[d.domain]}")
    kb = knowledge()
    for domain, actions in result.advice.items():
        lines.append(f"To address {kb.domains[domain]['name'].lower()}:")
        lines += [f"- {action}" for action in actions]
    lines.append("By statement:")
    for s in result.statements:
        shown = (f"{s.average:.2f} ({s.raters} rated)" if s.average is not None
                 else f"not shown ({s.raters} rated; fewer than {result.minimum})")
        lines.append(f"- {s.number}. {s.statement} {shown}")
    lines.append("Thresholds (Wilder): 4.0 or more a strength, 3.0-3.9 borderline, 2.9 or less a concern. "
                 "\"Don't know\" answers are left out of every average; no one's own answers are shown.")
    return lines


def report(result: RoundResult) -> str:
    return "\n".join(report_lines(result))


def as_markdown(result: RoundResult) -> str:
    lines = report_lines(result)
    body = [f"# {lines[0]}", ""]
    for line in lines[1:]:
        body.append(line if line.startswith("- ") else f"\n{line}\n")
    return "\n".join(body).replace("\n\n\n", "\n\n") + "\n"
