"""Measurable goals: what is measured, where it stands now (baseline), where it should
be (target), in what unit, which way it should move, and by when. Read from the shapes
people use:

- "chronic absence at Lincoln High from 18% to 12% by June 2027", "ER handoff from 3.5 hrs
  to 1 hr by june 2027", "repeat calls from 1150 a yr down to 700 by end of 2027"
- "average ER handoff time, currently 3.5 hours, target 1 hour, by June 30 2027",
  "baseline 40 runaway reports, goal 20, dec 2027"
- "cut repeat calls to 700 by next June", "get chronic absence under 10% by may 2027"
- "reduce repeat calls by 30% by next june", "halve the calls to the shelter by 2028"
- labelled: "measure: chronic absence; baseline: 18%; target: 12%; date: June 2027"
- "ER wait time from 3.5 hrs to under 1 hr by june 2027", "shots fired calls to zero by dec 2027",
  "chronic absence 64 last school yr, want 45 by end of next school year"

Numbers may be said as words ("zero", "none", "twelve"). A school year is the US one,
ending on 30 June: "the end of this school year" (or "the school year") is the coming
30 June, "next school year" the 30 June a year after that; so on 26 November 2026 they are
30 June 2027 and 30 June 2028.

A goal that cannot be kept is refused with what is missing: the measure, a number (the
target), the date, or a date still to come.

Baseline and target are numbers ("3.5", "1150"; a percentage keeps its "%": "18%") with
the unit kept apart ("hours", "a year", "calls a month", "%"). A target is absolute
("12%", "700") or a change ("-30%", "+10")."""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import NamedTuple

from bot import dates

NUM = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"  # "3.5", "1,150"
NUMBER = rf"{NUM}\s*(?:%|percent\b|per\s+cent\b|points?\b)?"  # a number as said, with a % or points
MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
        r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
EXAMPLE = "\"chronic absence at Lincoln High from 18% to 12% by June 2027\""

# Verbs that say which way a goal moves; "get"/"bring" leave it to the words after.
FALLING = r"cut|cutt|reduc|redus|lower|drop|dropp|decreas|decres|shorten|shrink"
RISING = r"increas|increse|incres|incras|rais|grow|improv|boost|expand"
STEADY = r"get|gett|bring|keep|reach|move"
VERB_ENDING = r"(?:e|es|ed|ing|s|d)?\b"
LEAD_IN = r"(?:(?:we|i)\s*(?:'ll|’ll|\s+will|\s+want\s+to|\s+need\s+to|\s+aim\s+to|\s+plan\s+to)\s+|to\s+|let's\s+)?"
MOVES = rf"\b(?P<verb>(?:{FALLING}|{RISING}){VERB_ENDING})"
ANY_VERB = rf"\b(?P<verb>(?:{FALLING}|{RISING}|{STEADY}){VERB_ENDING})"
LEVEL_WORDS = r"to|under|below|less\s+than|above|over|more\s+than"
LIMIT = r"(?:(?:under|below|less\s+than|fewer\s+than|above|over|more\s+than|at\s+least|at\s+most)\s+)?"

FROM_TO = re.compile(rf"\bfrom\s+(?P<baseline>{NUM})(?P<unit>(?:\s*(?:%|[a-z/][\w/'.-]*)){{0,4}}?)\s*,?\s*"
                     rf"(?:(?P<dir>down|up)\s+)?to\s+{LIMIT}(?P<target>{NUM})", re.I)
# "chronic absence 21% to 15%": two percentages need no "from".
PERCENT_TO = re.compile(rf"(?P<baseline>{NUM})\s*%\s*,?\s*(?:(?P<dir>down|up)\s+)?to\s+{LIMIT}(?P<target>{NUM})\s*%", re.I)
# "handoff time 2 down to 0.5 hrs", "repeat calls 40 to 20": a figure then "to" is a baseline,
# when words name the measure before it and the figure is not a year.
NUMBER_TO = re.compile(rf"(?<=[a-z])\s+(?!(?:19|20)\d\d\b)(?P<baseline>{NUM})(?P<unit>(?:\s*[a-z/][\w/'.-]*){{0,3}}?)\s*,?\s+"
                       rf"(?:(?P<dir>down|up)\s+)?to\s+{LIMIT}(?P<target>{NUM})", re.I)
