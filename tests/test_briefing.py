"""The briefing for command staff: one screen per partnership, every figure from the
records and every gap named; in the checklist file, `coach checklist` and the export."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

from typer.testing import CliRunner

from bot import briefing, checklists
from bot.barriers import matching_barrier
from bot.cli import app
from bot.export import export
from bot.knowledge import knowledge
from bot.store import commitments, partnerships, people
from bot.store.db import session_scope
from bot.store.models import Assessment, AssessmentRating, Goal, ProgressNote, Stakeholder

TODAY = date(2026, 12, 2)
NOW = datetime(2026, 12, 2, 15, 0, tzinfo=timezone.utc)
ALICE = people.Identity("T1", "U1", "Sgt. Alice", "America/Chicago")
BAKER = people.Identity("T1", "U2", "Lt. Baker")
BLOCKER = "the school won't share attendance data because of FERPA"


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 15, 0, tzinfo=timezone.utc)


def empty_partnership(session):
    alice = people.person_for(session, ALICE)
    return partnerships.create_partnership(session, alice, "school district on truancy", "problem")


def health_check(partnership, completed: datetime, ratings_by_domain: dict[str, int], default: int) -> Assessment:
    return Assessment(partnership_id=partnership.id, person_id=partnership.owner_id, completed_at=completed,
                      ratings=[AssessmentRating(item_id=item["id"], rating=ratings_by_domain.get(item["domain"], default))
                               for item in knowledge().assessment["items"]])


def full_partnership(session):
    """Answers, two stakeholders, two goals, a blocker, an overdue commitment, two
    health checks and a skipped review step."""
    partnership = empty_partnership(session)
    for step, answer in (("problem", "chronic absence at Lincoln High is 18%, double the district's"),
                         ("resources", "two officers four hours a week; the school gives a room"),
                         ("buy_in", "Lt. Baker briefs every shift"),
                         ("formal_agreement", "MOU signed by the superintendent and the chief")):
        partnerships.save_step_answer(session, partnership, step, answer)
    partnerships.save_step_answer(session, partnership, "review", None, status="skipped")
    partnership.current_step = "review"
    partnership.sponsor_id = people.person_for(session, BAKER).id
    partnership.stakeholders += [Stakeholder(organisation="Lincoln High School", contact="Principal Diaz",
                                             interests="attendance up"),
                                 Stakeholder(organisation="Parents' association")]
    absence = Goal(description="chronic absence from 18% to 12% by June 2027", measure="chronic absence",
                   baseline="18%", target="12%", target_date=date(2027, 6, 30))
    calls = Goal(description="cut repeat calls by 30% by November 2026", measure="repeat calls",
                 target="-30%", target_date=date(2026, 11, 30))
    partnership.goals += [absence, calls]
    session.flush()
    partnership.progress_notes += [
        ProgressNote(author_id=partnership.owner_id, goal_id=absence.id, text="chronic absence is at 14% now",
                     created_at=at(12, 1)),
        ProgressNote(author_id=partnership.owner_id, goal_id=absence.id, text="chronic absence is at 16% now",
                     created_at=at(11, 1)),
        ProgressNote(author_id=partnership.owner_id, text=BLOCKER, kind="blocker", created_at=at(11, 25)),
    ]
    commitments.add_commitment(session, partnership.owner, "call the principal", date(2026, 11, 30), partnership)
    session.add_all([health_check(partnership, at(10, 1), {}, 1),
                     health_check(partnership, at(11, 20), {"purpose_strategy": 4, "structure": 2}, 3)])
    session.flush()
    session.expire(partnership)
    return partnership


def test_the_briefing_shows_what_was_said_and_recorded(session):
    text = briefing.as_text(briefing.briefing(full_partnership(session), TODAY, NOW))
    assert text.startswith("Briefing: the school district on truancy partnership (02 December 2026)\n")
    for fact in ["- Partner: school district on truancy\n", "- Owner: Sgt. Alice", "- Sponsor: Lt. Baker",
                 "- Current step: Review",
                 "Problem: chronic absence at Lincoln High is 18%, double the district's",
                 "- Lincoln High School; contact: Principal Diaz; needs: attendance up",
                 "- Parents' association; contact: not recorded; needs: not recorded",
                 "Resources: two officers four hours a week; the school gives a room",
                 "- Lt. Baker briefs every shift",
                 "Agreement: MOU signed by the superintendent and the chief"]:
        assert fact in text


def test_goals_run_from_baseline_to_the_latest_reported_figure_to_the_target(session):
    text = briefing.as_text(briefing.briefing(full_partnership(session), TODAY, NOW))
    assert "- chronic absence: 18% → 14% (1 Dec 2026) → 12% by 30 Jun 2027\n" in text
    assert ("- repeat calls: baseline not recorded → no progress reported → down 30% by 30 Nov 2026 "
            "(past its date)") in text


def test_risks_show_open_blockers_with_the_knowledge_base_advice_and_overdue_commitments(session):
    text = briefing.as_text(briefing.briefing(full_partnership(session), TODAY, NOW))
    barrier = matching_barrier(BLOCKER)
    assert barrier is not None
    assert (f"- Blocker (25 Nov 2026): {BLOCKER}\n"
            f"  Known barrier, {barrier['name'].lower()}: {barrier['actions'][0]}\n") in text
    assert "- Overdue: call the principal (Sgt. Alice, due 30 Nov 2026)" in text


def test_health_shows_the_latest_completed_check_with_the_wilder_bands(session):
    text = briefing.as_text(briefing.briefing(full_partnership(session), TODAY, NOW))
    assert "- Health check of 20 Nov 2026 by Sgt. Alice:\n  Purpose and strategy: 4.00 strength\n" in text
    assert "  Structure: 2.00 concern\n" in text and "  Leadership: 3.00 borderline\n" in text
    assert "1.00" not in text  # the older check is not shown
    assert "- Strength ≥4.0, borderline 3.0–3.9, concern ≤2.9 (Wilder)" in text


def test_a_skipped_step_is_shown_as_still_open(session):
    text = briefing.as_text(briefing.briefing(full_partnership(session), TODAY, NOW))
    assert "Next review: skipped — still open (no review date)" in text


def test_the_next_review_is_the_first_review_commitment(session):
    partnership = empty_partnership(session)
    commitments.add_commitment(session, partnership.owner, "hold the first review of the school district on "
                              "truancy partnership", date(2027, 3, 1), partnership)
    session.expire(partnership)
    text = briefing.as_text(briefing.briefing(partnership, TODAY, NOW))
    assert ("Next review: hold the first review of the school district on truancy partnership "
            "(Sgt. Alice, due 1 Mar 2027)") in text


def test_an_empty_partnership_names_every_gap(session):
    b = briefing.briefing(empty_partnership(session), TODAY, NOW)
    text, markdown = briefing.as_text(b), briefing.as_markdown(b)
    gaps = ["Sponsor: not recorded yet: a sponsoring leader", "not recorded yet: the common problem",
            "not recorded yet: stakeholders", "not recorded yet: measurable goals",
            "not recorded yet: resources committed", "not recorded yet: buy-in down the chain of command",
            "No open blockers, red flags, overdue commitments or goals behind pace recorded",
            "not recorded yet: a completed health check",
            "no written agreement yet", "no review date"]
    for named in gaps:
        assert named in text and f"- {named}" in markdown
    assert [s.heading for s in b.sections] == ["Partnership", "Problem", "Partners", "Goals", "Resources", "Buy-in",
                                               "Risks", "Health", "Agreement", "Next review"]


def test_the_markdown_has_a_heading_per_section(session):
    markdown = briefing.as_markdown(briefing.briefing(full_partnership(session), TODAY, NOW))
    assert markdown.startswith("# Briefing: the school district on truancy partnership (02 December 2026)\n\n"
                               "## Partnership\n\n- Partner: school district on truancy\n")
    assert "## Goals\n\n- chronic absence: 18% → 14% (1 Dec 2026) → 12% by 30 Jun 2027\n" in markdown
    assert f"- Blocker (25 Nov 2026): {BLOCKER}\n  - Known barrier, " in markdown


def test_the_checklist_file_starts_with_the_briefing(session):
    partnership = full_partnership(session)
    filename, content, title = checklists.checklist_file(partnership, TODAY, NOW, "md")
    assert filename == "checklist-school-district-on-truancy.md"
    assert content.startswith("# Briefing: the school district on truancy partnership (02 December 2026)\n")
    assert content.index("## Risks") < content.index(f"# {title}\n") < content.index("## The common problem")
    _, table, _ = checklists.checklist_file(partnership, TODAY, NOW, "csv")
    assert table.splitlines()[0] == "step,item,why,state,owner" and "Briefing" not in table


def test_coach_checklist_text_starts_with_the_briefing(database_url):
    with session_scope(database_url) as session:
        full_partnership(session)
    result = CliRunner().invoke(app, ["checklist", "--partnership", "truancy", "--format", "text"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Briefing: the school district on truancy partnership (")
    assert "- Lincoln High School; contact: Principal Diaz" in result.stdout
    assert "\n\nChecklist for the school district on truancy partnership (" in result.stdout


def test_the_export_links_progress_notes_to_their_goal(session):
    full_partnership(session)
    [workspace] = export(session)["workspaces"]
    [exported] = workspace["partnerships"]
    absence_id = next(g["id"] for g in exported["goals"] if g["measure"] == "chronic absence")
    notes = {n["text"]: n for n in exported["progress_notes"]}
    assert notes["chronic absence is at 14% now"] == {
        "text": "chronic absence is at 14% now", "kind": "progress", "at": notes["chronic absence is at 14% now"]["at"],
        "goal_id": absence_id, "goal": "chronic absence"}
    assert (notes[BLOCKER]["kind"], notes[BLOCKER]["goal_id"], notes[BLOCKER]["goal"]) == ("blocker", None, None)
    json.dumps(exported)  # still plain JSON


def test_the_briefing_does_not_call_skipped_steps_answered(session):
    from bot.store import partnerships, people
    alice = people.person_for(session, people.Identity("T1", "U1"))
    partnership = partnerships.create_partnership(session, alice, "Mercy Hospital", "problem")
    partnerships.save_step_answer(session, partnership, "problem", "crisis calls to the ER up 40%")
    partnerships.save_step_answer(session, partnership, "buy_in", None, status="skipped")
    partnership.current_step = None
    session.flush()
    assert "Current step: every step gone through; skipped and still open: Buy-in through the chain of command" in \
        briefing.header(partnership)


def test_dates_are_the_owners_day_not_utcs(session):
    """A figure reported at 9 pm in Chicago on 1 December is 03:00 UTC on the 2nd."""
    partnership = empty_partnership(session)
    absence = Goal(description="chronic absence from 18% to 12% by June 2027", measure="chronic absence",
                   baseline="18%", target="12%", target_date=date(2027, 6, 30))
    partnership.goals.append(absence)
    session.flush()
    evening = datetime(2026, 12, 2, 3, 0, tzinfo=timezone.utc)
    partnership.progress_notes += [
        ProgressNote(author_id=partnership.owner_id, goal_id=absence.id, text="at 14% now", created_at=evening),
        ProgressNote(author_id=partnership.owner_id, text=BLOCKER, kind="blocker", created_at=evening)]
    session.add(health_check(partnership, evening, {}, 4))
    session.flush()
    session.expire(partnership)
    text = briefing.as_text(briefing.briefing(partnership, TODAY, NOW))
    assert "18% → 14% (1 Dec 2026) → 12%" in text
    assert "Blocker (1 Dec 2026)" in text
    assert "Health check of 1 Dec 2026" in text
