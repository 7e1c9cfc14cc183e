"""Measurable goals: what is measured, where it stands now (baseline), where it should
be (target) and by when. "Chronic absence at Lincoln High from 18% to 12% by June 2027",
"cut repeat calls to the shelter by 30% by the end of next year", or labelled:
"measure: chronic absence; baseline: 18%; target: 12%; date: June 2027".

A target is a number: absolute ("12%", "40 visits") or a change ("-30%", "+10")."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

from bot import dates

NUMBER = r"[-+]?\d+(?:\.\d+)?\s*(?:%|percent\b|per\s+cent\b|points?\b)?"
FROM_TO = re.compile(rf"\bfrom\s+(?P<baseline>{NUMBER})\s*(?:down\s+|up\s+)?to\s+(?P<target>{NUMBER})", re.I)
CHANGE = re.compile(
    rf"\b(?P<verb>cut|reduc|lower|drop|decreas|increas|rais|grow|improv|boost)\w*\s+(?P<measure>.*?)\s+"
    rf"(?:by\s+)?(?P<amount>{NUMBER})", re.I)
FALLING = ("cut", "reduc", "lower", "drop", "decreas", "halv")
TO_VALUE = re.compile(rf"\b(?:to|at|under|below|above|over|of)\s+(?P<target>{NUMBER})", re.I)
AMOUNT = re.compile(r"[-+]?\d+(?:\.\d+)?\s*(?:%|percent\b|per\s+cent\b|points?\b)", re.I)
DEADLINE = re.compile(r"\b(?:by|before|until|no later than)\s+", re.I)
KEYS = r"measure|baseline|target|date|deadline|by when|by"
LABELLED = re.compile(rf"\b(?P<key>{KEYS})\s*[:=]\s*(?P<value>.+?)\s*(?=[;\n]|\b(?:{KEYS})\s*[:=]|$)", re.I)
MONTH_YEAR = re.compile(rf"^(?:the\s+)?(?:end\s+of\s+)?{dates.MONTHS}\s+(\d{{4}})$", re.I)
YEAR = re.compile(r"^(?:the\s+)?(?:end\s+of\s+)?(\d{4})$")
EXAMPLE = "\"chronic absence at Lincoln High from 18% to 12% by June 2027\""


class GoalProblem(ValueError):
    """What is missing from a goal, said so the user can fix it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class GoalDraft:
    description: str
    measure: str
    baseline: str | None
    target: str
    target_date: date


def number_in(text: str | None) -> float | None:
    match = re.search(NUMBER, text or "")
    return float(re.match(r"[-+]?\d+(?:\.\d+)?", match.group().strip()).group()) if match else None


def tidy(number: str) -> str:
    """'18 percent' -> '18%'; '40 ' -> '40'."""
    value = re.sub(r"\s*(percent|per\s+cent)\b", "%", number.strip(), flags=re.I)
    return re.sub(r"\s+%", "%", value)


def target_value(text: str) -> str:
    """A target as said on its own ("15%", "-30%"); GoalProblem when it is not a number."""
    match = re.fullmatch(rf"\s*({NUMBER})\s*", text or "", re.I)
    if not match:
        raise GoalProblem(f"\"{text.strip()}\" isn't something I can measure. Give the target as a number, "
                          "for example 12% or 40 visits.")
    return tidy(match.group(1))


def goal_date(phrase: str, tz: str | None, now: datetime | None = None) -> date:
    """A goal's date: any due date, or a month and year ("June 2027": its last day), or a
    year. Raises dates.UnclearDate or dates.PastDate."""
    cleaned = re.sub(r"^(by|before|until|no later than|date|deadline)\s+", "", phrase.strip().rstrip(".!"), flags=re.I)
    month_year, year = MONTH_YEAR.match(cleaned), YEAR.match(cleaned)
    if month_year or year:
        when = (date(int(month_year.group(2)), _month(month_year.group(1)), 1) if month_year
                else date(int(year.group(1)), 12, 31))
        when = when.replace(day=calendar.monthrange(when.year, when.month)[1])
        if when < dates.today_in(tz, now):
            raise dates.PastDate(phrase, f"{dates.format_date(when)} has already passed. By when should the goal be met?")
        return when
    return dates.resolve_due_date(cleaned, tz, now)


def _month(name: str) -> int:
    return [m.lower() for m in calendar.month_abbr].index(name[:3].lower())


def parse_goal(text: str, tz: str | None = None, now: datetime | None = None) -> GoalDraft:
    """A measurable goal from what was said; GoalProblem names what is missing."""
    text = " ".join(text.split()).strip(" .")
    labelled = {m.group("key").lower(): m.group("value").strip() for m in LABELLED.finditer(text)}
    if "target" in labelled:
        return _labelled_goal(text, labelled, tz, now)
    body, when, unclear = _split_date(text, tz, now)
    baseline, target, measure = _numbers(body)
    if target is None:
        raise GoalProblem("A goal needs a measure: what number will show it worked, where is it now, where "
                          f"should it be, and by when? For example {EXAMPLE}.")
    if when is None:
        raise GoalProblem(unclear.message if unclear else f"By when? Add a date to the goal, for example {EXAMPLE}.")
    return GoalDraft(text, measure or body, baseline, target, when)