# "22% -> 15%", "2 hrs → 30 min": an arrow is said as "to".
ARROW = re.compile(r"\s*(?:-+>|=+>|→|⟶|➡️?)\s*")
# "cut burglaries by half by dec 2027": a cut of 50%.
BY_HALF = re.compile(r"\bby\s+(?:a\s+|one\s+)?half\b", re.I)
# "truancy citations down 30%": a change.
DOWN_BY = re.compile(rf"^(?P<measure>.+?)\s+(?P<dir>down|up)\s+(?:by\s+)?(?P<target>{NUM})\s*(?:%|percent\b|per\s+cent\b)",
                     re.I)
BASELINE_SAID = re.compile(rf"\b(?:currently|presently|right\s+now|now|today|at\s+present|baseline|base\s+line|is)"
                           rf"\s*(?:is\s+|at\s+|of\s+|about\s+|around\s+|:\s*|=\s*)?(?P<number>{NUM})", re.I)
BASELINE_BEFORE = re.compile(rf"(?P<number>{NUM})(?:\s*(?:%|[a-z/][\w/'.-]*)){{0,4}}?\s+(?:now|currently|today|"
                             rf"at\s+present|right\s+now|(?:last|this)\s+(?:school\s+|calendar\s+|fiscal\s+)?"
                             rf"(?:yr|year|month|quarter)|in\s+(?:19|20)\d\d)\b", re.I)
TARGET_SAID = re.compile(rf"\b(?:target(?:ing)?|goal|aim(?:ing)?(?:\s+for)?|want(?:s|ed)?(?:\s+(?:it\s+)?"
                         rf"(?:at|under|below|down\s+to|up\s+to|to\s+be|to\s+reach|to\s+get\s+to))?)"
                         rf"\s*(?:is\s+|of\s+|at\s+|to\s+|:\s*|=\s*)?(?P<number>{NUM})", re.I)
VERB_TO = re.compile(rf"{ANY_VERB}\s+(?P<measure>.+?)\s+(?:(?P<dir>down|up)\s+)?(?P<level>{LEVEL_WORDS})\s+"
                     rf"(?P<target>{NUM})", re.I)
VERB_BY = [re.compile(rf"{MOVES}\s+(?P<measure>.+?)\s+{by}(?P<target>{NUM})", re.I) for by in (r"by\s+", "")]
HALVE = re.compile(rf"\b(?P<verb>halv|doubl|tripl){VERB_ENDING}\s+(?P<measure>.+)$", re.I)
HALVE_TARGETS = {"halv": "-50", "doubl": "+100", "tripl": "+200"}
FEWER = re.compile(rf"^(?:an?\s+)?(?P<target>{NUM})(?P<unit>\s*(?:%|percent|per\s+cent))?\s+(?P<word>fewer|less|"
                   rf"more|reduction|decrease|drop|cut|increase|rise)\s+(?:in\s+|of\s+)?(?P<measure>.+)$", re.I)
LEVEL = re.compile(rf"^(?P<measure>.+?)\s+(?:(?P<dir>down|up)\s+)?(?P<level>{LEVEL_WORDS}|at|of)\s+"
                   rf"(?P<target>{NUM})", re.I)
WITHOUT_NUMBER = re.compile(rf"{ANY_VERB}\s+(?P<measure>[^,;]+)", re.I)
LEAD_VERB = re.compile(rf"^{LEAD_IN}{ANY_VERB}\s+", re.I)

DEADLINE = re.compile(r"\b(?:by|before|until|no later than)\s+", re.I)
DATE_AFTER_NUMBER = re.compile(rf"(?:19|20)\d\d(?!\s*(?:%|[a-z]))|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}|"
                               r"\d{1,2}[/-]\d{1,2}", re.I)
