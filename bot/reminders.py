"""What people say about their shift and their reminders (the model is in
bot/nudges/shifts.py): "between 10pm and 6am", "I work nights", "I work Tuesday to
Friday", "not on weekends", "my days off are Mon and Tue", "4 on 4 off starting Monday",
"2-2-3 starting Jan 4"; and whether a message the model could not place is about
reminders at all.

Hours said without am/pm are read as a daytime range, as before ("between 8 and 4" is
08:00-16:00), unless they are plainly 24-hour ("between 22 and 6", "2200 to 0600")."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

from bot import dates
from bot.nudges import shifts
from bot.questions import ABOUT_REMINDERS

# "turn them back on", not "till im back on monday"
RESUME = re.compile(r"\b(back on(?!\s+(?:the\s+)?(?:\d|mon|tue|wed|thu|fri|sat|sun))|resume|start reminding|"
                    r"turn (them |reminders |nudges )?on|unpause|re-?enable)\b", re.I)
DAYS = [d.lower()[:3] for d in calendar.day_name]


class ScheduleProblem(ValueError):
    """A shift phrase that was recognised but can't be used; the message says what to say instead."""


@dataclass
class Understood:
    """What one message said about the person's shift; None: not mentioned."""
    window: tuple[int, int] | None = None
    cycle: str | None = None
    cycle_start: date | None = None
    assumed_start: bool = False  # a rota with no start: today is taken as its first day on

    def __bool__(self) -> bool:
        return self.window is not None or self.cycle is not None


# ---- hours: "between 10pm and 6am", "from 22:00 to 06:00", "2200-0600", "quiet hours 2200 to 0600" ----

def _time(name: str) -> str:
    return (rf"(?:(?P<{name}>\d{{1,2}})(?:(?P<{name}_colon>:)?(?P<{name}_min>\d{{2}}))?\s*"
            rf"(?P<{name}_half>[ap]\.?\s?m\b\.?|(?<=\d)[ap]\b)?"  # "6am", "6 p.m.", "6a"
            rf"|(?P<{name}_word>midnight|noon|midday))")


UNTIL = r"\s*(?:and|to|till|til|until|through|-|–)\s*"
BETWEEN = re.compile(rf"\b(?:between|from)\s+{_time('a')}{UNTIL}{_time('b')}", re.I)
BARE_RANGE = re.compile(rf"(?<![\d/:-]){_time('a')}\s*(?:to|till|til|until|-|–)\s*{_time('b')}(?![\d/:-])", re.I)
QUIET = re.compile(r"\bquiet\b|\b(?:not|never|don'?t|do not)\b[^.;]*\bbetween\b", re.I)
WHOLE_HOURS = "Give whole hours, like \"between 10pm and 6am\" or \"between 22:00 and 06:00\"."


@dataclass(frozen=True)
class _Clock:
    hour: int
    half: str | None   # am | pm
    literal: bool      # plainly a 24-hour time: "06", "0600", "22", "midnight"


def _clock(match: re.Match, side: str) -> _Clock:
    if word := match.group(f"{side}_word"):
        return _Clock(0 if word.lower() == "midnight" else 12, None, True)
    digits, minutes = match.group(side), match.group(f"{side}_min")
    if minutes and int(minutes):
        raise ScheduleProblem(WHOLE_HOURS)
    half = (match.group(f"{side}_half") or "").lower()[:1] or None  # a | p
    hour = int(digits)
    if half and not 1 <= hour <= 12 or hour > 24:
        raise ScheduleProblem(f"I couldn't read those hours. {WHOLE_HOURS}")
    military = bool(minutes) and not match.group(f"{side}_colon")  # "0600", "2200"
    return _Clock(hour, half, not half and (digits.startswith("0") or hour > 12 or military))


def _hour_of(clock: _Clock) -> int:
    if clock.half:
        return clock.hour % 12 + (12 if clock.half == "p" else 0)
    return clock.hour


def _shortest_reading(clock: _Clock, other: int, clock_is_start: bool) -> int:
    """An hour said without am/pm beside one with it: the reading that makes the shorter
    window ("10 to 6am" is 22:00-06:00, "8 to 4pm" 08:00-16:00)."""
    readings = [clock.hour % 12, clock.hour % 12 + 12]
    length = (lambda h: (other - h) % 24) if clock_is_start else (lambda h: (h - other) % 24)
    return min((h for h in readings if length(h)), key=length)


