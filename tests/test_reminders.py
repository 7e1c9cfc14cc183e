"""manage_reminders: stop, pause until a date, one weekday, back on, and a shift: hours
across midnight, named shifts, days off, rotas, and what the settings are."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.actions.reminders import ActionManageReminders
from bot.store.db import session_scope
from bot.store.models import ReminderPreference, Workspace
from tests.support.trackers import run, tracker

LA = "America/Los_Angeles"


def say(text: str, tz: str = "America/Chicago") -> str:
    return run(ActionManageReminders(), tracker(text, "manage_reminders", tz=tz))[0][0]


def preference(database_url) -> ReminderPreference:
    with session_scope(database_url) as session:
        return session.scalar(select(ReminderPreference))


def test_stop_then_back_on(database_url):
    assert say("stop reminding me").startswith("OK, no more reminders.")
    assert preference(database_url).opted_out is True
    assert say("turn reminders back on").startswith("Reminders are back on")
    assert preference(database_url).opted_out is False


def test_pause_until_a_day_in_the_persons_zone(database_url):
    assert say("pause reminders until Monday").startswith("Reminders paused until Monday")
    paused = preference(database_url).paused_until
    paused = paused if paused.tzinfo else paused.replace(tzinfo=timezone.utc)
    assert timedelta(0) < paused - datetime.now(timezone.utc) <= timedelta(days=8)


def test_one_weekday_only(database_url):
    assert say("remind me on Mondays instead") == (
        "OK: reminders between 09:00 and 17:00, Mondays only, your time (America/Chicago).")
    assert preference(database_url).only_weekday == 0


@pytest.mark.parametrize("text", ["pause reminders until monday, im on vacation",
                                  "pause them till monday. on leave", "snooze reminders thru monday - training"])
def test_a_reason_after_the_pause_date_is_not_read_as_part_of_it(database_url, text):
    assert say(text).startswith("Reminders paused until Monday")


@pytest.mark.parametrize("text", ["pause until the blue moon", "pause reminders until yesterday"])
def test_an_unusable_pause_date_is_questioned(database_url, text):
    assert "pause reminders until Monday" in say(text)
    assert preference(database_url).paused_until is None


@pytest.mark.parametrize("text, window", [
    ("only remind me between 8 and 4", (8, 16)),
    ("remind me between 7am and 3pm", (7, 15)),
    ("send reminders between 10 and 14", (10, 14)),
])
def test_the_working_hours_window_is_set_per_person(database_url, text, window):
    assert say(text).startswith(f"OK: reminders between {window[0]:02d}:00 and {window[1]:02d}:00, Monday to Friday")
    saved = preference(database_url)
    assert (saved.window_start_hour, saved.window_end_hour) == window


@pytest.mark.parametrize("text, understood", [
    ("only remind me between 10pm and 6am", "between 22:00 and 06:00, Monday to Friday nights"),
    ("remind me between 22:00 and 06:00", "between 22:00 and 06:00, Monday to Friday nights"),
    ("between 22 and 6", "between 22:00 and 06:00, Monday to Friday nights"),
    ("between 10 and 6am", "between 22:00 and 06:00, Monday to Friday nights"),
    ("set quiet hours 2200 to 0600", "between 06:00 and 22:00, Monday to Friday"),
    ("I work nights", "between 22:00 and 06:00, Monday to Friday nights"),
    ("nights", "between 22:00 and 06:00, Monday to Friday nights"),
    ("I work days", "between 06:00 and 14:00, Monday to Friday"),
    ("I'm on swings", "between 14:00 and 22:00, Monday to Friday"),
    ("I work evenings", "between 14:00 and 22:00, Monday to Friday"),
    ("I work 12-hour nights", "between 18:00 and 06:00, Monday to Friday nights"),
    ("I work 10 hour days", "between 06:00 and 16:00, Monday to Friday"),
    ("I work Sunday to Thursday nights", "between 22:00 and 06:00, Sunday to Thursday nights"),
    ("I work Tuesday to Friday", "between 09:00 and 17:00, Tuesday to Friday"),
    ("not on weekends", "between 09:00 and 17:00, Monday to Friday"),
    ("don't message me on my days off: Mon and Tue", "between 09:00 and 17:00, Wednesday to Sunday"),
    ("my days off are Friday and Saturday", "between 09:00 and 17:00, Sunday to Thursday"),
    ("weekends too", "between 09:00 and 17:00, every day"),
    ("any day", "between 09:00 and 17:00, every day"),
    ("every day except Wednesdays", "between 09:00 and 17:00, every day but Wednesday"),
    ("2-2-3 starting Jan 4 2027", "between 09:00 and 17:00, on a 2-2-3 (Pitman) rota starting Monday 4 January 2027"),
    ("I work a Pitman schedule from January 4, 2027",
     "between 09:00 and 17:00, on a 2-2-3 (Pitman) rota starting Monday 4 January 2027"),
    ("4 on 4 off nights starting Dec 7 2026",
     "between 22:00 and 06:00, on a 4 on, 4 off rota starting Monday 7 December 2026"),
])
def test_each_shift_phrase_is_confirmed_in_plain_words(database_url, text, understood):
    said = say(text, tz=LA).split(" I took it as ")[0]  # a named shift says which days it assumed (below)
    assert said == f"OK: reminders {understood}, your time ({LA})."


@pytest.mark.parametrize("text, days", [("I work nights", "Monday to Friday nights"),
                                        ("I work 10 hour days", "Monday to Friday"),
                                        ("my shift is 0700-1500", "Monday to Friday")])
def test_a_shift_without_days_says_it_assumed_monday_to_friday(database_url, text, days):
    assert say(text, tz=LA).endswith(f"your time ({LA}). I took it as {days}; tell me your days off if they differ, "
                                     "like \"my days off are Friday and Saturday\".")


def test_no_assumption_is_said_once_the_days_are_known(database_url):
    say("my days off are Friday and Saturday", tz=LA)
    assert say("I work nights", tz=LA) == (
        f"OK: reminders between 22:00 and 06:00, Sunday to Thursday nights, your time ({LA}).")
    assert "I took it as" not in say("between 10pm and 6am", tz=LA)


def test_a_night_shift_is_stored_across_midnight_and_the_days_it_starts(database_url):
    say("I work Sunday to Thursday nights", tz=LA)
    saved = preference(database_url)
    assert (saved.window_start_hour, saved.window_end_hour, saved.work_cycle) == (22, 6, "1111001")


def test_a_rota_starting_on_a_named_day_is_stored_from_that_day(database_url):
    reply = say("4 on 4 off starting Monday", tz=LA)
    assert reply.startswith("OK: reminders between 09:00 and 17:00, on a 4 on, 4 off rota starting Monday ")
    saved = preference(database_url)
    today = datetime.now(ZoneInfo(LA)).date()
    assert saved.work_cycle == "11110000" and saved.work_cycle_start.weekday() == 0
    assert timedelta(0) <= saved.work_cycle_start - today <= timedelta(days=7)


@pytest.mark.parametrize("text, cycle", [("I'm on a 4/4", "11110000"), ("5 on 2 off", "1111100"),
                                         ("four on, four off", "11110000")])
def test_a_rota_without_a_start_counts_from_today_and_says_so(database_url, text, cycle):
    reply = say(text, tz=LA)
    assert "I took today as your first day on" in reply and "\"4 on 4 off starting Monday\"" in reply
    saved = preference(database_url)
    assert saved.work_cycle == cycle and saved.work_cycle_start == datetime.now(ZoneInfo(LA)).date()


def test_days_off_said_later_come_off_the_days_already_set(database_url):
    say("I work Sunday to Thursday nights", tz=LA)
    assert say("not on weekends", tz=LA) == (
        f"OK: reminders between 22:00 and 06:00, Monday to Thursday nights, your time ({LA}).")
    assert say("weekends too", tz=LA) == (
        f"OK: reminders between 22:00 and 06:00, every night but Friday, your time ({LA}).")


def test_new_working_days_replace_a_rota_and_one_weekday(database_url):
    say("4 on 4 off starting Monday", tz=LA)
    say("remind me on Mondays instead", tz=LA)
    say("I work Tuesday to Friday", tz=LA)
    saved = preference(database_url)
    assert (saved.work_cycle, saved.work_cycle_start, saved.only_weekday) == ("0111100", None, None)


def test_one_weekday_must_be_a_working_day(database_url):
    say("I work Tuesday to Friday")
    assert say("remind me on Mondays instead") == ("Monday isn't one of your working days (Tuesday to Friday). "
                                                   "Pick one of them, or say which days you work, like "
                                                   "\"I work Monday to Friday\".")
    assert preference(database_url).only_weekday is None


@pytest.mark.parametrize("text, problem", [
    ("from 6:30am to 2pm", "Give whole hours, like \"between 10pm and 6am\""),
    ("between 6am and 6am", "The start and the end are the same hour"),
    ("dont ping me on my days off", "Which days are your days off? Say it like \"my days off are Monday and Tuesday\""),
    ("I'm on 12-hour swings", "For 12-hour shifts I know days (06:00-18:00), nights (18:00-06:00)"),
    ("10 on 20 off", "like \"4 on 4 off starting Monday\""),
    ("4 on 4 off starting the blue moon", "as the first day on of your rota"),
    ("remind me whenever the moon is full", "fit them to your shift (\"I work nights\", \"between 10pm and 6am\""),
])
def test_a_phrase_that_cannot_be_used_gets_an_example_and_changes_nothing(database_url, text, problem):
    assert problem in say(text, tz=LA)
    saved = preference(database_url)
    assert (saved.window_start_hour, saved.window_end_hour, saved.work_cycle) == (9, 17, None)


@pytest.mark.parametrize("question", ["what are my reminder settings", "when do you remind me",
                                      "when will you nudge me?", "show my reminder settings"])
def test_asking_says_the_current_settings(database_url, question):
    assert say(question, tz=LA) == (f"Your settings: reminders between 09:00 and 17:00, Monday to Friday, your time ({LA}). "
                                    "To change them, say something like \"I work nights\", \"between 10pm and 6am\", "
                                    "\"I work Tuesday to Friday\", \"not on weekends\" or "
                                    "\"4 on 4 off starting Monday\".")


def test_the_settings_say_when_reminders_are_off_or_paused_and_the_workspaces_holidays(database_url):
    say("I work nights", tz=LA)
    say("stop reminding me", tz=LA)
    assert say("when do you remind me", tz=LA) == (
        f"Reminders are off. When they are on: between 22:00 and 06:00, Monday to Friday nights, "
        f"your time ({LA}). Say \"turn reminders back on\" to have them again.")
    assert say("turn reminders back on", tz=LA) == (
        f"Reminders are back on: between 22:00 and 06:00, Monday to Friday nights, your time ({LA}).")
    say("pause reminders until Jan 4 2027", tz=LA)
    with session_scope(database_url) as session:
        session.scalar(select(Workspace)).holiday_country = "US"
    assert say("what are my reminder settings", tz=LA) == (
        "Reminders are paused until Monday 4 January 2027; then reminders between 22:00 and 06:00, "
        f"Monday to Friday nights, your time ({LA}); none on public holidays (US).")


def test_a_shift_turns_stopped_reminders_back_on(database_url):
    say("stop reminding me")
    say("I work nights")
    assert preference(database_url).opted_out is False


def test_a_rota_start_ends_at_a_comma_and_short_am_pm_hours_are_read():
    from bot.nudges.shifts import Schedule
    from bot.reminders import understand

    thursday = datetime(2026, 11, 26, 18, 0, tzinfo=timezone.utc)
    understood = understand("im on 4 on 4 off starting mon, 12 hr days 6a-6p", Schedule(), LA, thursday)
    assert (understood.cycle, understood.cycle_start, understood.window) == (
        "11110000", datetime(2026, 11, 30).date(), (6, 18))


@pytest.mark.parametrize("text, understood", [
    ("actually i work days, 7-3", "between 07:00 and 15:00, Monday to Friday"),
    ("between 7am and 3pm", "between 07:00 and 15:00, Monday to Friday"),
    ("my shift is 0700-1500", "between 07:00 and 15:00, Monday to Friday"),
    ("i work sun mon tue 10p-8a", "between 22:00 and 08:00, Sunday to Tuesday nights"),
    ("i work 6a-6p", "between 06:00 and 18:00, Monday to Friday"),
    ("i work 2200-0600", "between 22:00 and 06:00, Monday to Friday nights"),
    ("i work 22-06", "between 22:00 and 06:00, Monday to Friday nights"),
])
def test_hours_said_win_over_the_named_shifts_defaults(database_url, text, understood):
    assert say(text, tz=LA).startswith(f"OK: reminders {understood}, your time ({LA}).")


def test_switching_shift_keeps_the_shift_length_given(database_url):
    say("12 hr nights", tz=LA)
    assert say("switch me to days", tz=LA).startswith("OK: reminders between 06:00 and 18:00, Monday to Friday,")
    saved = preference(database_url)
    assert (saved.window_start_hour, saved.window_end_hour) == (6, 18)


@pytest.mark.parametrize("then", ["dont ping me on weekends", "my days off are tue wed"])
def test_new_days_replacing_a_rota_say_so(database_url, then):
    say("4 on 4 off starting Monday", tz=LA)
    assert say(then, tz=LA).endswith(" That replaces your 4 on, 4 off rota; to go back to it, say it again, "
                                     "like \"4 on 4 off starting Monday\".")
    assert preference(database_url).work_cycle_start is None  # weekly days now


def test_a_rota_replacing_working_days_says_so(database_url):
    say("I work Tuesday to Friday", tz=LA)
    assert say("5 on 2 off starting Jan 4 2027", tz=LA).endswith(
        " That replaces your working days (Tuesday to Friday).")


def test_changing_days_for_days_says_nothing_of_replacing(database_url):
    say("I work Tuesday to Friday", tz=LA)
    assert "replaces" not in say("I work Monday to Thursday", tz=LA)


def test_asking_when_the_next_reminder_comes_says_a_moment(database_url):
    reply = say("when will u next remind me", tz=LA)
    assert reply.startswith(("The next reminder could go out ", "A reminder could go out now"))
    assert "Your settings: reminders between 09:00 and 17:00, Monday to Friday" in reply
    say("stop reminding me", tz=LA)
    assert say("when's my next reminder", tz=LA).startswith("No reminder can go out while they're off.")


def test_a_question_about_reminders_with_a_day_off_in_it_changes_nothing(database_url):
    say("i work nights 10p-8a, sun-wed", tz=LA)
    before = preference(database_url).work_cycle
    reply = say("so when will u remind me about the patel call? fri is my day off", tz=LA)
    assert reply.startswith(("The next reminder could go out ", "A reminder could go out now"))
    assert reply.endswith("I haven't changed anything: to change your days or hours, say it on its own.")
    assert preference(database_url).work_cycle == before


def test_a_pause_until_a_return_on_a_day_of_the_month(database_url):
    assert say("pause reminders til i get back from vacation on the 7th").startswith("Reminders paused until ")
    assert preference(database_url).paused_until.day == 7