BARE_DATES = [  # a date said without "by": "goal 20, dec 2027", "... next june", "... in 2027"
    re.compile(r"\s+in\s+(?P<when>\d{4})$", re.I),
    re.compile(rf"(?:,\s*|\s+)(?P<when>(?:the\s+)?(?:end\s+of\s+)?(?:next\s+|this\s+)?{MONTH}"
               rf"(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?)$", re.I),
    re.compile(rf",\s*(?P<when>(?:the\s+)?(?:end\s+of\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\s+)?"
               rf"\d{{4}})$", re.I),
]
KEYS = r"measure|baseline|target|date|deadline|by when|by"
LABELLED = re.compile(rf"\b(?P<key>{KEYS})\s*[:=]\s*(?P<value>.+?)\s*(?=[;\n]|\b(?:{KEYS})\s*[:=]|$)", re.I)
MONTH_YEAR = re.compile(rf"^(?:the\s+)?(?:end\s+of\s+)?{dates.MONTHS}\s+(\d{{4}})$", re.I)
YEAR = re.compile(r"^(?:the\s+)?(?:end\s+of\s+)?(\d{4})$")
SCHOOL_YEAR = re.compile(r"^(?:the\s+)?(?:end\s+of\s+)?(?:the\s+)?(?P<which>this\s+|current\s+|next\s+)?"
                         r"school\s*(?:yr|year)$", re.I)
COMING_MONTH = re.compile(rf"^(?:the\s+)?(?:end\s+of\s+)?(?P<next>next\s+|this\s+|(?:the\s+)?coming\s+)?"
                          rf"(?P<month>{dates.MONTHS})$", re.I)

