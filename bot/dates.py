"""Due dates from what people say: "by Friday", "in two weeks", "end of the month",
"Dec 15". Resolved in the person's time zone; never a silent guess."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import dateparser

# Words that introduce a deadline; stripped before parsing ("by Friday" -> "Friday").
DEADLINE_WORDS = ("no later than", "by", "before", "b4", "until", "till", "due", "on", "for")
# A date phrase inside a sentence starts with one of these.
DATE_START = re.compile(
    r"^(no|by|before|b4|until|till|due|on|for|in|within|next|this|last|tomorrow|today|tonight|yesterday|end|"
    r"the|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d|"
    r"tm|2m|eo[dwmy]\b|cob\b|eob\b|first\b|close|start|at\b)",
    re.IGNORECASE,
)
# Shorthand dateparser does not know.
SHORTHAND = {"tmrw": "tomorrow", "tmw": "tomorrow", "tmr": "tomorrow", "tmrow": "tomorrow", "2moro": "tomorrow",
             "2morrow": "tomorrow", "thurs": "thursday", "weds": "wednesday", "eow": "end of the week",
             "eom": "end of the month", "eoy": "end of the year"}
SHORTHAND_WORD = re.compile(rf"\b({'|'.join(SHORTHAND)})\b", re.IGNORECASE)
# A time of day or a shift narrows the day down; the due date is the day
# ("tomorrow morning", "end of shift Friday", "first thing Monday", "eod tomorrow").
TIME_OF_DAY = re.compile(
    r"\b(first\s+thing(\s+in\s+the\s+morning)?|(at\s+)?(the\s+)?(end|close|start)\s+of\s+(the\s+|my\s+)?"
    r"(day|shift|business|watch|tour)|eod|cob|eob|(in\s+the\s+|this\s+)?(morning|afternoon|evening|night)|"
    r"(at\s+)?(noon|midday)|(at\s+)?\d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.)|at\s+\d{1,2}(:\d{2})?|at\s+\d{4}|"
    r"\d{4}\s*(hours|hrs)|am|pm)(?!\w)",
    re.IGNORECASE,
)
MONTHS = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
ABSOLUTE = re.compile(rf"\b{MONTHS}|\d{{1,4}}[/-]\d{{1,2}}", re.IGNORECASE)
ORDINAL_DAY = re.compile(r"^(the\s+)?(\d{1,2})(st|nd|rd|th)$", re.IGNORECASE)
END_OF = re.compile(r"^(the\s+)?end\s+of\s+(the\s+|this\s+|next\s+)?(week|month|year)$", re.I)


class DateProblem(ValueError):
    """A due date that cannot be used; `message` says what to do instead."""

    def __init__(self, phrase: str, message: str):
        super().__init__(message)
        self.phrase = phrase
        self.message = message


class UnclearDate(DateProblem):
    pass


class PastDate(DateProblem):
    pass


@dataclass(frozen=True)
class SplitCommitment:
    task: str
    date_phrase: str | None


def today_in(tz_name: str | None, now: datetime | None = None) -> date:
    tz = ZoneInfo(tz_name) if tz_name else None
    now = now.astimezone(tz) if now and tz else (now or datetime.now(tz))
    return now.date()


def _day_part(phrase: str) -> str:
    """'eod tomorrow' -> 'tomorrow'; a time of day alone ('end of shift') means today."""
    expanded = SHORTHAND_WORD.sub(lambda m: SHORTHAND[m.group(1).lower()], phrase)
    day = " ".join(TIME_OF_DAY.sub(" ", expanded).split()).strip(",")
    if day == expanded.strip():
        return day
    return _strip_deadline_word(day) or "today"


def _strip_deadline_word(phrase: str) -> str:
    cleaned = phrase.strip().strip(".!?,;").strip()
    for word in DEADLINE_WORDS:
        if cleaned.lower().startswith(word + " "):
            return cleaned[len(word) + 1 :].strip()
    return cleaned


def _end_of(unit: str, shift: str, today: date) -> date:
    if unit == "week":  # the working week ends on Friday
        friday = today + timedelta(days=(4 - today.weekday()) % 7)
        return friday + timedelta(weeks=1) if shift.strip() == "next" else friday
    if unit == "month":
        year, month = today.year, today.month
        if shift.strip() == "next":
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return date(year, month, calendar.monthrange(year, month)[1])
    year = today.year + (1 if shift.strip() == "next" else 0)
    return date(year, 12, 31)


def _next_day_of_month(day: int, today: date) -> date | None:
    year, month = today.year, today.month
    for _ in range(13):
        if day <= calendar.monthrange(year, month)[1] and date(year, month, day) >= today:
            return date(year, month, day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


# "next Friday" is the Friday of next week (Monday to Sunday): said on a Thursday it is
# not tomorrow. The reply shows the full date, so another reading is easy to correct.
NEXT_WEEKDAY = re.compile(r"^next\s+(mon|tue|wed|thu|fri|sat|sun)[a-z]*$", re.I)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _parse(phrase: str, today: date) -> date | None:
    if match := NEXT_WEEKDAY.match(phrase):
        next_monday = today + timedelta(days=7 - today.weekday())
        return next_monday + timedelta(days=WEEKDAYS.index(match.group(1).lower()))
    if match := END_OF.match(phrase):
        return _end_of(match.group(3).lower(), match.group(2) or "", today)
    if match := ORDINAL_DAY.match(phrase):
        return _next_day_of_month(int(match.group(2)), today)
    absolute = bool(ABSOLUTE.search(phrase))
    base = datetime(today.year, today.month, today.day, 12, 0)
    parsed = dateparser.parse(
        phrase,
        languages=["en"],
        settings={
            # "Dec 15" means this year's (and is questioned if past); "Friday" the next one.
            "PREFER_DATES_FROM": "current_period" if absolute else "future",
            "RELATIVE_BASE": base,
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["day"] if absolute else [],
        },
    )
    return parsed.date() if parsed else None


# A day and month without a year that went by this long ago means next year's; one that
# went by more recently ("Nov 2" on Nov 26) is more likely a slip, and is asked about.
RECENT_PAST_DAYS = 60
YEAR_GIVEN = re.compile(r"\b(19|20)\d{2}\b|'\d{2}\b|\d{1,2}[/-]\d{1,2}[/-]\d{2,4}")


def _same_day_next_year(day: date) -> date:
    return day.replace(year=day.year + 1) if (day.month, day.day) != (2, 29) else date(day.year + 1, 2, 28)


def resolve_due_date(phrase: str, tz_name: str | None = None, now: datetime | None = None) -> date:
    """The due date `phrase` means for someone in `tz_name`.

    Raises UnclearDate when it cannot be read, PastDate when it has already gone.
    """
    today = today_in(tz_name, now)
    cleaned = _strip_deadline_word(phrase)
    due = _parse(_day_part(cleaned), today) if cleaned else None
    if due is None:
        raise UnclearDate(
            phrase,
            f"I couldn't read \"{phrase.strip()}\" as a date. Try something like "
            "\"Friday\", \"in two weeks\", \"end of the month\" or \"Dec 15\".",
        )
    if due < today and ABSOLUTE.search(cleaned) and not YEAR_GIVEN.search(cleaned) \
            and (today - due).days > RECENT_PAST_DAYS:
        due = _same_day_next_year(due)  # "may 31" said in November means next May
    if due < today:
        raise PastDate(
            phrase,
            f"\"{phrase.strip()}\" would be {format_date(due)}, which has already passed. "
            "When do you want it done by?",
        )
    return due


def resolve_day(phrase: str, tz_name: str | None = None, now: datetime | None = None) -> date:
    """The day `phrase` names for someone in `tz_name`, past days included (the first
    day of a rota: "Monday", "last Monday", "Jan 4"). Raises UnclearDate."""
    cleaned = _strip_deadline_word(phrase)
    day = _parse(_day_part(cleaned), today_in(tz_name, now)) if cleaned else None
    if day is None:
        raise UnclearDate(phrase, f"I couldn't read \"{phrase.strip()}\" as a date. Try something like "
                                  "\"Monday\", \"today\" or \"Jan 4\".")
    return day


def split_commitment(text: str, tz_name: str | None = None, now: datetime | None = None) -> SplitCommitment:
    """Separate what someone will do from when: "call the principal by Friday"."""
    words = text.strip().rstrip(".!").split()
    for start in range(1, len(words)):
        tail = " ".join(words[start:])
        if not DATE_START.match(words[start]):
            continue
        if words[start].isdigit() and reads_as_date(" ".join(words[start + 1:]), tz_name, now):
            continue  # "call officer 12 by Friday": the 12 belongs to the task
        try:
            resolve_due_date(tail, tz_name, now)
        except PastDate:
            return SplitCommitment(" ".join(words[:start]), tail)
        except UnclearDate:
            continue
        return SplitCommitment(" ".join(words[:start]), tail)
    deadline = re.search(r"\b(by|before|until|no later than)\b\s+(.+)$", text.strip().rstrip(".!"), re.I)
    if deadline:
        return SplitCommitment(text[: deadline.start()].strip(), deadline.group(0))
    return SplitCommitment(text.strip().rstrip(".!"), None)


def split_promise(text: str, tz_name: str | None = None) -> SplitCommitment:
    """split_commitment, where a date inside the sentence counts too: "I'll brief the sgts at
    the Dec 3 meeting" -> ("I'll brief the sgts at the meeting", "Dec 3")."""
    split = split_commitment(text, tz_name)
    if split.date_phrase and not reads_as_date(split.date_phrase, tz_name, None):
        # "I'll draft the MOU by jan 15 and get legal to look": the date is the first part
        split = SplitCommitment(text, None)
    when = split.date_phrase or date_in(text)
    said = split.task if split.date_phrase or not when else " ".join(
        re.sub(rf"(\b(by|before|b4|on|until|till)\s+)?{re.escape(when)}", " ", text, count=1, flags=re.I).split())
    task = re.sub(r"\s+(by|before|b4|on|until|till|at)(\s+the)?$", "", said.rstrip(" ,.;"), flags=re.I)
    return SplitCommitment(task, when)


def reads_as_date(phrase: str, tz_name: str | None, now: datetime | None = None) -> bool:
    """Whether `phrase` is a date (one already past included): "friday", "the 7th"."""
    try:
        resolve_due_date(phrase, tz_name, now)
    except PastDate:
        return True
    except UnclearDate:
        return False
    return bool(phrase)


DATE_IN_TEXT = re.compile(
    rf"\b({MONTHS}\s+\d{{1,2}}(st|nd|rd|th)?(,?\s+\d{{4}})?|\d{{1,2}}(st|nd|rd|th)?\s+(of\s+)?{MONTHS}(\s+\d{{4}})?|"
    r"\d{1,2}/\d{1,2}(/\d{2,4})?|\d{4}-\d{2}-\d{2}|(next\s+)?(mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"in\s+(a|one|two|three|four|six|\d+)\s+(weeks?|months?))\b",
    re.IGNORECASE,
)


def date_in(text: str) -> str | None:
    """The first thing in `text` that reads as a calendar date: "March 1", "next Tuesday"."""
    match = DATE_IN_TEXT.search(text)
    return match.group(0) if match else None


def format_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    """"2 Dec 2026": short enough for a phone."""
    return f"{day.day} {day:%b %Y}"