def _window_hours(match: re.Match) -> tuple[int, int]:
    start, end = _clock(match, "a"), _clock(match, "b")
    if start.literal or end.literal or (start.half and end.half):
        hours = _hour_of(start), _hour_of(end)
    elif start.half:
        hours = _hour_of(start), _shortest_reading(end, _hour_of(start), clock_is_start=False)
    elif end.half:
        hours = _shortest_reading(start, _hour_of(end), clock_is_start=True), _hour_of(end)
    else:  # "between 8 and 4" means 8:00 to 16:00
        hours = start.hour, end.hour + 12 if end.hour <= start.hour else end.hour
    first, last = hours[0] % 24, hours[1] % 24 or 24
    if first == last:
        raise ScheduleProblem("The start and the end are the same hour. Say it like \"between 10pm and 6am\".")
    return first, last


def _window(text: str) -> tuple[int, int] | None:
    match = BETWEEN.search(text)
    if match is None:
        match = next((m for m in BARE_RANGE.finditer(text) if _plainly_times(m)), None)
    if match is None and ABOUT_WORK.search(text):  # "i work days, 7-3": about a shift, so hours
        match = next((m for m in BARE_RANGE.finditer(text) if _plain_hours(m)), None)
    if match is None:
        return None
    first, last = _window_hours(match)
    if QUIET.search(text):  # quiet hours 22:00-06:00: reminders 06:00-22:00
        first, last = last % 24, first or 24
    return first, last


# Words that make "7-3" a shift's hours rather than any two numbers.
ABOUT_WORK = re.compile(r"\b(?:work\w*|shifts?|hours|hrs|days|nights|swings|on\s+duty|remind\w*|nudg\w*|ping\w*)\b",
                        re.I)


def _plain_hours(match: re.Match) -> bool:
    """'7-3', '22-06': two whole hours of the day, neither with minutes."""
    return all(match.group(side) and int(match.group(side)) <= 24 for side in ("a", "b"))


def _plainly_times(match: re.Match) -> bool:
    """'10pm-6am', '2200 to 0600', '22:00-06:00'; not '2-2' of a 2-2-3 rota."""
    return any(match.group(f"{side}_half") or match.group(f"{side}_min") or match.group(f"{side}_word")
               for side in ("a", "b"))


# ---- named shifts: "I work nights", "on 12-hour days", "Sunday to Thursday nights" ----

NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
NUMBER = rf"(?:\d{{1,2}}|{'|'.join(NUMBERS)})"
DAY = r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:rs?(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)s?"
SHIFT_NAMES = {
    "days": r"days|day[- ]?shifts?|day watch",
    "swings": r"swings?|swing[- ]?shifts?|evenings|evening[- ]?shifts?|afternoons|afternoon[- ]?shifts?|lates|"
              r"late[- ]?shifts?",
    "nights": r"nights|night[- ]?shifts?|midnights|midnight[- ]?shifts?|mids|graveyards?|graveyard[- ]?shifts?",
}
LENGTHS = {"8": 8, "eight": 8, "10": 10, "ten": 10, "12": 12, "twelve": 12, "twelves": 12, "tens": 10}
LENGTH = r"(?P<length>8|10|12|eight|ten|twelve)(?:[- ]?(?:hours?|hrs?|h)\b|s\b)[- ]?|(?P<length_word>twelves|tens)\s+"
NAMED_SHIFT = re.compile(
    r"(?:(?P<lead>\b(?:work(?:s|ing)?|on|doing|do|pull(?:ing)?|to|onto)\s+(?:the\s+|a\s+|my\s+)?"
    rf"(?:permanent\s+|steady\s+|straight\s+|fixed\s+)?|\b{DAY}\s+|\b{NUMBER}[\s-]*off\s+))?(?:{LENGTH})?"
    rf"(?P<name>{'|'.join(f'(?P<{key}>{names})' for key, names in SHIFT_NAMES.items())})\b"
    r"(?!\s*(?:off|on)\b)", re.I)


def _length_of(window: tuple[int, int]) -> int | None:
    """The length of the named shift `window` is (06-18: 12), or None when it is none of them."""
    return next((length for length, named in shifts.SHIFT_HOURS.items() if window in named.values()), None)


def _named_shift(text: str, current: shifts.Schedule | None = None) -> tuple[int, int] | None:
    """The hours of the shift named; without a length, the length of the named shift the
    person is on now ("switch me to days" after 12-hour nights: 12-hour days)."""
    current_length = _length_of((current.start_hour, current.end_hour)) if current else None
    for match in NAMED_SHIFT.finditer(text):
        alone = not text[:match.start()].strip() and len(text.split()) <= 3  # "nights", "days please"
        said_length = match.group("length") or match.group("length_word")
        if not (match.group("lead") or said_length or "shift" in match.group("name").lower() or alone):
            continue  # "for a few days" is no shift
        name = next(key for key in SHIFT_NAMES if match.group(key))
        length = LENGTHS[said_length.lower()] if said_length else current_length or 8
        if not said_length and name not in shifts.SHIFT_HOURS[length]:
            length = 8  # 12-hour days, then "I work swings": there are no 12-hour swings
        hours = shifts.SHIFT_HOURS[length].get(name)
        if hours is None:
            known = ", ".join(f"{n} ({start:02d}:00-{end % 24:02d}:00)"
                              for n, (start, end) in shifts.SHIFT_HOURS[length].items())
            raise ScheduleProblem(f"For {length}-hour shifts I know {known}. For other hours say them, "
                                  "like \"between 11am and 11pm\".")
        return hours
    return None


