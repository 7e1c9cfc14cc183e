"""When a person may be nudged: their shift schedule, their own reminder choices and
their workspace's public holidays.

One model covers the police schedules we know of:

    a daily window     start and end hour, local wall-clock time; the end may come
                       before the start, and then the window crosses midnight
  + a cycle of days    one character a day, "1" a working day and "0" a day off
  + the cycle's start  the date its first character stands for (none: a Monday)

So fixed days off are a 7-day cycle (Monday to Friday is "1111100", Sunday to
Thursday "1111001"), and a rota with rotating days off is a longer cycle from the
first day on: 4 on 4 off is "11110000", 5 on 2 off "1111100", 2-2-3 (Pitman)
"11001110011000". 8-, 10- and 12-hour shifts differ only in their window (SHIFT_HOURS).

A window that crosses midnight belongs to the day it starts: at 02:00 on Saturday a
person working 22:00-06:00 is on Friday's night shift, so it is Friday that must be a
working day (and not a public holiday). Hours are wall-clock hours in the person's
time zone, so a daylight-saving change moves nothing: 23:00 stays 23:00.

With nothing set, the schedule is 09:00-17:00, Monday to Friday, and no public
holidays are skipped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import groupby
from zoneinfo import ZoneInfo

from bot.dates import format_date
from bot.store.models import ReminderPreference, Workspace, as_utc

DEFAULT_TZ = "UTC"
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_ONLY = "1111100"
EVERY_DAY = "1111111"
PITMAN = "11001110011000"  # 2 on, 2 off, 3 on, 2 off, 2 on, 3 off
A_MONDAY = date(2024, 1, 1)  # where a cycle without a start begins: a 7-day cycle is then Monday to Sunday
LONGEST_CYCLE = 28

# The hours of the named shifts, by shift length: (start, end); the end may be past midnight.
SHIFT_HOURS = {
    8: {"days": (6, 14), "swings": (14, 22), "nights": (22, 6)},
    10: {"days": (6, 16), "swings": (16, 2), "nights": (20, 6)},
    12: {"days": (6, 18), "nights": (18, 6)},
}


@dataclass(frozen=True)
class Schedule:
    start_hour: int = 9
    end_hour: int = 17                # 1-24; before start_hour when the window crosses midnight
    cycle: str = WEEKDAYS_ONLY
    cycle_start: date | None = None   # the day cycle[0] stands for; None: a Monday

    @property
    def overnight(self) -> bool:
        return self.end_hour < self.start_hour

    @property
    def weekly(self) -> bool:
        return len(self.cycle) == 7 and (self.cycle_start is None or self.cycle_start.weekday() == 0)

    def shift_day(self, local: datetime) -> date | None:
        """The day whose window `local` falls in, or None when it is outside every window."""
        hour = local.hour
        if not self.overnight:
            return local.date() if self.start_hour <= hour < self.end_hour else None
        if hour >= self.start_hour:
            return local.date()
        if hour < self.end_hour:
            return local.date() - timedelta(days=1)  # the shift that started the evening before
        return None

    def works_on(self, day: date) -> bool:
        return self.cycle[(day - (self.cycle_start or A_MONDAY)).days % len(self.cycle)] == "1"


def schedule_of(preference: ReminderPreference | None) -> Schedule:
    if preference is None:
        return Schedule()
    return Schedule(
        start_hour=9 if preference.window_start_hour is None else preference.window_start_hour,
        end_hour=17 if preference.window_end_hour is None else preference.window_end_hour,
        cycle=preference.work_cycle or WEEKDAYS_ONLY,
        cycle_start=preference.work_cycle_start if preference.work_cycle else None,
    )


@lru_cache(maxsize=64)
def _calendar(country: str, subdivision: str | None):
    import holidays  # 0.1 s to import: only where a workspace skips holidays

    return holidays.country_holidays(country, subdiv=subdivision)


def holiday_codes(country: str | None, subdivision: str | None) -> tuple[str, str | None]:
    """The `holidays` package's spelling of a country and subdivision ("us", "ca" ->
    "US", "CA"); ValueError, saying what is known, when it has no such place."""
    import holidays

    if not country:
        raise ValueError("Give the country too, like --holidays US --holiday-subdivision CA.")
    known = holidays.list_supported_countries()
    code = country.strip().upper()
    if code not in known:
        raise ValueError(f"No public holidays known for '{country}'; use a country code like US, GB, AU or CA.")
    if not subdivision:
        return code, None
    spelled = {s.upper(): s for s in known[code]}
    if subdivision.strip().upper() not in spelled:
        raise ValueError(f"{code} has no subdivision '{subdivision}'. Known: {', '.join(known[code])}.")
    return code, spelled[subdivision.strip().upper()]


def holiday_on(workspace: Workspace | None, day: date) -> str | None:
    """The name of the public holiday `day` is in the workspace's country, if it skips them."""
    if workspace is None or not workspace.holiday_country:
        return None
    return _calendar(workspace.holiday_country, workspace.holiday_subdivision).get(day)


