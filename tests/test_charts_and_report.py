"""Charts of the health check and of goals' progress, their alt text, and the report
written by `coach report` (on SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone

import pytest
from typer.testing import CliRunner

from bot import charts
from bot.cli import app
from bot.knowledge import knowledge
from bot.store import partnerships, people
from bot.store.models import Goal, ProgressNote
from bot.survey import results, rounds

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=timezone.utc)
ITEMS = knowledge().assessment["items"]
runner = CliRunner()


def png_size(png: bytes) -> tuple[int, int]:
    from PIL import Image
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        return image.size


def goal(baseline="18%", target="12%", unit="%", target_date=date(2027, 6, 30), start=datetime(2026, 9, 1), id=7):
    return Goal(id=id, description="cut chronic absence", measure="chronic absence at Lincoln High", baseline=baseline,
                target=target, unit=unit, target_date=target_date, created_at=start.replace(tzinfo=timezone.utc))


def note(text, when):
    return ProgressNote(id=when.toordinal(), text=text, kind="progress", created_at=when.replace(tzinfo=timezone.utc))


def test_a_goal_series_reads_levels_and_changes_in_the_goals_unit():
    notes = [note("absence is now 15.2%", datetime(2026, 11, 28)), note("down 2% since september", datetime(2026, 11, 1)),
             note("met the principal, no figures yet", datetime(2026, 10, 15))]
    series = charts.goal_series(goal(), notes)
    assert (series.baseline, series.target, series.start, series.target_date) == (18.0, 12.0, date(2026, 9, 1),
                                                                                    date(2027, 6, 30))
    assert series.progress == [(date(2026, 11, 1), 16.0), (date(2026, 11, 28), 15.2)]  # 18 - 2 points; as said


def test_a_relative_target_is_drawn_from_the_baseline():
    calls = charts.goal_series(goal("120", "-30%", "calls a month"), [note("calls down 10%", datetime(2026, 10, 1))])
    assert calls.target == pytest.approx(84.0) and calls.progress[0][1] == pytest.approx(108.0)  # 120 less 30% / 10%
    points = charts.goal_series(goal("18%", "-5", "%"), [])
    assert points.target == 13.0


def test_the_pace_line_runs_straight_from_baseline_to_target():
    series = charts.goal_series(goal("100", "40", "calls", date(2027, 1, 31), datetime(2026, 11, 1)), [])
    assert charts.pace_at(series, date(2026, 11, 1)) == 100
    assert charts.pace_at(series, date(2027, 1, 31)) == 40
    assert charts.pace_at(series, date(2026, 12, 16)) == pytest.approx(100 - 60 * 45 / 91)  # 45 of 91 days


@pytest.mark.parametrize("missing, kwargs", [("no baseline figure", {"baseline": None}),
                                             ("no target figure", {"target": "much lower"}),
                                             ("no target date", {"target_date": None})])
def test_a_goal_without_figures_or_a_date_is_not_drawn(missing, kwargs):
    with pytest.raises(charts.NotChartable, match=missing):
        charts.goal_chart(goal(**kwargs), [])


def test_a_goal_chart_is_a_png_with_words_for_it():
    chart = charts.goal_chart(goal(), [note("absence is now 17%", datetime(2026, 10, 1))])
    width, height = png_size(chart.png)
    assert width > 1000 and height > 600
    assert chart.filename == "goal-7-chronic-absence-at-lincoln-high.png"
    assert chart.alt_text.startswith("Line chart of the goal chronic absence at Lincoln High: baseline 18% on "
                                     "Tuesday 1 September 2026, target 12% by Wednesday 30 June 2027")
    assert "17% on 1 Oct 2026 (pace 17.4%)" in chart.alt_text and "ahead of pace" in chart.alt_text


@pytest.fixture
def answered(session):
    """Mercy Hospital: 3 police rate everything 4, 3 partners everything 2; one goal with progress."""
    owner = people.person_for(session, people.Identity("T1", "U1", "Sgt. Rivera"))
    partnership = partnerships.create_partnership(session, owner, "Mercy Hospital", "problem")
    found, _ = rounds.start_round(session, partnership, owner, NOW)
    for n, (side, rating) in enumerate([("police", 4)] * 3 + [("partner", 2)] * 3):
        respondent, _ = rounds.invite(session, found, f"person {n}", side)
        for item in ITEMS:
            rounds.record_answer(session, respondent, item["id"], rating, NOW)
    partnership.goals.append(goal(id=None))
    session.flush()
    partnership.progress_notes.append(ProgressNote(goal_id=partnership.goals[0].id, author_id=owner.id,
                                                   text="absence is now 16%", created_at=NOW))
    session.flush()
    return found


def test_the_health_chart_shows_both_sides_and_the_alt_text_says_so(session, answered):
    result = results.compute(session, answered, NOW)
    chart = charts.health_chart(result)
    width, height = png_size(chart.png)
    assert width > 1000 and height > 800
    assert chart.alt_text.startswith("Bar chart of the health check of the Mercy Hospital partnership by domain, "
                                     "average rating from 1 to 5, police against partners, 6 answered: Purpose and "
                                     "strategy police 4.00, partners 2.00 (2.00 apart);")
    assert "2.9 or less a concern, 3.0 to 3.9 borderline, 4.0 or more a strength" in chart.alt_text


def test_no_health_chart_while_too_few_have_answered(session):
    owner = people.person_for(session, people.Identity("T1", "U1"))
    partnership = partnerships.create_partnership(session, owner, "School District", "problem")
    found, _ = rounds.start_round(session, partnership, owner, NOW)
    respondent, _ = rounds.invite(session, found, "only one", "partner")
    rounds.record_answer(session, respondent, ITEMS[0]["id"], 1, NOW)
    assert charts.health_chart(results.compute(session, found, NOW)) is None


def test_coach_report_writes_the_summary_beside_the_charts(database_url, session, answered, tmp_path):
    session.commit()
    goal_id = answered.partnership.goals[0].id
    result = runner.invoke(app, ["report", "--partnership", "mercy", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == [f"goal-{goal_id}-chronic-absence-at-lincoln-high.png", "health-check.png", "summary.md"]
    summary = (tmp_path / "out" / "summary.md").read_text()
    assert summary.startswith("# Report: the Mercy Hospital partnership")
    assert "- Structure: 3.00, borderline (police 4.00, partners 2.00): police and partners are 2.00 apart" in summary
    assert "](health-check.png)" in summary and "![Line chart of the goal chronic absence" in summary
    for name in written[:2]:
        png_size((tmp_path / "out" / name).read_bytes())


def test_the_app_home_shows_each_visible_partnerships_latest_chart_uploaded_for_the_person(session):
    from bot.slack import home_charts
    from bot.store import chart_uploads

    alice = people.person_for(session, people.Identity("T1", "UA", "Sgt. Alice"))
    bob = people.person_for(session, people.Identity("T1", "UB", "Sgt. Bob"))
    mine = partnerships.create_partnership(session, alice, "Mercy Hospital", "problem")
    theirs = partnerships.create_partnership(session, bob, "School District", "problem")
    chart_uploads.record(session, mine.id, alice.id, "health", "FHEALTH", "bars")
    chart_uploads.record(session, mine.id, alice.id, "goal", "FGOAL", "line")   # later, but a goal chart
    chart_uploads.record(session, mine.id, bob.id, "health", "FBOB", "bob's")    # uploaded for someone else
    chart_uploads.record(session, theirs.id, alice.id, "health", "FTHEIRS", "no longer hers to see")
    blocks = home_charts.section(session, alice)
    assert blocks == [{"type": "header", "text": {"type": "plain_text", "text": "Latest charts"}},
                      {"type": "image", "slack_file": {"id": "FHEALTH"}, "alt_text": "bars",
                       "title": {"type": "plain_text", "text": "Mercy Hospital: health check"}}]
    assert home_charts.section(session, people.person_for(session, people.Identity("T1", "UC"))) == []
    home = [{"type": "header", "text": {"type": "plain_text", "text": "My partnerships"}}, *blocks]
    assert home_charts.without_charts(home) == home[:1] and home_charts.without_charts(home[:1]) is None