def _split_date(text: str, tz: str | None, now: datetime | None):
    """(goal without its date, the date, the problem with an unreadable date), trying
    the last "by ..." clause first: "cut truancy by 15% by June 2027"."""
    unclear = None
    for deadline in reversed(list(DEADLINE.finditer(text))):
        if AMOUNT.match(text[deadline.end():]):
            continue  # "reduce truancy by 15%": an amount, not a date
        try:
            return text[: deadline.start()].strip(" ,"), goal_date(text[deadline.start():], tz, now), None
        except dates.PastDate as problem:
            raise GoalProblem(problem.message) from problem
        except dates.UnclearDate as problem:
            unclear = unclear or problem
    return text, None, unclear


def _numbers(body: str) -> tuple[str | None, str | None, str]:
    """(baseline, target, measure) from a goal without its date."""
    if found := FROM_TO.search(body):
        return tidy(found["baseline"]), tidy(found["target"]), body[: found.start()].strip(" ,")
    if found := CHANGE.search(body):
        sign = "-" if found["verb"].lower().startswith(FALLING) else "+"
        return None, sign + tidy(found["amount"]).lstrip("+-"), found["measure"].strip(" ,")
    if found := TO_VALUE.search(body):
        return None, tidy(found["target"]), body[: found.start()].strip(" ,")
    return None, None, body


def _labelled_goal(text: str, labelled: dict, tz: str | None, now: datetime | None) -> GoalDraft:
    target = target_value(labelled["target"])
    baseline = target_value(labelled["baseline"]) if labelled.get("baseline") else None
    when = labelled.get("date") or labelled.get("deadline") or labelled.get("by when") or labelled.get("by")
    if not when:
        raise GoalProblem(f"By when? Add a date to the goal, for example \"target: {target}; date: June 2027\".")
    measure = labelled.get("measure") or LABELLED.sub("", text).strip(" ;,") or "the goal"
    try:
        return GoalDraft(text, measure, baseline, target, goal_date(when, tz, now))
    except dates.DateProblem as problem:
        raise GoalProblem(problem.message) from problem


def title(goal) -> str:
    """What a goal is called: its measure, else the whole description."""
    return goal.measure or goal.description


def describe(goal) -> str:
    """One line for a stored goal (or a draft)."""
    target = goal.target or "no target"
    if target.startswith("-"):
        aim = f"down {target[1:]}"
    elif target.startswith("+"):
        aim = f"up {target[1:]}"
    else:
        aim = f"from {goal.baseline} to {target}" if goal.baseline else f"to {target}"
    when = f" by {dates.format_date(goal.target_date)}" if goal.target_date else ""
    return f"{title(goal)}: {aim}{when}"


REPORTED_CHANGE = re.compile(
    rf"\b(?P<dir>down|fell|dropped|decreased|reduced|cut|lower|up|rose|increased|higher|grew)\b\D*?(?P<n>{NUMBER})",
    re.I)


def against_target(goal, said: str) -> str | None:
    """How far a reported number is from the goal's target, in words; None without a number."""
    target = number_in(goal.target)
    if target is None or number_in(said) is None:
        return None
    change = REPORTED_CHANGE.search(said)
    if goal.target.startswith(("-", "+")):
        if not change:
            return f"The goal is {describe(goal)}."
        moved = abs(number_in(change["n"]))
        falling = change["dir"].lower() in ("down", "fell", "dropped", "decreased", "reduced", "cut", "lower")
        if falling != goal.target.startswith("-"):
            return f"That is the wrong way for the goal ({describe(goal)})."
        left = abs(target) - moved
        return ("That meets the target" if left <= 0 else f"{_plain(left, goal.target)} to go") + f" ({describe(goal)})."
    if change:
        return f"The goal is {describe(goal)}; tell me where it stands now (\"it's at 14%\") to see the distance."
    now_at = number_in(said)
    baseline = number_in(goal.baseline)
    falling = baseline is not None and target < baseline
    met = now_at <= target if falling else now_at >= target if baseline is not None else now_at == target
    return ("That meets the target" if met else f"{_plain(abs(now_at - target), goal.target)} to go") + f" ({describe(goal)})."


def _plain(number: float, like: str) -> str:
    """12.0 -> "12", with the target's % when it has one."""
    return f"{number:g}" + ("%" if like.endswith("%") else "")


def _words(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{4,}", text.lower())}  # "truancy"/"truant" compare equal


def best_match(candidates: list, said: str):
    """The goal `said` is about: the one sharing most words with it, when exactly one does."""
    scored = sorted(((len(_words(said) & _words(title(g))), g.id, g) for g in candidates),
                    key=lambda item: item[:2], reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][2]
