"""manage_reminders: "stop reminding me", "pause reminders until Monday",
"remind me on Mondays instead", "turn reminders back on". Stored per person."""

from __future__ import annotations

import calendar
import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from rasa_sdk.events import ActiveLoop, SlotSet

from bot import dates
from bot.actions.context import RecordsAction, latest_text
from bot.questions import leaving
from bot.store.models import ReminderPreference

RESUME = re.compile(r"\b(back on|resume|start reminding|turn (them |reminders |nudges )?on|unpause|re-?enable)\b", re.I)
STOP = re.compile(r"\b(stop|don'?t|do not|no more|opt out|unsubscribe|turn (them |reminders |nudges )?off|"
                  r"disable|quit)\b", re.I)
PAUSE = re.compile(r"\b(pause|hold|snooze|mute|until|till|for)\b", re.I)
WEEKDAY = re.compile(r"\bon (?P<day>mon|tue|wed|thu|fri)[a-z]*s?\b|\b(?P<every>every|only on) (?P<day2>mon|tue|wed|thu|fri)",
                     re.I)
WINDOW = re.compile(r"\bbetween (?P<start>\d{1,2})(?::00)?\s*(?P<start_half>am|pm)? and "
                    r"(?P<end>\d{1,2})(?::00)?\s*(?P<end_half>am|pm)?", re.I)
DAYS = [d.lower()[:3] for d in calendar.day_name]


def _hour(value: str, half: str | None) -> int:
    hour = int(value) % 12 if half else int(value)
    return hour + 12 if (half or "").lower() == "pm" else hour


def preference_for(session, person) -> ReminderPreference:
    preference = session.get(ReminderPreference, person.id)
    if preference is None:
        preference = ReminderPreference(person_id=person.id, opted_out=False, window_start_hour=9, window_end_hour=17)
        session.add(preference)
    return preference


PAUSABLE = {
    "assessment_form": "Paused the health check; your ratings so far are kept. Say \"run a health check\" to pick it up.",
    "coaching_form": "Paused the coaching; your answers are kept. Say \"what's next?\" to pick it up.",
}


class ActionManageReminders(RecordsAction):
    def name(self) -> str:
        return "action_manage_reminders"

    def act(self, dispatcher, tracker, domain, session, person):
        text = latest_text(tracker)
        loop = (tracker.active_loop or {}).get("name")
        if loop in PAUSABLE and leaving(text):
            dispatcher.utter_message(text=PAUSABLE[loop])  # "stop" in a health check stops the check
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        preference = preference_for(session, person)
        if RESUME.search(text):
            preference.opted_out, preference.paused_until, preference.only_weekday = False, None, None
            reply = "Reminders are back on: I'll nudge you on weekdays in working hours about anything stalled."
        elif window := WINDOW.search(text):
            start = _hour(window.group("start"), window.group("start_half"))
            end = _hour(window.group("end"), window.group("end_half") or window.group("start_half"))
            if end <= start and not window.group("end_half"):
                end += 12  # "between 8 and 4" means 8:00 to 16:00
            if not 0 <= start < end <= 24:
                dispatcher.utter_message(text="Give the hours as a daytime range, like \"between 8 and 4\".")
                return []
            preference.window_start_hour, preference.window_end_hour = start, end
            reply = f"OK: reminders only between {start}:00 and {end}:00 on weekdays, your time."
        elif weekday := WEEKDAY.search(text):
            day = DAYS.index((weekday.group("day") or weekday.group("day2")).lower()[:3])
            preference.only_weekday, preference.opted_out = day, False
            reply = f"OK: I'll only send reminders on {calendar.day_name[day]}s, in working hours."
        elif PAUSE.search(text) and (phrase := dates.split_commitment(text, person.timezone).date_phrase):
            try:
                until = dates.resolve_due_date(phrase, person.timezone)
            except dates.DateProblem as problem:
                dispatcher.utter_message(text=f"{problem.message} (for example \"pause reminders until Monday\")")
                return []
            zone = ZoneInfo(person.timezone or "UTC")
            preference.paused_until = datetime.combine(until, time(0, 0), zone)
            reply = f"Reminders paused until {dates.format_date(until)}. Say \"turn reminders back on\" to resume sooner."
        elif STOP.search(text):
            preference.opted_out = True
            reply = ("OK, no more reminders. Your commitments are still kept; "
                     "say \"turn reminders back on\" whenever you want them again.")
        else:
            reply = ("I can stop reminders (\"stop reminding me\"), pause them (\"pause reminders until Monday\"), "
                     "move them to one day (\"remind me on Mondays instead\") or turn them back on.")
        dispatcher.utter_message(text=reply)
        return []