def may_nudge_now(preference: ReminderPreference | None, tz_name: str | None, now: datetime,
                  workspace: Workspace | None = None) -> bool:
    """Inside the person's window, on one of their working days (the day the window
    started), unless they opted out, paused, chose one weekday, or it is a public
    holiday the workspace skips."""
    if preference is not None:
        if preference.opted_out:
            return False
        if preference.paused_until and as_utc(preference.paused_until) > now:
            return False
    schedule = schedule_of(preference)
    day = schedule.shift_day(now.astimezone(ZoneInfo(tz_name or DEFAULT_TZ)))
    if day is None or not schedule.works_on(day):
        return False
    if preference is not None and preference.only_weekday is not None and day.weekday() != preference.only_weekday:
        return False
    return holiday_on(workspace, day) is None


def next_moment(preference: ReminderPreference | None, tz_name: str | None, now: datetime,
                workspace: Workspace | None = None, days_ahead: int = 2 * LONGEST_CYCLE) -> datetime | None:
    """The first moment from `now` (to the hour) at which the person may be nudged, in UTC;
    None when reminders are off or no such moment comes within `days_ahead` of `now` (or
    of the end of a pause)."""
    if preference is not None and preference.opted_out:
        return None
    start = now
    if preference is not None and preference.paused_until and as_utc(preference.paused_until) > now:
        start = as_utc(preference.paused_until)
    if may_nudge_now(preference, tz_name, start, workspace):
        return start
    hour = start.replace(minute=0, second=0, microsecond=0)
    for step in range(1, days_ahead * 24 + 1):
        moment = hour + timedelta(hours=step)
        if may_nudge_now(preference, tz_name, moment, workspace):
            return moment
    return None


def cycle_for_days(days: set[int]) -> str:
    """A weekly cycle working on `days` (0 = Monday)."""
    return "".join("1" if day in days else "0" for day in range(7))


def rota_cycle(on: int, off: int) -> str:
    return "1" * on + "0" * off


# ---- Saying it in plain words ----

def _clock(hour: int) -> str:
    return f"{hour % 24:02d}:00" if hour != 24 else "24:00"


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def weekly_days(cycle: str, overnight: bool = False) -> str:
    """'Monday to Friday', 'Sunday to Thursday nights', 'Monday, Wednesday and Friday',
    'every day', 'every night but Friday'."""
    days = [i for i, c in enumerate(cycle) if c == "1"]
    every = "every night" if overnight else "every day"
    if len(days) == 7:
        return every
    if len(days) == 6:
        return f"{every} but {DAY_NAMES[next(d for d in range(7) if d not in days)]}"
    return _named_days(days) + (" nights" if overnight else "")


def _named_days(days: list[int]) -> str:
    if len(days) == 1:
        return DAY_NAMES[days[0]]
    # one unbroken run of days, perhaps across Sunday-Monday: name its ends
    starts = [d for d in days if (d - 1) % 7 not in days]
    if len(starts) == 1 and len(days) > 2:
        first = starts[0]
        return f"{DAY_NAMES[first]} to {DAY_NAMES[(first + len(days) - 1) % 7]}"
    return _join([DAY_NAMES[d] for d in days])


def rota_words(cycle: str) -> str:
    """'4 on, 4 off'; '2-2-3 (Pitman)'; otherwise every run: '3 on, 3 off, 2 on, 6 off'."""
    if cycle == PITMAN:
        return "2-2-3 (Pitman)"
    runs = [(key, len(list(group))) for key, group in groupby(cycle)]
    return ", ".join(f"{length} {'on' if key == '1' else 'off'}" for key, length in runs)


def describe(preference: ReminderPreference | None, tz_name: str | None, workspace: Workspace | None = None) -> str:
    """When this person is nudged, in plain words: 'reminders between 22:00 and 06:00,
    Sunday to Thursday nights, your time (America/Los_Angeles)'. Says nothing of an
    opt-out or a pause (the caller words those)."""
    schedule = schedule_of(preference)
    only = preference.only_weekday if preference is not None else None
    window = f"between {_clock(schedule.start_hour)} and {_clock(schedule.end_hour)}"
    if schedule.weekly:
        if only is not None:
            days = f"{DAY_NAMES[only]} nights only" if schedule.overnight else f"{DAY_NAMES[only]}s only"
        else:
            days = weekly_days(schedule.cycle, schedule.overnight)
    else:
        days = f"on a {rota_words(schedule.cycle)} rota starting {format_date(schedule.cycle_start or A_MONDAY)}"
        if only is not None:
            days += f", {DAY_NAMES[only]}s only"
    said = f"reminders {window}, {days}, your time ({tz_name or DEFAULT_TZ})"
    if workspace is not None and workspace.holiday_country:
        said += f"; none on public holidays ({holiday_place(workspace)})"
    return said


def holiday_place(workspace: Workspace) -> str:
    return "-".join(filter(None, (workspace.holiday_country, workspace.holiday_subdivision)))