# Numbers said as words, read where a number is expected: "to zero", "from twelve", "target: none".
NUMBER_WORDS = {"zero": 0, "none": 0, "nil": 0, "nothing": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
                "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                "ninety": 90, "a hundred": 100, "one hundred": 100, "a dozen": 12}
NUMBER_WORD = re.compile(rf"(?P<before>\b(?:from|to|under|below|at|of|is|target|goal|baseline|currently|now|want|than)"
                         rf"\s+|[:=]\s*)(?P<word>{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})\b", re.I)

# Words after a number that are not its unit: "from 3.5 hrs to 1 hr", "40 reports, goal 20".
NOT_UNIT = {"to", "down", "up", "by", "from", "and", "or", "at", "in", "for", "of", "on", "with", "the", "than",
            "target", "goal", "aim", "currently", "now", "baseline", "today", "is", "are", "was", "this", "next",
            "then", "so", "but", "last", "want", "wants", "we", "i"}
UNIT_WORD = re.compile(r"\s*(%|/\s*[a-z]+|[a-z][\w'-]*\.?)", re.I)
UNIT_NAMES = [  # as said -> as kept
    (r"\bper\s*cent\b|\bpercent\b|\bpct\b", "%"),
    (r"(?:\b(?:a|an|per|each|every)\s+|/\s*)(?:yr|year)s?\b|\bannually\b|\byearly\b|\bper\s+annum\b", "a year"),
    (r"(?:\b(?:a|an|per|each|every)\s+|/\s*)(?:mo|mth|month)s?\b|\bmonthly\b", "a month"),
    (r"(?:\b(?:a|an|per|each|every)\s+|/\s*)(?:wk|week)s?\b|\bweekly\b", "a week"),
    (r"(?:\b(?:a|an|per|each|every)\s+|/\s*)days?\b|\bdaily\b", "a day"),
    (r"\b(?:hours?|hrs?|h)\b", "hours"),
    (r"\b(?:minutes?|mins?)\b", "minutes"),
    (r"\b(?:points?|pts?)\b", "points"),
    (r"(?<!a )\bdays?\b", "days"),
    (r"(?<!a )\b(?:weeks?|wks?)\b", "weeks"),
]
RATE = re.compile(r"\s*\ba (?:year|month|week|day)$")
# Units that say how something is counted, not what: "40 runaway reports" names the measure.
PLAIN_UNITS = {"%", "hours", "minutes", "points", "days", "weeks", "a year", "a month", "a week", "a day"}


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
    unit: str | None = None       # of baseline and target: "hours", "calls a year", "%"
    direction: str | None = None  # "down" | "up"; None when it can't be told


class Reading(NamedTuple):
    """What a goal's words say, before its date is checked."""
    measure: str
    baseline: str | None
    target: str
    unit: str | None
    direction: str | None


def number_in(text: str | None) -> float | None:
    match = re.search(NUM, text or "")
    return float(match.group().replace(",", "")) if match else None


def _digits(text: str) -> str:
    """"shots fired calls to zero" -> "shots fired calls to 0"."""
    return NUMBER_WORD.sub(lambda m: m["before"] + str(NUMBER_WORDS[m["word"].lower()]), text)


def tidy(number: str) -> str:
    """'18 percent' -> '18%'; '40 ' -> '40'."""
    value = re.sub(r"\s*(percent|per\s+cent)\b", "%", number.strip(), flags=re.I)
    return re.sub(r"\s+%", "%", value)


# Units


def unit_after(text: str) -> str | None:
    """The unit at the start of `text`, which follows a number: " hrs to 1 hr" -> "hours"."""
    return _unit_name(_unit_said(text)[0])


def _unit_said(text: str) -> tuple[str, int]:
    """(the words of the unit at the start of `text`, where they end)."""
    words, end = [], 0
    while len(words) < 4 and (word := UNIT_WORD.match(text, end)):
        said = word.group(1).lower().rstrip(".")
        if said in NOT_UNIT:
            break
        words.append(said)
        end = word.end()
        if said == "%":
            break
    return " ".join(words), end


def _unit_name(said: str) -> str | None:
    for pattern, name in UNIT_NAMES:
        said = re.sub(pattern, name, said, flags=re.I)
    return " ".join(said.split()) or None


def _value(number: str, unit: str | None) -> str:
    """A number as kept: no thousands commas, and a percentage with its "%"."""
    value = number.replace(",", "")
    return value + "%" if unit == "%" and not value.endswith("%") else value


def _amount(value: str, unit: str | None) -> str:
    """A kept number with its unit, as said back: ("1", "hours") -> "1 hour"."""
    if not unit or number_in(value) is None:
        return value
    if unit == "%":
        return value if value.endswith("%") else value + "%"
    first, _, rest = unit.partition(" ")
    if number_in(value) == 1 and first.endswith("s") and not first.endswith("ss"):
        first = first[:-1]
    return " ".join(part for part in (value, first, rest) if part)


def amount(said: str) -> tuple[str, str | None]:
    """A baseline or target said on its own ("15%", "2 hrs", "-30%") as (number, unit);
    GoalProblem when it is not a number."""
    match = re.match(rf"\s*({NUM})(.*)$", said or "")
    if not match:
        raise GoalProblem(f"\"{(said or '').strip()}\" isn't something I can measure. Give the target as a number, "
                          "for example 12% or 40 visits.")
    unit = unit_after(match.group(2))
    return _value(match.group(1), unit), unit


# Direction


def _direction(word: str | None = None, baseline: str | None = None, target: str | None = None) -> str | None:
    """"down" or "up": from the numbers when there are two, else from the sign of a
    change, else from the words ("cut", "under", "increase")."""
    start, end = number_in(baseline), number_in(target)
    if start is not None and end is not None and start != end:
        return "down" if end < start else "up"
    if target and target[0] in "+-":
        return "down" if target[0] == "-" else "up"
    if end == 0 and start is None:  # "to zero": nothing lies below it
        return "down"
    word = (word or "").lower()
    if re.match(rf"(?:{FALLING}){VERB_ENDING}|down|under|below|less|fewer|reduction|decrease|drop|cut", word):
        return "down"
    if re.match(rf"(?:{RISING}){VERB_ENDING}|up|above|over|more|increase|rise", word):
        return "up"
    return None


# Reading the words


def _measure(words: str) -> str:
    """The words naming what is measured: "reduce the repeat calls" -> "repeat calls"."""
    words = re.sub(r"^(?:(?:ugh|ok(?:ay)?|so|um+|uh+|well|hmm+|alright|fine|yeah|yes|and|also)\b\W*)+", "",
                   words.strip(" ,;:-"), flags=re.I)  # "ugh. daytime burglaries..."
    words = LEAD_VERB.sub("", words)
    words = re.sub(r"^(?:the|our|a|an|for|on)\s+", "", words, flags=re.I)
    words = re.sub(r"(?:(?:^|\s+)(?:down|up|is|are|currently|now|from|at|in|we|i|and|but|so))+$", "", words, flags=re.I)
    return words.strip(" ,;:-")


def _reading(measure: str, baseline: str | None, target: str, unit: str | None, word: str | None) -> Reading:
    """The parts put together; with no other words for it, the counted thing names the
    measure ("baseline 40 runaway reports, goal 20")."""
    if not measure and unit and unit not in PLAIN_UNITS:
        rate = RATE.search(unit)
        measure, unit = (unit[: rate.start()], rate.group().strip()) if rate else (unit, None)
    baseline = _value(baseline, unit) if baseline else None
    target = _value(target, unit)
    return Reading(measure, baseline, target, unit, _direction(word, baseline, target))


def _read(body: str) -> Reading | None:
    """Measure, numbers, unit and direction from a goal without its date; None without a number."""
    for shape in (_from_to, _currently_target, _verb_to, _change, _halve, _fewer, _down_by, _level):
        if found := shape(body):
            return found
    return None


def _from_to(body: str) -> Reading | None:
    """"ER handoff from 3.5 hrs to 1 hr", "repeat calls from 1150 a yr down to 700",
    "wait time from 3.5 hrs to 45 min" (3.5 hours kept as 210 minutes), "repeat calls 40 to 20"."""
    if not (found := FROM_TO.search(body) or PERCENT_TO.search(body) or NUMBER_TO.search(body)):
        return None
    target_unit = unit_after(body[found.end("target"):]) or ("%" if found.re is PERCENT_TO else None)
    baseline_unit = unit_after(found["unit"] or "") if found.re is not PERCENT_TO else target_unit
    baseline = _converted(found["baseline"], baseline_unit, target_unit)
    before = body[: found.start()]
    if found.re is NUMBER_TO and not _measure(LEAD_VERB.sub("", before.strip() + " ")):
        return None  # "cut 911 calls to 20": the figure is part of the measure
    verb = LEAD_VERB.match(before.strip())
    return _reading(_measure(before), baseline, found["target"], target_unit or baseline_unit,
                    found["dir"] or (verb["verb"] if verb else None))


MINUTES_IN = {"minutes": 1, "hours": 60, "days": 1440, "weeks": 10080}


def _converted(number: str, unit: str | None, into: str | None) -> str:
    """A baseline said in another unit of time than its target, in the target's unit."""
    if unit == into or unit not in MINUTES_IN or into not in MINUTES_IN:
        return number
    return tidy_number(float(number.replace(",", "")) * MINUTES_IN[unit] / MINUTES_IN[into])


def tidy_number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0")


def _down_by(body: str) -> Reading | None:
    """"truancy citations down 30%": a change, kept as "-30%"."""
    if not (found := DOWN_BY.search(body)):
        return None
    sign = "-" if found["dir"].lower() == "down" else "+"
    return _reading(_measure(found["measure"]), None, sign + found["target"].lstrip("+-"), "%", found["dir"])


def _currently_target(body: str) -> Reading | None:
    """"average handoff time, currently 3.5 hours, target 1 hour", "baseline 40 reports, goal 20",
    "handoff time 3.5 hrs now, target 1 hr"."""
    if not (target := TARGET_SAID.search(body)):
        return None
    baseline = (BASELINE_SAID.search(body[: target.start()]) or BASELINE_BEFORE.search(body[: target.start()])
                or BASELINE_SAID.search(body, target.end()))
    spans = [(found.start(), found.end() + _unit_said(body[found.end():])[1]) for found in (target, baseline) if found]
    rest = body
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + "," + rest[end:]
    verb = LEAD_VERB.match(rest.strip(" ,;"))
    measure = ", ".join(part for part in (_measure(clause) for clause in re.split(r"[,;]", rest)) if part)
    unit = unit_after(body[target.end():]) or (unit_after(body[baseline.end("number"):]) if baseline else None)
    return _reading(measure, baseline["number"] if baseline else None, target["number"], unit,
                    verb["verb"] if verb else None)


def _verb_to(body: str) -> Reading | None:
    """"cut repeat calls to 700", "get chronic absence under 10%"."""
    if not (found := VERB_TO.search(body)):
        return None
    word = found["dir"] or (found["level"] if found["level"].lower() != "to" else found["verb"])
    return _reading(_measure(found["measure"]), None, found["target"], unit_after(body[found.end():]), word)


def _change(body: str) -> Reading | None:
    """"reduce repeat calls by 30%": a change, kept as "-30%"."""
    found = next((f for f in (shape.search(body) for shape in VERB_BY) if f), None)
    if found is None:
        return None
    sign = "-" if _direction(found["verb"]) == "down" else "+"
    unit = unit_after(body[found.end():])
    return _reading(_measure(found["measure"]), None, sign + found["target"].lstrip("+-"), unit, found["verb"])


def _halve(body: str) -> Reading | None:
    """"halve the calls to the shelter", "double referrals"."""
    if not (found := HALVE.search(body)):
        return None
    change = HALVE_TARGETS[found["verb"].lower()]
    return _reading(_measure(found["measure"]), None, change, "%", None)


def _fewer(body: str) -> Reading | None:
    """"30% fewer repeat calls", "a 20% increase in referrals"."""
    if not (found := FEWER.match(body)):
        return None
    sign = "-" if _direction(found["word"]) == "down" else "+"
    unit = "%" if found["unit"] else None
    return _reading(_measure(found["measure"]), None, sign + found["target"].lstrip("+-"), unit, found["word"])


def _level(body: str) -> Reading | None:
    """"truancy below 10%", "repeat calls down to 700"."""
    if not (found := LEVEL.search(body)):
        return None
    word = found["dir"] or found["level"]
    return _reading(_measure(found["measure"]), None, found["target"], unit_after(body[found.end():]), word)


# Dates


def goal_date(phrase: str, tz: str | None, now: datetime | None = None, replacing: date | None = None) -> date:
    """A goal's date: any due date, a month and year ("June 2027": its last day), a year,
    or a month alone ("next june": the coming June's last day; changing a May 2027 date,
    "december" stays in 2027). Raises dates.UnclearDate or dates.PastDate."""
    cleaned = re.sub(r"^(by|before|until|no later than|date|deadline)\s+", "", phrase.strip().rstrip(".!"), flags=re.I)
    month_year, year = MONTH_YEAR.match(cleaned), YEAR.match(cleaned)
    today = dates.today_in(tz, now)
    if school := SCHOOL_YEAR.match(cleaned):  # a US school year ends on 30 June
        following = bool(school["which"]) and school["which"].strip().lower() == "next"
        return date(today.year + (today.month > 6) + following, 6, 30)
    if coming := COMING_MONTH.match(cleaned):
        month = _month(coming["month"])
        if replacing and not coming["next"] and _month_end(replacing.year, month) >= today:
            return _month_end(replacing.year, month)  # "make that december": the year the goal already has
        later = month < today.month or (month == today.month and bool(coming["next"]))
        return _month_end(today.year + later, month)
    if month_year or year:
        when = (_month_end(int(month_year.group(2)), _month(month_year.group(1))) if month_year
                else date(int(year.group(1)), 12, 31))
        if when < today:
            raise dates.PastDate(phrase, f"{dates.format_date(when)} has already passed. "
                                         "By when should the goal be met?")
        return when
    try:
        return dates.resolve_due_date(cleaned, tz, now)
    except dates.PastDate:
        if dates.YEAR_GIVEN.search(cleaned):
            raise
        return dates.resolve_due_date(f"{cleaned} {today.year + 1}", tz, now)  # "sept 30" said in November


def date_only(said: str, tz: str | None) -> date | None:
    """The goal date when that is all that was said ("oh right, june 2027 then"), else None."""
    words = re.sub(r"^\W*((oh|ok|okay|right|sorry|yes|yeah|no|i mean|make it|make that|then|obv(iously)?)\W*\s*)*|"
                   r"(\W+(then|obv(iously)?|instead|pls|please))+\W*$", "", said.strip(), flags=re.I).strip(" .,!")
    try:
        return goal_date(words, tz) if words and not re.search(r"\b(from|to|target|baseline)\b", words, re.I) else None
    except dates.DateProblem:
        return None


def without_date(text: str) -> str:
    """A goal as said, without its last "by ..." clause."""
    found = list(DEADLINE.finditer(text))
    return text[: found[-1].start()].strip(" ,") if found else text


def _month(name: str) -> int:
    return [m.lower() for m in calendar.month_abbr].index(name[:3].lower())


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _split_date(text: str, tz: str | None, now: datetime | None):
    """(goal without its date, the date, the problem with an unreadable date), trying
    the last "by ..." clause first: "cut truancy by 15% by June 2027"."""
    unclear = None
    for deadline in reversed(list(DEADLINE.finditer(text))):
        after = text[deadline.end():]
        if re.match(NUM, after) and not DATE_AFTER_NUMBER.match(after):
            continue  # "reduce truancy by 15%", "cut calls by 200 a year": an amount, not a date
        comma = text.find(",", deadline.end())
        for end in (len(text), comma) if comma > 0 else (len(text),):  # "by June 2027, for ER handoffs"
            try:
                when = goal_date(text[deadline.start(): end], tz, now)
            except dates.PastDate as problem:
                raise GoalProblem(problem.message) from problem
            except dates.UnclearDate as problem:
                unclear = unclear or problem
                continue
            return (text[: deadline.start()] + text[end:]).strip(" ,"), when, None
    for shape in BARE_DATES:
        if found := shape.search(text):
            try:
                return text[: found.start()].strip(" ,"), goal_date(found["when"], tz, now), None
            except dates.PastDate as problem:
                raise GoalProblem(problem.message) from problem
            except dates.UnclearDate:
                continue
    return text, None, unclear


# The goal


def parse_goal(text: str, tz: str | None = None, now: datetime | None = None) -> GoalDraft:
    """A measurable goal from what was said; GoalProblem names what is missing."""
    said = " ".join(text.split()).strip(" .")
    text = _digits(BY_HALF.sub("by 50%", ARROW.sub(" to ", said)))
    labelled = {m.group("key").lower(): m.group("value").strip() for m in LABELLED.finditer(text)}
    if "target" in labelled:
        return replace(_labelled_goal(text, labelled, tz, now), description=said)
    body, when, unclear = _split_date(text, tz, now)
    found = _read(body)
    if found is None:
        raise GoalProblem(_without_target(body, when))
    if not found.measure:
        raise GoalProblem(_without_measure(when))
    if when is None:
        raise GoalProblem(unclear.message if unclear else f"By when? Add a date to the goal, for example {EXAMPLE}.")
    return GoalDraft(said, found.measure, found.baseline, found.target, when, found.unit, found.direction)


def _without_target(body: str, when: date | None) -> str:
    """"cut crime" names a measure but no number; "better relationships" neither;
    "chronic absence 64 last year" a figure but no target."""
    by_when = "" if when else ", and by when"
    if figure := re.search(NUM, body):
        measure = _measure(body[: figure.start()]) or "the measure"
        return (f"A goal needs a target for {measure}: I read {figure.group()}, but not where it should be"
                f"{by_when}. Say it as \"{measure} from {figure.group()} to [target] by [date]\".")
    named = WITHOUT_NUMBER.search(body)
    measure = _measure(named["measure"]) if named else ""
    if not measure:
        return ("A goal needs a measure: what number will show it worked, where is it now, where should it be"
                f"{by_when}? For example {EXAMPLE}.")
    return (f"A goal needs a number for {measure}: the figure now and the target{by_when}. "
            f"For example \"{measure} from 120 to 90 a month by June 2027\".")


def _without_measure(when: date | None) -> str:
    missing = "a measure" if when else "a measure and a date"
    return (f"A goal needs {missing}: say what is measured{'' if when else ' and by when'}, for example "
            "\"average ER handoff time for officers, currently 3.5 hours, target 1 hour, by June 2027\".")


def _labelled_goal(text: str, labelled: dict, tz: str | None, now: datetime | None) -> GoalDraft:
    target, target_unit = amount(labelled["target"])
    baseline, baseline_unit = amount(labelled["baseline"]) if labelled.get("baseline") else (None, None)
    unit = target_unit or baseline_unit
    when = labelled.get("date") or labelled.get("deadline") or labelled.get("by when") or labelled.get("by")
    if not when:
        raise GoalProblem(f"By when? Add a date to the goal, for example \"target: {target}; date: June 2027\".")
    measure = labelled.get("measure") or LABELLED.sub("", text).strip(" ;,") or "the goal"
    found = _reading(measure, baseline, target, unit, None)
    try:
        return GoalDraft(text, found.measure, found.baseline, found.target, goal_date(when, tz, now), found.unit,
                         found.direction)
    except dates.DateProblem as problem:
        raise GoalProblem(problem.message) from problem


def change_number(goal, field: str, said: str) -> None:
    """A new baseline or target for a stored goal ("15%", "2 hours"), in the goal's unit."""
    value, unit = amount(said)
    kept = goal.unit or ("%" if any((n or "").endswith("%") for n in (goal.baseline, goal.target)) else None)
    a_change = (goal.target or "").startswith(("-", "+"))  # its unit is the change's, not the measure's
    if unit and kept and unit != kept and not a_change:
        raise GoalProblem(f"The goal is counted in {kept}. Give the new {field} in {kept} too, for example "
                          f"\"change the goal {field} to {_amount('2', kept)}\".")
    goal.unit = unit or kept
    setattr(goal, field, _value(value, goal.unit))
    goal.direction = _direction(goal.direction, goal.baseline, goal.target)


# Saying it back


def title(goal) -> str:
    """What a goal is called: its measure, else the whole description."""
    return goal.measure or goal.description


def describe(goal) -> str:
    """One line for a stored goal (or a draft)."""
    if not goal.target:  # kept as said, to be made measurable later
        return f"{title(goal)} (draft: no target or date yet)"
    target = goal.target
    if target.startswith("-"):
        aim = f"down {_amount(target[1:], goal.unit)}"
    elif target.startswith("+"):
        aim = f"up {_amount(target[1:], goal.unit)}"
    elif goal.baseline:
        aim = f"from {_amount(goal.baseline, goal.unit)} to {_amount(target, goal.unit)}"
    else:
        aim = f"{goal.direction + ' ' if goal.direction else ''}to {_amount(target, goal.unit)}"
    when = f" by {dates.format_date(goal.target_date)}" if goal.target_date else ""
    return f"{title(goal)}: {aim}{when}"


REPORTED_CHANGE = re.compile(
    rf"\b(?P<dir>down|fell|dropped|decreased|reduced|cut|lower|up|rose|increased|higher|grew)\b(?!\s+to\b)"
    rf"\D*?(?P<n>{NUMBER})", re.I)


FALLING_CHANGE = ("down", "fell", "dropped", "decreased", "reduced", "cut", "lower")


def reported_change(said: str) -> float | None:
    """The change a progress note reports, signed: "truancy down 12%" -> -12.0; None
    when it reports no change ("it's at 14%")."""
    change = REPORTED_CHANGE.search(said)
    if not change:
        return None
    moved = abs(number_in(change["n"]))
    return -moved if change["dir"].lower() in FALLING_CHANGE else moved


def reported_level(goal, said: str) -> float | None:
    """Where a progress note says the measure stands, in the goal's unit ("handoffs at
    2.9 hrs" -> 2.9, "down to 4 hrs" on a goal in minutes -> 240); None for a change
    ("down 12%") or a note without a number."""
    if number_in(said) is None or REPORTED_CHANGE.search(said):
        return None
    return _in_goal_unit(said, goal)


def against_target(goal, said: str) -> str | None:
    """How far a reported number is from the goal's target, in words; None without a number."""
    target = number_in(goal.target)
    if target is None or number_in(said) is None:
        return None
    change = reported_change(said)
    if goal.target.startswith(("-", "+")):
        if change is None:
            return f"The goal is {describe(goal)}."
        if (math.copysign(1, change) < 0) != goal.target.startswith("-"):  # "down 0%" is falling
            return f"That is the wrong way for the goal ({describe(goal)})."
        left = abs(target) - abs(change)
        return ("That meets the target" if left <= 0 else f"{said_in_unit(left, goal)} to go") + f" ({describe(goal)})."
    if change is not None:
        return f"The goal is {describe(goal)}; tell me where it stands now (\"it's at 14%\") to see the distance."
    now_at = reported_level(goal, said)
    direction = goal.direction or _direction(None, goal.baseline, goal.target)
    met = now_at <= target if direction == "down" else now_at >= target if direction == "up" else now_at == target
    left = said_in_unit(abs(now_at - target), goal)
    return ("That meets the target" if met else f"{left} to go") + f" ({describe(goal)})."


def _in_goal_unit(said: str, goal) -> float:
    """The number reported, in the goal's unit of time: "down to 4 hrs" on a goal in minutes is 240."""
    found = re.search(NUM, said)
    said_unit = unit_after(said[found.end():])
    return float(_converted(found.group().replace(",", ""), said_unit, goal.unit))


def said_in_unit(number: float, goal) -> str:
    """12.0 -> "12", with the goal's unit: "12%", "1.5 hours"."""
    unit = goal.unit or ("%" if (goal.target or "").endswith("%") else None)
    return _amount(f"{number:g}", unit)


def _words(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{4,}", text.lower())}  # "truancy"/"truant" compare equal


def shared_words(goal, said: str) -> set[str]:
    return _words(said) & _words(title(goal))


def best_match(candidates: list, said: str):
    """The goal `said` is about: the one sharing most words with it, when exactly one does."""
    scored = sorted(((len(_words(said) & _words(title(g))), g.id, g) for g in candidates),
                    key=lambda item: item[:2], reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][2]
