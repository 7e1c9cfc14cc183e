"""manage_reminders: "stop reminding me", "pause reminders until Monday", "remind me on
Mondays instead", "turn reminders back on", "when do you remind me", and the person's
shift, as bot/reminders.py reads it ("I work nights", "4 on 4 off starting Monday").
Stored per person."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from bot import dates
from bot.actions.context import RecordsAction, latest_text, paused_if_leaving
from bot.nudges import shifts
from bot.reminders import DAYS, NAMED_SHIFT, RESUME, WORKING, ScheduleProblem, Understood, pause_end, understand
from bot.store.models import ReminderPreference, as_utc

STOP = re.compile(r"\b(stop|don'?t|do not|no more|opt out|unsubscribe|turn (them |reminders |nudges )?off|"
                  r"disable|quit)\b", re.I)
PAUSE = re.compile(r"\b(pause|hold|snooze|mute|until|till|for)\b", re.I)
WEEKDAY = re.compile(r"\bon (?P<day>mon|tue|wed|thu|fri|sat|sun)[a-z]*s?\b|"
                     r"\b(?P<every>every|only on) (?P<day2>mon|tue|wed|thu|fri|sat|sun)", re.I)
ASKING = re.compile(r"^\W*(?:(?:so|ok|okay|and|hey|btw|quick q)\W+)*"
                    r"(?:(?:what|which)(?:'s|\s+is|\s+are|\s+time|\s+days|\s+hours)?\b.*\b(?:remind|nudg|setting)|"
                    r"when\s+(?:do|will|would|does|are|is|can)\b.*\b(?:remind|nudg|message|ping)|"
                    r"when'?s\s+(?:my|the)\s+next\s+(?:reminder|nudge)|"
                    r"(?:show|tell)\b.*\b(?:reminder|nudge)s?\s+settings?)", re.I)
NEXT = re.compile(r"\bnext\b|\babout (?:the|my)\b", re.I)  # "when will u remind me about the patel call"
SETTINGS = re.compile(r"\b(?:reminder|nudge)s?\s+settings?\b", re.I)

EXAMPLES = ("\"I work nights\", \"between 10pm and 6am\", \"I work Tuesday to Friday\", \"not on weekends\" "
            "or \"4 on 4 off starting Monday\"")
HELP = ("I can stop reminders (\"stop reminding me\"), pause them (\"pause reminders until Monday\"), fit them to "
        f"your shift ({EXAMPLES}), move them to one day (\"remind me on Mondays instead\") or turn them back on. "
        "\"When do you remind me?\" shows your settings.")


def preference_for(session, person) -> ReminderPreference:
    preference = session.get(ReminderPreference, person.id)
    if preference is None:
        preference = ReminderPreference(person_id=person.id, opted_out=False, window_start_hour=9, window_end_hour=17)
        session.add(preference)
    return preference


def _apply(preference: ReminderPreference, understood: Understood) -> None:
    if understood.window is not None:
        preference.window_start_hour, preference.window_end_hour = understood.window
    if understood.cycle is not None:
        weekly = len(understood.cycle) == 7 and understood.cycle_start is None
        preference.work_cycle = None if weekly and understood.cycle == shifts.WEEKDAYS_ONLY else understood.cycle
        preference.work_cycle_start = understood.cycle_start
        preference.only_weekday = None  # the new working days replace "Mondays only"
    preference.opted_out = False


# A message that describes the person's work, so that it may leave their days to a guess.
ABOUT_SHIFT = re.compile(rf"{WORKING.pattern}|{NAMED_SHIFT.pattern}", re.I)


def _replaced(before: shifts.Schedule, understood: Understood) -> str:
    """' That replaces your 4 on, 4 off rota.' when new days replace a rota, or a rota
    replaces days said before; nothing otherwise."""
    if understood.cycle is None or (understood.cycle, understood.cycle_start) == (before.cycle, before.cycle_start):
        return ""
    rota_now = len(understood.cycle) != 7 or understood.cycle_start is not None
    if not before.weekly:
        again = f"say it again, like \"{shifts.rota_words(before.cycle).replace(',', '')} starting Monday\""
        return f" That replaces your {shifts.rota_words(before.cycle)} rota; to go back to it, {again}."
    if rota_now and before.cycle != shifts.WEEKDAYS_ONLY:
        return f" That replaces your working days ({shifts.weekly_days(before.cycle)})."
    return ""


def next_reply(preference: ReminderPreference, person, now: datetime) -> str:
    """When the next reminder could go out: the next moment in their window on a working day."""
    moment = shifts.next_moment(preference, person.timezone, now, person.workspace)
    if moment is None:
        return ("No reminder can go out while they're off." if preference.opted_out
                else "I can't find a time in the next eight weeks when a reminder could go out.")
    if moment <= now:
        return "A reminder could go out now: you're in your reminder hours on a working day."
    local = moment.astimezone(ZoneInfo(person.timezone or shifts.DEFAULT_TZ))
    return (f"The next reminder could go out {dates.format_date(local.date())} at {local:%H:%M} your time "
            "(if something needs one).")


def _paused(preference: ReminderPreference, tz_name: str | None) -> date | None:
    if preference.paused_until is None or as_utc(preference.paused_until) <= datetime.now(ZoneInfo("UTC")):
        return None
    return as_utc(preference.paused_until).astimezone(ZoneInfo(tz_name or shifts.DEFAULT_TZ)).date()


def settings_reply(preference: ReminderPreference, person) -> str:
    said = shifts.describe(preference, person.timezone, person.workspace)
    if preference.opted_out:
        return (f"Reminders are off. When they are on: {said.removeprefix('reminders ')}. "
                "Say \"turn reminders back on\" to have them again.")
    if paused := _paused(preference, person.timezone):
        return f"Reminders are paused until {dates.format_date(paused)}; then {said}."
    return f"Your settings: {said}. To change them, say something like {EXAMPLES}."




class ActionManageReminders(RecordsAction):
    def name(self) -> str:
        return "action_manage_reminders"

    def act(self, dispatcher, tracker, domain, session, person):
        text = latest_text(tracker)
        if (paused := paused_if_leaving(dispatcher, tracker)) is not None:
            return paused  # "stop" in a health check stops the check
        preference = preference_for(session, person)
        if ASKING.search(text):
            reply = settings_reply(preference, person)
            if NEXT.search(text):  # "when will u next remind me"
                reply = f"{next_reply(preference, person, datetime.now(timezone.utc))} {reply}"
            if _says_a_shift(text, preference, person):  # "... fri is my day off": asked, not told
                reply += " I haven't changed anything: to change your days or hours, say it on its own."
            dispatcher.utter_message(text=reply)
            return []
        before = shifts.schedule_of(preference)
        days_said = preference.work_cycle is not None
        try:
            understood = understand(text, shifts.schedule_of(preference), person.timezone)
        except ScheduleProblem as problem:
            dispatcher.utter_message(text=str(problem))
            return []
        if RESUME.search(text):
            preference.opted_out, preference.paused_until, preference.only_weekday = False, None, None
            _apply(preference, understood)
            said = shifts.describe(preference, person.timezone, person.workspace)
            reply = f"Reminders are back on: {said.removeprefix('reminders ')}."
        elif understood:
            _apply(preference, understood)
            reply = self._confirm(preference, person, understood)
            reply += _replaced(before, understood)
            if understood.cycle is None and not days_said and ABOUT_SHIFT.search(text):  # "I work nights"
                days = shifts.weekly_days(shifts.WEEKDAYS_ONLY, shifts.schedule_of(preference).overnight)
                reply += (f" I took it as {days}; tell me your days off if they differ, like "
                          "\"my days off are Friday and Saturday\".")
        elif SETTINGS.search(text):
            reply = settings_reply(preference, person)
        elif weekday := WEEKDAY.search(text):
            reply = self._one_weekday(preference, person, DAYS.index((weekday.group("day") or weekday.group("day2"))
                                                                     .lower()[:3]))
        elif PAUSE.search(text) and (phrase := pause_end(text, person.timezone)):
            try:
                until = dates.resolve_due_date(phrase, person.timezone)
            except dates.DateProblem as problem:
                dispatcher.utter_message(text=f"{problem.message} (for example \"pause reminders until Monday\")")
                return []
            zone = ZoneInfo(person.timezone or "UTC")
            # in UTC: SQLite keeps the wall-clock time and drops the zone
            preference.paused_until = datetime.combine(until, time(0, 0), zone).astimezone(timezone.utc)
            reply = f"Reminders paused until {dates.format_date(until)}. Say \"turn reminders back on\" to resume sooner."
        elif STOP.search(text):
            preference.opted_out = True
            reply = ("OK, no more reminders. Your commitments are still kept; "
                     "say \"turn reminders back on\" whenever you want them again.")
        else:
            reply = HELP
        dispatcher.utter_message(text=reply)
        return []

    @staticmethod
    def _confirm(preference: ReminderPreference, person, understood: Understood) -> str:
        reply = f"OK: {shifts.describe(preference, person.timezone, person.workspace)}."
        if understood.assumed_start:
            reply += (" I took today as your first day on; if it isn't, say it like "
                      "\"4 on 4 off starting Monday\".")
        if paused := _paused(preference, person.timezone):
            reply += f" They stay paused until {dates.format_date(paused)}."
        return reply

    @staticmethod
    def _one_weekday(preference: ReminderPreference, person, day: int) -> str:
        schedule = shifts.schedule_of(preference)
        if schedule.weekly and schedule.cycle[day] != "1":
            return (f"{calendar.day_name[day]} isn't one of your working days ({shifts.weekly_days(schedule.cycle)}). "
                    f"Pick one of them, or say which days you work, like \"I work Monday to Friday\".")
        preference.only_weekday, preference.opted_out = day, False
        return f"OK: {shifts.describe(preference, person.timezone, person.workspace)}."


def _says_a_shift(text: str, preference, person) -> bool:
    try:
        return bool(understand(text, shifts.schedule_of(preference), person.timezone))
    except ScheduleProblem:
        return True

