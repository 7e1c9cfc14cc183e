"""The health assessment: arithmetic against hand-worked examples, and the actions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import assessment
from bot.actions.assessment import (
    OUT_OF_RANGE,
    ActionAskRating,
    ActionAssessmentResult,
    ActionStartAssessment,
    ValidateAssessmentForm,
)
from bot.knowledge import knowledge
from bot.store import partnerships, people
from bot.store.db import session_scope
from bot.store.models import Assessment
from tests.support.trackers import run, slot_events, tracker

ITEMS = knowledge().assessment["items"]


def all_rated(value: int, **overrides) -> dict[str, int]:
    return {item["id"]: overrides.get(item["domain"], value) for item in ITEMS}


@pytest.mark.parametrize("ratings, expected", [
    ([5, 4, 3], (4.0, "strength")),       # 12 / 3
    ([4, 3, 4], (3.67, "borderline")),    # 11 / 3 = 3.666...
    ([3, 3, 3], (3.0, "borderline")),
    ([3, 3, 2], (2.67, "concern")),       # 8 / 3
    ([1, 2], (1.5, "concern")),
])
def test_domain_averages_and_verdicts(ratings, expected):
    items = [i for i in ITEMS if i["domain"] == "purpose_strategy"][:len(ratings)]
    [score] = assessment.scores({item["id"]: r for item, r in zip(items, ratings)})
    assert (score.domain, score.average, score.verdict) == ("purpose_strategy", *expected)


def test_the_report_gives_advice_for_concerns_and_the_change_since_last_time():
    previous = all_rated(3)
    now = all_rated(4, structure=2)
    text = assessment.report(now, previous)
    assert "- Purpose and strategy: 4.00, strength (+1.00 since last time)" in text
    assert "Structure: 2.00, concern (-1.00 since last time)" in text
    assert "To address structure:" in text


def start(text="run a health check on the truancy partnership"):
    return run(ActionStartAssessment(), tracker(text, "assess_partnership"))


def rate(value, slots, text=None):
    return run(ValidateAssessmentForm(), tracker(text or str(value), "assess_partnership",
                                                 slots={**slots, "requested_slot": "rating"},
                                                 extracted={"rating": str(value)}, active_loop="assessment_form"))


@pytest.fixture
def partnership(database_url):
    with session_scope(database_url) as session:
        alice = people.person_for(session, people.Identity("T1", "U1"))
        partnerships.create_partnership(session, alice, "school district on truancy", "problem")


def test_a_health_check_runs_and_reports(database_url, partnership):
    texts, _, events = start()
    assert texts[0].startswith("Health check of the school district on truancy partnership: rate 20 statements")
    slots = slot_events(events)
    texts, buttons, _ = run(ActionAskRating(), tracker("", "assess_partnership", slots=slots))
    assert texts[0].startswith(f"Statement 1 of 20 (Purpose and strategy): {ITEMS[0]['statement']}")
    assert [b["title"] for b in buttons] == ["1", "2", "3", "4", "5"]
    for _ in range(len(ITEMS)):
        _, _, events = rate(4, slots)
    assert slot_events(events)["rating"] == "done"
    texts, _, _ = run(ActionAssessmentResult(), tracker("4", "assess_partnership", slots=slots))
    assert texts[0].startswith("Partnership health check:\n- Purpose and strategy: 4.00, strength")


@pytest.mark.parametrize("value", [0, 6, 42, -1])
def test_ratings_outside_1_to_5_are_asked_again(database_url, partnership, value):
    _, _, events = start()
    texts, _, events = rate(value, slot_events(events))
    assert texts == [OUT_OF_RANGE] and slot_events(events)["rating"] is None


def test_a_check_abandoned_halfway_is_kept_and_resumed(database_url, partnership):
    _, _, events = start()
    slots = slot_events(events)
    for _ in range(3):
        rate(2, slots)
    texts, _, events = start()
    assert texts == ["Picking up your health check of the school district on truancy partnership: "
                     "3 of 20 statements rated."]
    assert slot_events(events)["assessment_id"] == slots["assessment_id"]
    with session_scope(database_url) as session:
        [saved] = session.scalars(select(Assessment))
        assert saved.completed_at is None and len(saved.ratings) == 3


def test_a_check_of_an_unknown_partnership_names_the_real_ones(database_url, partnership):
    texts, _, _ = start("health check on the zoo partnership")
    assert texts[0].startswith("I don't know a partnership called \"zoo\". Yours are: school district on truancy.")


@pytest.mark.parametrize("answer, rating", [
    ("strongly disagree", 1), ("disagree", 2), ("neutral", 3), ("not sure either way", 3), ("neither", 3),
    ("agree", 4), ("strongly agree", 5), ("3 i guess", 3), ("prob a 4", 4), ("4/5", 4), ("four", 4),
    ("a solid 2", 2), ("5", 5),
])
def test_ratings_are_read_from_how_people_answer(answer, rating):
    assert assessment.rating_from(answer) == rating


@pytest.mark.parametrize("answer", ["don't know", "I don't know", "dunno", "idk", "no idea", "n/a", "skip"])
def test_dont_know_answers_skip_the_statement(answer):
    assert assessment.rating_from(answer) == assessment.SKIPPED


def answer(text, slots):
    """A typed answer to the statement asked, read by the form as the engine runs it."""
    return run(ValidateAssessmentForm(), tracker(text, "affirm", slots={**slots, "requested_slot": "rating"},
                                                 active_loop="assessment_form"))


def stored_ratings(database_url) -> list[int]:
    with session_scope(database_url) as session:
        [saved] = session.scalars(select(Assessment))
        return [r.rating for r in sorted(saved.ratings, key=lambda r: r.id)]


def test_answers_in_words_are_recorded_as_ratings(database_url, partnership):
    _, _, events = start()
    slots = slot_events(events)
    for text, read_as in [("agree", 4), ("3 i guess", 3), ("strongly disagree", 1), ("meh", 3), ("sure", 4)]:
        texts, _, events = answer(text, slots)
        assert texts == [f"Took \"{text}\" as {read_as}."]  # said back, so a misreading shows
        assert slot_events(events)["rating"] is None  # on to the next statement
    assert stored_ratings(database_url) == [4, 3, 1, 3, 4]


def test_a_rating_for_an_earlier_statement_is_changed_and_the_current_one_asked_again(database_url, partnership):
    _, _, events = start()
    slots = slot_events(events)
    for value in (4, 5, 4, 5):
        rate(value, slots)
    texts, _, events = answer("wait go back, #4 should be a 2 not strongly agree, resources arent delivered yet", slots)
    assert texts == ["Changed statement 4 to 2."]
    assert stored_ratings(database_url) == [4, 5, 4, 2]  # statement 5 still waits for its rating


def test_i_dont_know_skips_to_the_next_statement(database_url, partnership):
    _, _, events = start()
    slots = slot_events(events)
    texts, _, events = answer("I don't know", slots)
    assert texts == ["Noted as \"don't know\": it won't count in the scores."]
    assert slot_events(events)["rating"] is None
    texts, _, _ = run(ActionAskRating(), tracker("", "assess_partnership", slots=slots))
    assert texts[0].startswith(f"Statement 2 of 20 (Purpose and strategy): {ITEMS[1]['statement']}")
    assert stored_ratings(database_url) == [assessment.DONT_KNOW]


def test_a_check_with_skipped_statements_scores_only_the_rated_ones(database_url, partnership):
    _, _, events = start()
    slots = slot_events(events)
    answers = ["dunno", "2", "4"] + ["n/a"] * 3 + ["5"] * (len(ITEMS) - 6)  # structure: all skipped
    for text in answers:
        _, _, events = answer(text, slots)
    assert slot_events(events)["rating"] == "done"
    texts, _, _ = run(ActionAssessmentResult(), tracker("5", "assess_partnership", slots=slots))
    assert "- Purpose and strategy: 3.00, borderline (2 of 3 rated)" in texts[0]
    assert "- Structure: not rated (every statement answered \"don't know\")" in texts[0]
    assert "- Lateral mechanisms: 5.00, strength\n" in texts[0]
    assert "To address structure" not in texts[0]


def test_a_question_about_the_statement_is_not_taken_as_a_rating():
    assert assessment.rating_from("what does statement 3 mean?") is None


def test_a_question_about_a_statement_is_explained_and_never_rated(database_url, partnership):
    _, _, events = start()
    slots = slot_events(events)
    texts, _, events = answer("wait what does this one mean", slots)
    assert texts[0].startswith("Statement 1 is about ") and "Nothing was recorded for it yet." in texts[0]
    assert "rating" not in slot_events(events) or slot_events(events)["rating"] is None
    assert stored_ratings(database_url) == []


@pytest.mark.parametrize("said, intent", [("stop", "manage_reminders"),
                                          ("stop the health check, ill finish later", "assess_partnership")])
def test_stop_during_a_health_check_pauses_it_and_leaves_the_reminders_alone(database_url, partnership, said, intent):
    from bot.actions.reminders import ActionManageReminders
    from bot.store.models import ReminderPreference
    _, _, events = start()
    slots = slot_events(events)
    answer("4", slots)
    action = ActionManageReminders() if intent == "manage_reminders" else ActionStartAssessment()
    texts, _, events = run(action, tracker(said, intent, slots=slots, active_loop="assessment_form"))
    assert texts[0].startswith("Paused the health check; your ratings so far are kept.")
    assert stored_ratings(database_url) == [4]
    with session_scope(database_url) as session:
        assert not any(p.opted_out for p in session.scalars(select(ReminderPreference)))


def test_asking_for_the_scores_shows_the_last_results_and_starts_nothing(database_url, partnership):
    _, _, events = start()
    slots = slot_events(events)
    for _ in range(len(ITEMS)):
        rate(4, slots)
    texts, _, events = start("what were my health check scores for truancy")
    assert texts[0].startswith("Your latest health check of the school district on truancy partnership (")
    assert "Purpose and strategy: 4.00, strength" in texts[0]
    assert slot_events(events) == {"assessment_id": None}
    with session_scope(database_url) as session:
        assert len(list(session.scalars(select(Assessment)))) == 1  # no new check begun
