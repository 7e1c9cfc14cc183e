from datetime import date, datetime, timezone

import pytest

from bot.dates import PastDate, UnclearDate, resolve_due_date, split_commitment

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
