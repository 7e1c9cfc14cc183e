from datetime import date, datetime, timezone

import pytest

from bot.dates import PastDate, UnclearDate, resolve_due_date, split_commitment, split_promise

# Wednesday 25 November 2026, 15:00 UTC (09:00 in Chicago)
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("phrase, expected", [
    ("by Friday", date(2026, 11, 27)),
    ("Friday", date(2026, 11, 27)),
    ("in two weeks", date(2026, 12, 9)),
    ("end of the month", date(2026, 11, 30)),
    ("by the end of next month", date(2026, 12, 31)),
    ("end of the week", date(2026, 11, 27)),
    ("Dec 15", date(2026, 12, 15)),
    ("12/15", date(2026, 12, 15)),
    ("tomorrow", date(2026, 11, 26)),
    ("on the 3rd", date(2026, 12, 3)),
    ("by Dec 15, 2027", date(2027, 12, 15)),
    ("by next Friday", date(2026, 12, 4)),  # said on a Wednesday: next week's, not this week's
    ("next monday", date(2026, 11, 30)),
])
def test_phrases_resolve_to_the_due_date(phrase, expected):
    assert resolve_due_date(phrase, "America/Chicago", NOW) == expected


def test_resolution_uses_the_persons_time_zone():
    # 23:30 on Wednesday in Honolulu is already Thursday in UTC and Tokyo
    late = datetime(2026, 11, 26, 9, 30, tzinfo=timezone.utc)
    assert resolve_due_date("tomorrow", "Pacific/Honolulu", late) == date(2026, 11, 26)
    assert resolve_due_date("tomorrow", "Asia/Tokyo", late) == date(2026, 11, 27)


@pytest.mark.parametrize("phrase", ["by the blue moon", "someday", "before Christmas-ish maybe", "asap"])
def test_unparseable_dates_are_questioned_not_guessed(phrase):
    with pytest.raises(UnclearDate) as error:
        resolve_due_date(phrase, "America/Chicago", NOW)
    assert "couldn't read" in error.value.message and "Friday" in error.value.message


@pytest.mark.parametrize("phrase", ["yesterday", "Nov 2", "by 11/20"])
def test_past_dates_are_questioned(phrase):
    with pytest.raises(PastDate) as error:
        resolve_due_date(phrase, "America/Chicago", NOW)
    assert "already passed" in error.value.message


@pytest.mark.parametrize("text, task, phrase", [
    ("I'll call the principal by Friday", "I'll call the principal", "by Friday"),
    ("I will meet the team in person by next Friday", "I will meet the team in person", "by next Friday"),
    ("I'll send the data request end of the month", "I'll send the data request", "end of the month"),
    ("I'll email the pastor", "I'll email the pastor", None),
    ("I'll draft the MOU by the blue moon", "I'll draft the MOU", "by the blue moon"),
    ("I'll call officer 12 by Friday", "I'll call officer 12", "by Friday"),
    ("I'll brief precinct 5 on the 3rd", "I'll brief precinct 5", "on the 3rd"),
    ("I'll visit the school Dec 15", "I'll visit the school", "Dec 15"),
])
def test_commitment_text_is_split_from_its_date(text, task, phrase):
    split = split_commitment(text, "America/Chicago", NOW)
    assert (split.task, split.date_phrase) == (task, phrase)


@pytest.mark.parametrize("phrase, expected", [
    ("tomorrow morning", date(2026, 11, 26)),
    ("eod tomorrow", date(2026, 11, 26)),
    ("by end of shift friday", date(2026, 11, 27)),
    ("first thing monday", date(2026, 11, 30)),
    ("before the 15th", date(2026, 12, 15)),
    ("tmrw", date(2026, 11, 26)),
    ("Friday afternoon", date(2026, 11, 27)),
    ("at 0800 tomorrow", date(2026, 11, 26)),
    ("by EOW", date(2026, 11, 27)),
    ("by end of shift", date(2026, 11, 25)),
    ("this afternoon", date(2026, 11, 25)),
])
def test_a_time_of_day_or_shift_narrows_the_day_and_the_day_is_the_due_date(phrase, expected):
    assert resolve_due_date(phrase, "America/Chicago", NOW) == expected


@pytest.mark.parametrize("text, task, phrase", [
    ("email dr okafor tomorrow morning", "email dr okafor", "tomorrow morning"),
    ("send the stats to legal before the 15th", "send the stats to legal", "before the 15th"),
    ("brief the day shift by end of shift friday", "brief the day shift", "by end of shift friday"),
    ("call the pastor first thing monday", "call the pastor", "first thing monday"),
    ("send the MOU eod tomorrow", "send the MOU", "eod tomorrow"),
    ("brief the night shift by Friday", "brief the night shift", "by Friday"),
    ("meet with the evening shift on Monday", "meet with the evening shift", "on Monday"),
])
def test_a_date_inside_the_sentence_is_found(text, task, phrase):
    split = split_commitment(text, "America/Chicago", NOW)
    assert (split.task, split.date_phrase) == (task, phrase)


@pytest.mark.parametrize("phrase, due", [("may 31", date(2027, 5, 31)), ("by jan 15", date(2027, 1, 15)),
                                         ("Sept 3", date(2027, 9, 3))])
def test_a_day_and_month_long_gone_this_year_means_next_years(phrase, due):
    assert resolve_due_date(phrase, "America/Chicago", NOW) == due


def test_a_day_and_month_with_its_year_given_is_still_questioned_when_past():
    with pytest.raises(PastDate):
        resolve_due_date("may 31 2026", "America/Chicago", NOW)


def test_a_promise_whose_date_is_followed_by_more_work_keeps_the_work_in_the_task():
    promise = split_promise("ill draft the MOU by jan 15 and get legal to look", "America/Chicago")
    assert (promise.task, promise.date_phrase) == ("ill draft the MOU and get legal to look", "jan 15")
