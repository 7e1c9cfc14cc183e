"""Reminders that fit a shift (bot/nudges/shifts.py): windows across midnight and daylight
saving, days off, rotas, public holidays, and the defaults, with an explicit clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.nudges import shifts
from bot.nudges.scheduler import run_pass
from bot.nudges.shifts import may_nudge_now
from bot.slack.nudge_blocks import describe
from bot.store import commitments, people
from bot.store.db import session_scope
from bot.store.models import ReminderPreference, Workspace

LA, SYDNEY, CHICAGO = "America/Los_Angeles", "Australia/Sydney", "America/Chicago"
SUNDAY_TO_THURSDAY = "1111001"
WEDNESDAY_TO_SATURDAY = "0011110"


def at(tz: str, year: int, month: int, day: int, hour: int, minute: int = 0, fold: int = 0) -> datetime:
    """The UTC moment a wall clock in `tz` shows this time (the scheduler's `now`)."""
    return datetime(year, month, day, hour, minute, fold=fold, tzinfo=ZoneInfo(tz)).astimezone(timezone.utc)


def shift(start: int, end: int, cycle: str | None = None, cycle_start: date | None = None, **more) -> ReminderPreference:
    return ReminderPreference(window_start_hour=start, window_end_hour=end, work_cycle=cycle,
                              work_cycle_start=cycle_start, **{"opted_out": False, **more})


def test_with_nothing_set_nudges_come_on_weekdays_from_9_to_17_exactly_as_before():
    monday = at(CHICAGO, 2026, 11, 30, 0)
    for hour in range(7 * 24):
        now = monday + timedelta(hours=hour)
        local = now.astimezone(ZoneInfo(CHICAGO))
        expected = local.weekday() < 5 and 9 <= local.hour < 17
        assert may_nudge_now(None, CHICAGO, now) is expected, local
        assert may_nudge_now(shift(9, 17), CHICAGO, now) is expected, local


@pytest.mark.parametrize("local, expected", [
    ((2026, 12, 2, 21, 59), False),   # Wednesday, before the night starts
    ((2026, 12, 2, 22, 0), True),     # Wednesday night
    ((2026, 12, 3, 3, 0), True),      # after midnight: still Wednesday's night
    ((2026, 12, 3, 5, 59), True),
    ((2026, 12, 3, 6, 0), False),     # the night is over
    ((2026, 12, 3, 12, 0), False),    # midday
    ((2026, 12, 4, 23, 0), False),    # Friday night is a night off
    ((2026, 12, 5, 2, 0), False),     # early Saturday belongs to Friday night: off
    ((2026, 12, 6, 23, 0), True),     # Sunday night works
    ((2026, 12, 4, 2, 0), True),      # early Friday belongs to Thursday night
])
def test_a_night_shift_crosses_midnight_and_belongs_to_the_evening_it_starts(local, expected):
    nights = shift(22, 6, SUNDAY_TO_THURSDAY)
    assert may_nudge_now(nights, LA, at(LA, *local)) is expected


@pytest.mark.parametrize("tz, local, expected", [
    # Los Angeles springs forward at 02:00 on Sunday 8 March 2026 (Saturday night is worked)
    (LA, (2026, 3, 7, 22, 0), True),
    (LA, (2026, 3, 8, 1, 30), True),      # still PST
    (LA, (2026, 3, 8, 5, 59), True),      # now PDT
    (LA, (2026, 3, 8, 6, 0), False),      # 13:00 UTC: 05:00 by the old offset, but the night is over
    (LA, (2026, 3, 8, 22, 30), False),    # Sunday night is off
    # ... and falls back at 02:00 on Sunday 1 November 2026: 01:30 happens twice
    (LA, (2026, 11, 1, 1, 30, 0), True),
    (LA, (2026, 11, 1, 1, 30, 1), True),
    (LA, (2026, 11, 1, 5, 59), True),
    (LA, (2026, 11, 1, 6, 0), False),     # 14:00 UTC: 07:00 by the old offset
    # Sydney springs forward at 02:00 on Sunday 4 October 2026 ...
    (SYDNEY, (2026, 10, 3, 22, 0), True),
    (SYDNEY, (2026, 10, 4, 5, 30), True),
    (SYDNEY, (2026, 10, 4, 6, 30), False),   # 19:30 UTC: 05:30 by the old offset
    # ... and falls back at 03:00 on Sunday 5 April 2026: 02:30 happens twice
    (SYDNEY, (2026, 4, 4, 22, 0), True),
    (SYDNEY, (2026, 4, 5, 2, 30, 0), True),
    (SYDNEY, (2026, 4, 5, 2, 30, 1), True),
    (SYDNEY, (2026, 4, 5, 5, 59), True),
    (SYDNEY, (2026, 4, 5, 6, 0), False),     # 20:00 UTC: 07:00 by the old offset
    (SYDNEY, (2026, 4, 5, 22, 0), False),    # Sunday night is off
])
def test_a_night_shift_keeps_its_wall_clock_hours_across_a_daylight_saving_change(tz, local, expected):
    nights = shift(22, 6, WEDNESDAY_TO_SATURDAY)
    assert may_nudge_now(nights, tz, at(tz, *local)) is expected


@pytest.mark.parametrize("local, expected", [
    ((2026, 12, 1, 10, 0), False),   # Tuesday: a day off
    ((2026, 12, 2, 10, 0), True),    # Wednesday
    ((2026, 12, 5, 10, 0), True),    # Saturday is a working day
    ((2026, 12, 6, 10, 0), False),   # Sunday
])
def test_fixed_days_off(local, expected):
    wednesday_to_saturday = shift(9, 17, WEDNESDAY_TO_SATURDAY)
    assert may_nudge_now(wednesday_to_saturday, CHICAGO, at(CHICAGO, *local)) is expected


FIRST_DAY_ON = date(2026, 12, 7)  # a Monday


@pytest.mark.parametrize("day, expected", [
    (date(2026, 12, 7), True), (date(2026, 12, 10), True),     # the first four days on, Monday to Thursday
    (date(2026, 12, 11), False), (date(2026, 12, 14), False),  # four off, Friday to Monday
    (date(2026, 12, 15), True),                                # on again, Tuesday
    (date(2026, 12, 21), False),                               # a Monday off
    (date(2026, 12, 26), True),                                # a Saturday on
    (date(2026, 12, 2), True), (date(2026, 12, 3), False),     # the rota runs backwards too
])
def test_a_4_on_4_off_rota_nudges_on_its_days_on_whatever_the_weekday(day, expected):
    rota = shift(6, 18, shifts.rota_cycle(4, 4), FIRST_DAY_ON)
    assert may_nudge_now(rota, LA, at(LA, day.year, day.month, day.day, 12)) is expected


def test_a_night_rota_judges_the_hours_after_midnight_by_the_night_before():
    rota = shift(18, 6, shifts.rota_cycle(4, 4), FIRST_DAY_ON)
    assert may_nudge_now(rota, LA, at(LA, 2026, 12, 11, 3)) is True     # Thursday night, the last one on
    assert may_nudge_now(rota, LA, at(LA, 2026, 12, 11, 19)) is False   # Friday night is off
    assert may_nudge_now(rota, LA, at(LA, 2026, 12, 7, 3)) is False     # Sunday night, before the first on


def test_a_pitman_rota_works_two_two_three():
    pitman = shift(6, 18, shifts.PITMAN, FIRST_DAY_ON)
    worked = [n for n in range(14) if may_nudge_now(pitman, LA, at(LA, 2026, 12, 7 + n, 12))]
    assert worked == [0, 1, 4, 5, 6, 9, 10]


def test_opt_out_pause_and_one_weekday_still_apply_to_a_shift():
    wednesday_night = at(LA, 2026, 12, 2, 23)
    assert may_nudge_now(shift(22, 6, opted_out=True), LA, wednesday_night) is False
    assert may_nudge_now(shift(22, 6, paused_until=wednesday_night + timedelta(hours=1)), LA, wednesday_night) is False
    assert may_nudge_now(shift(22, 6, only_weekday=2), LA, wednesday_night) is True
    assert may_nudge_now(shift(22, 6, only_weekday=2), LA, wednesday_night + timedelta(hours=4)) is True  # 03:00 Thu
    assert may_nudge_now(shift(22, 6, only_weekday=3), LA, wednesday_night + timedelta(hours=4)) is False


CALIFORNIA = Workspace(external_id="T1", holiday_country="US", holiday_subdivision="CA")


def test_a_public_holiday_is_skipped_when_the_workspace_asks():
    christmas, christmas_eve = at(LA, 2026, 12, 25, 10), at(LA, 2026, 12, 24, 10)
    assert may_nudge_now(None, LA, christmas) is True  # default: holidays are not skipped
    assert may_nudge_now(None, LA, christmas, CALIFORNIA) is False
    assert may_nudge_now(None, LA, christmas_eve, CALIFORNIA) is True
    assert may_nudge_now(None, LA, christmas, Workspace(external_id="T2")) is True


def test_a_subdivision_adds_its_own_holidays():
    day_after_thanksgiving = at(LA, 2026, 11, 27, 10)  # a California holiday, not a federal one
    assert may_nudge_now(None, LA, day_after_thanksgiving, CALIFORNIA) is False
    assert may_nudge_now(None, LA, day_after_thanksgiving, Workspace(external_id="T2", holiday_country="US")) is True


def test_the_holiday_is_judged_by_the_persons_own_date():
    # 16:30 on Christmas Day in Los Angeles is already 26 December in UTC
    assert may_nudge_now(None, LA, at(LA, 2026, 12, 25, 16, 30), CALIFORNIA) is False
    # 10:00 on 24 December in Sydney is still 23 December in UTC; Christmas Eve is no holiday,
    # 10:00 on Christmas Day in Sydney is 24 December in UTC and is one
    australia = Workspace(external_id="T3", holiday_country="AU", holiday_subdivision="NSW")
    assert may_nudge_now(None, SYDNEY, at(SYDNEY, 2026, 12, 24, 10), australia) is True
    assert may_nudge_now(None, SYDNEY, at(SYDNEY, 2026, 12, 25, 10), australia) is False


def test_a_night_shift_starting_on_a_holiday_is_skipped_and_the_night_before_it_is_not():
    nights = shift(22, 6, shifts.EVERY_DAY)
    assert may_nudge_now(nights, LA, at(LA, 2026, 12, 25, 2), CALIFORNIA) is True    # Christmas Eve's night
    assert may_nudge_now(nights, LA, at(LA, 2026, 12, 25, 23), CALIFORNIA) is False  # Christmas night
    assert may_nudge_now(nights, LA, at(LA, 2026, 12, 26, 2), CALIFORNIA) is False


@pytest.mark.parametrize("preference, said", [
    (None, "reminders between 09:00 and 17:00, Monday to Friday, your time (America/Los_Angeles)"),
    (shift(22, 6, SUNDAY_TO_THURSDAY),
     "reminders between 22:00 and 06:00, Sunday to Thursday nights, your time (America/Los_Angeles)"),
    (shift(6, 14, "1010100"), "reminders between 06:00 and 14:00, Monday, Wednesday and Friday, "
                              "your time (America/Los_Angeles)"),
    (shift(22, 6, shifts.EVERY_DAY), "reminders between 22:00 and 06:00, every night, your time (America/Los_Angeles)"),
    (shift(9, 17, only_weekday=0), "reminders between 09:00 and 17:00, Mondays only, your time (America/Los_Angeles)"),
    (shift(18, 6, shifts.rota_cycle(4, 4), FIRST_DAY_ON),
     "reminders between 18:00 and 06:00, on a 4 on, 4 off rota starting Monday 7 December 2026, "
     "your time (America/Los_Angeles)"),
    (shift(6, 18, shifts.PITMAN, FIRST_DAY_ON),
     "reminders between 06:00 and 18:00, on a 2-2-3 (Pitman) rota starting Monday 7 December 2026, "
     "your time (America/Los_Angeles)"),
])
def test_the_schedule_is_said_in_plain_words(preference, said):
    assert shifts.describe(preference, LA) == said


def test_the_description_names_the_holidays_skipped():
    assert shifts.describe(None, LA, CALIFORNIA).endswith("; none on public holidays (US-CA)")


@pytest.mark.parametrize("country, subdivision, codes", [
    ("us", "ca", ("US", "CA")), ("GB", None, ("GB", None)), ("au", "nsw", ("AU", "NSW")),
])
def test_holiday_places_are_spelled_as_the_holidays_package_knows_them(country, subdivision, codes):
    assert shifts.holiday_codes(country, subdivision) == codes


@pytest.mark.parametrize("country, subdivision, problem", [
    ("ZZ", None, "No public holidays known for 'ZZ'"), ("US", "XX", "US has no subdivision 'XX'"),
    (None, "CA", "Give the country too"),
])
def test_unknown_holiday_places_are_refused(country, subdivision, problem):
    with pytest.raises(ValueError, match=problem):
        shifts.holiday_codes(country, subdivision)


# ---- through the scheduler and the store (SQLite and PostgreSQL) ----

def _stalled_commitment_of(database_url, tz: str, **preference) -> None:
    with session_scope(database_url) as session:
        owner = people.person_for(session, people.Identity("T1", "U1", "Sgt. Night", tz))
        commitments.add_commitment(session, owner, "call the principal", date(2026, 11, 20))
        if preference:
            session.add(ReminderPreference(person_id=owner.id, opted_out=False, **preference))


@pytest.mark.parametrize("local_hour, planned", [(23, True), (12, False), (3, True), (7, False)])
def test_the_scheduler_plans_a_night_workers_nudge_at_night(database_url, local_hour, planned):
    _stalled_commitment_of(database_url, LA, window_start_hour=22, window_end_hour=6, work_cycle=SUNDAY_TO_THURSDAY)
    report = run_pass(database_url, None, at(LA, 2026, 12, 2 if local_hour > 12 else 3, local_hour), dry_run=True)
    assert bool(report.planned(describe)) is planned
    if planned:
        first = report.planned(describe)[0]
        assert first.startswith("nudge to U1: ") and "call the principal" in first


def test_the_scheduler_follows_a_stored_rota(database_url):
    _stalled_commitment_of(database_url, LA, window_start_hour=6, window_end_hour=18,
                           work_cycle=shifts.rota_cycle(4, 4), work_cycle_start=FIRST_DAY_ON)
    assert run_pass(database_url, None, at(LA, 2026, 12, 10, 12), dry_run=True).planned(describe)      # a Thursday on
    assert not run_pass(database_url, None, at(LA, 2026, 12, 11, 12), dry_run=True).planned(describe)  # a Friday off


def test_the_scheduler_skips_the_workspaces_public_holidays(database_url):
    _stalled_commitment_of(database_url, LA)
    christmas = at(LA, 2026, 12, 25, 10)
    assert run_pass(database_url, None, christmas, dry_run=True).planned(describe)
    with session_scope(database_url) as session:
        workspace = session.scalar(select(Workspace).where(Workspace.external_id == "T1"))
        workspace.holiday_country, workspace.holiday_subdivision = "US", "CA"
    assert not run_pass(database_url, None, christmas, dry_run=True).planned(describe)
    assert run_pass(database_url, None, at(LA, 2026, 12, 28, 10), dry_run=True).planned(describe)


def test_the_next_moment_a_reminder_may_go_out_is_the_next_window_on_a_working_day():
    nights = shift(22, 6, SUNDAY_TO_THURSDAY)
    friday_noon = at(LA, 2026, 12, 4, 12)
    assert shifts.next_moment(nights, LA, friday_noon) == at(LA, 2026, 12, 6, 22)  # Sunday night
    inside = at(LA, 2026, 12, 2, 23, 30)
    assert shifts.next_moment(nights, LA, inside) == inside
    assert shifts.next_moment(None, CHICAGO, at(CHICAGO, 2026, 11, 26, 18)) == at(CHICAGO, 2026, 11, 27, 9)
    paused = shift(9, 17, paused_until=at(CHICAGO, 2026, 12, 7, 0))
    assert shifts.next_moment(paused, CHICAGO, at(CHICAGO, 2026, 11, 26, 18)) == at(CHICAGO, 2026, 12, 7, 9)
    assert shifts.next_moment(shift(9, 17, opted_out=True), CHICAGO, friday_noon) is None