# ---- rotas: "4 on 4 off starting Monday", "I'm on a 4/4", "5 on 2 off", "2-2-3 (Pitman) from Jan 4" ----

ROTA = re.compile(rf"\b(?P<on>{NUMBER})[\s-]*(?:days?|nights?|shifts?)?[\s-]*on[\s,/&-]*(?:and\s+)?"
                  rf"(?P<off>{NUMBER})[\s-]*(?:days?|nights?)?[\s-]*off\b", re.I)
ROTA_SLASH = re.compile(r"\b(?:on|work(?:ing)?|do(?:ing)?)\s+(?:a|an|the)\s+(?P<on>[1-7])\s*/\s*(?P<off>[1-7])(?![\d/])|"
                        r"\b(?P<on2>[1-7])\s*/\s*(?P<off2>[1-7])\s+(?:rota|roster|rotation|schedule|pattern|shifts?)\b",
                        re.I)
PITMAN = re.compile(r"\bpitman\b|(?<![\d/-])2[-/ ]2[-/ ]3(?![\d/-])", re.I)
ROTA_START = re.compile(r"\b(?:starting|starts|start(?:ed)?|beginning|begins?|began|from|as of)\s+(?:on\s+|with\s+)?"
                        r"(?P<when>[^.;!?]+)", re.I)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word.lower()]


def _rota_cycle(text: str) -> str | None:
    if PITMAN.search(text):
        return shifts.PITMAN
    match = ROTA.search(text)
    if match:
        on, off = _number(match.group("on")), _number(match.group("off"))
    elif match := ROTA_SLASH.search(text):
        on, off = int(match.group("on") or match.group("on2")), int(match.group("off") or match.group("off2"))
    else:
        return None
    if on < 1 or off < 1 or on + off > shifts.LONGEST_CYCLE:
        raise ScheduleProblem(f"A rota needs at least one day on and one off, {shifts.LONGEST_CYCLE} days at most "
                              "in all, like \"4 on 4 off starting Monday\".")
    return shifts.rota_cycle(on, off)


def _rota_start(text: str, tz_name: str | None, now: datetime | None = None) -> date | None:
    """The first day on: the longest run of words after "starting" that reads as a day."""
    match = ROTA_START.search(text)
    if match is None:
        return None
    # a comma ends the day ("starting mon, 12 hr days" is Monday), but for a year ("Jan 4, 2027")
    when = re.split(r",(?!\s*\d{4}\b)", match.group("when"))[0]
    words = when.split()[:4]
    for count in range(len(words), 0, -1):
        try:
            return dates.resolve_day(" ".join(words[:count]), tz_name, now)
        except dates.DateProblem:
            continue
    raise ScheduleProblem(f"I couldn't read \"{match.group('when').strip()}\" as the first day on of your rota. "
                          "Say it like \"4 on 4 off starting Monday\" or \"starting Jan 4\".")


# ---- days: "I work Tuesday to Friday", "not on weekends", "days off: Mon and Tue", "weekends too" ----

DAY_RANGE = re.compile(rf"\b(?P<first>{DAY})\s*(?:to|through|thru|-|–)\s*(?P<last>{DAY})\b", re.I)
DAY_MENTION = re.compile(rf"{DAY_RANGE.pattern}|\b(?P<one>{DAY})\b|\b(?P<weekdays>weekdays)\b|"
                         r"\b(?P<weekends>weekends?)\b", re.I)
AS_A_DATE = re.compile(r"\b(?:until|till|til|before|after|by|next|this|last|since|starting|starts|from)\s+$", re.I)
ANY_DAY = re.compile(r"\b(?:any\s+day|every\s*day|(?:7|seven)\s+days\s+a\s+week)\b", re.I)
WEEKENDS_TOO = re.compile(r"\bweekends?\s+(?:too|as\s+well|also|included)\b|\b(?:also|including|and|plus)\s+"
                          r"(?:on\s+)?weekends?\b", re.I)
DAYS_OFF = re.compile(rf"\b(?:days?\s+off|off\s+days?|rest\s+days?)\b|\b{DAY}\s+off\b", re.I)
NEGATION = re.compile(r"\b(?:not|never|don'?t|do\s+not|except|skip|without|stop|off|no\s+(?:reminders|nudges|"
                      r"messages|pings))\b", re.I)
