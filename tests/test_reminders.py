"""manage_reminders: stop, pause until a date, one weekday, back on."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.actions.reminders import ActionManageReminders
from bot.store.db import session_scope
from bot.store.models import ReminderPreference
from tests.helpers import run, tracker


def say(text: str) -> str:
    return run(ActionManageReminders(), tracker(text, "manage_reminders"))[0][0]


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
    assert say("remind me on Mondays instead") == "OK: I'll only send reminders on Mondays, in working hours."
    assert preference(database_url).only_weekday == 0


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
    assert say(text).startswith(f"OK: reminders only between {window[0]}:00 and {window[1]}:00")
    saved = preference(database_url)
    assert (saved.window_start_hour, saved.window_end_hour) == window