WORKING = re.compile(r"\b(?:work(?:s|ing)?|on\s+duty|shifts?)\b", re.I)


def _day_index(word: str) -> int:
    return DAYS.index(word.lower()[:3])


def _mentions(text: str) -> list[tuple[int, set[int], bool]]:
    """Each mention of days: (where, which days 0 = Monday, is it a range or group)."""
    found = []
    for match in DAY_MENTION.finditer(text):
        if AS_A_DATE.search(text[:match.start()]):
            continue  # "until Monday", "starting Monday": a date, not a day of the week
        if match.group("first"):
            first, last = _day_index(match.group("first")), _day_index(match.group("last"))
            found.append((match.start(), {(first + i) % 7 for i in range((last - first) % 7 + 1)}, True))
        elif match.group("one"):
            found.append((match.start(), {_day_index(match.group("one"))}, False))
        else:
            found.append((match.start(), {0, 1, 2, 3, 4} if match.group("weekdays") else {5, 6}, True))
    return found


def _days(text: str, current: shifts.Schedule) -> str | None:
    """The weekly cycle the message asks for, or None when it names no working days.
    Days named after a "not"/"except"/"don't" are days off; with no working days named,
    they come off the person's current days ("not on weekends")."""
    mentions = _mentions(text)
    if DAYS_OFF.search(text):  # the days off are listed: every other day is a working day
        named = {day for _, days, _ in mentions for day in days}
        if not named:
            raise ScheduleProblem("Which days are your days off? Say it like \"my days off are Monday and Tuesday\".")
        return _weekly(set(range(7)) - named)
    negation = NEGATION.search(text)
    turn = negation.start() if negation else len(text)
    before = [(days, group) for at, days, group in mentions if at < turn]
    working = {day for days, _ in before for day in days}
    off = {day for at, days, _ in mentions if at > turn for day in days}
    current_days = {d for d, c in enumerate(current.cycle) if c == "1"} if current.weekly else {0, 1, 2, 3, 4}
    too = WEEKENDS_TOO.search(text)
    if ANY_DAY.search(text):
        days = set(range(7))
    elif too and too.start() < turn:  # "weekends too": added to the days named, or to the current ones
        days = (working - {5, 6} or current_days) | {5, 6}
    elif working and (len(before) > 1 or before[0][1] or WORKING.search(text)):
        days = working
    elif off:
        days = current_days
    else:
        return None  # "remind me on Mondays" chooses a reminder day, below
    return _weekly(days - off)


def _weekly(days: set[int]) -> str:
    if not days:
        raise ScheduleProblem("That leaves no day at all for reminders. To stop them, say \"stop reminding me\".")
    return shifts.cycle_for_days(days)


def understand(text: str, current: shifts.Schedule, tz_name: str | None, now: datetime | None = None) -> Understood:
    """What `text` says about the person's shift. Raises ScheduleProblem."""
    understood = Understood(window=_window(text) or _named_shift(text, current))
    if cycle := _rota_cycle(text):
        understood.cycle, understood.cycle_start = cycle, _rota_start(text, tz_name, now)
        if understood.cycle_start is None:
            understood.cycle_start, understood.assumed_start = dates.today_in(tz_name, now), True
    else:
        understood.cycle = _days(text, current)
    return understood


def reads_as_reminders(text: str, coach_said_before: str = "") -> bool:
    """For a message the model could not place: is it plainly about reminders? Hours or a
    rota alone ("between 7am and 3pm", "4 on 4 off"), or "turn them back on" just after
    the coach spoke of reminders."""
    if RESUME.search(text):
        return bool(ABOUT_REMINDERS.search(text) or ABOUT_REMINDERS.search(coach_said_before))
    if len(text.split()) > 12:
        return False
    try:
        return _window(text) is not None or _rota_cycle(text) is not None
    except ScheduleProblem:
        return True  # a shift phrase the action will explain how to say


# "pause reminders until monday, im on vacation", "pause them till the 5th, on leave": the
# date ends where the reason starts.
PAUSE_END = re.compile(r"\b(?:until|till|til|thru|through)\s+(?P<when>[^,;.!?]+)", re.I)
ON_DATE = re.compile(r"\b(?:on|by)\s+(?P<when>(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\b.*|\w+day\b.*)$", re.I)


def pause_end(text: str, tz_name: str | None) -> str | None:
    """The words saying until when reminders pause; None when none are said."""
    if found := PAUSE_END.search(text):
        when = re.split(r"\s[-–—]\s", found["when"])[0].strip()
        inner = ON_DATE.search(when)  # "til i get back from vacation on the 7th"
        return inner["when"] if inner and not dates.reads_as_date(when, tz_name) else when
    return dates.split_commitment(text, tz_name).date_phrase
