"""A partnership's checklist and standing, computed from what is stored, with a
controllable clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from bot import checklists, partnership_status, step_review
from bot.actions.progress import ActionPartnershipStatus, ActionRequestChecklist
from bot.knowledge import knowledge
from bot.store import commitments, partnerships, people
from bot.store.db import session_scope
from bot.store.models import Goal, Partnership, ProgressNote
from tests.support.trackers import run, tracker

NOW = datetime(2026, 12, 2, 15, 0, tzinfo=timezone.utc)
TODAY = date(2026, 12, 2)
ALICE = people.Identity("T1", "U1", "Sgt. Alice", "America/Chicago")


def make_partnership(session, answered=(), skipped=(), updated=NOW) -> Partnership:
    alice = people.person_for(session, ALICE)
    partnership = partnerships.create_partnership(session, alice, "school district on truancy", "problem")
    for step in answered:
        partnerships.save_step_answer(session, partnership, step, f"answer for {step}")
    for step in skipped:
        partnerships.save_step_answer(session, partnership, step, None, status="skipped")
    partnership.updated_at = updated
    session.flush()
    return partnership


def states(rows, step_name) -> set[str]:
    return {r.state for r in rows if r.step == step_name}


def test_a_new_partnership_has_everything_open_owned_by_its_owner(session):
    rows = checklists.partnership_checklist(make_partnership(session), TODAY)
    assert {r.state for r in rows} == {"open"} and {r.owner for r in rows} == {"Sgt. Alice"}
    assert len(rows) == sum(len(s["checklist"]) for s in knowledge().steps)


def item_states(partnership) -> dict[str, str]:
    rows = checklists.partnership_checklist(partnership, TODAY)
    items = [item["id"] for step in knowledge().steps for item in step["checklist"]]
    return dict(zip(items, (r.state for r in rows)))


def test_items_are_done_only_on_evidence_and_an_answer_without_it_ticks_nothing(session):
    partnership = make_partnership(session)
    step_review.review(partnership, "problem", "1,150 mental health calls to Mercy Hospital ER last year, "
                                               "officers wait 3.5 hours per handoff")
    step_review.review(partnership, "formal_agreement", "no mou yet")
    session.flush()
    states = item_states(partnership)
    assert states["problem_evidence"] == "done" and states["problem_defined"] == "done"
    assert states["problem_agreed_by_partner"] == "open"
    mou_items = ("mou_purpose_roles", "mou_data_sharing", "mou_meetings_oversight", "mou_review_update")
    assert "done" not in {states[i] for i in mou_items}  # "no mou yet" ticks none of them
    assert states["mou_review_update"] == "at risk"      # its factor is the missing formal structure


def test_a_blocker_puts_at_risk_only_the_items_its_barrier_touches(session):
    partnership = make_partnership(session)
    step_review.review(partnership, "formal_agreement",
                       "MOU covers purpose and roles, data sharing under FERPA, monthly meetings, annual review")
    commitments.add_commitment(session, partnership.owner, "call the principal", date(2026, 11, 1), partnership)
    session.add(ProgressNote(partnership_id=partnership.id, author_id=partnership.owner_id,
                             text="the school won't share data, legal objections under FERPA", kind="blocker"))
    session.flush()
    session.refresh(partnership)
    states = item_states(partnership)
    assert states["mou_data_sharing"] == "at risk" and states["mou_purpose_roles"] == "done"
    assert list(states.values()).count("at risk") < 5  # an overdue commitment puts nothing at risk by itself


def test_markdown_and_csv_exports(session):
    partnership = make_partnership(session)
    step_review.review(partnership, "problem", "1,150 crisis calls at the Mercy Hospital ER last year, per CAD data")
    session.flush()
    rows = checklists.partnership_checklist(partnership, TODAY)
    markdown = checklists.as_markdown("Checklist", rows)
    assert markdown.startswith("# Checklist\n") and "## The common problem" in markdown and "- [x] **done**" in markdown
    lines = checklists.as_csv(rows).splitlines()
    assert lines[0] == "step,item,why,state,owner" and len(lines) == len(rows) + 1


def test_standing_on_track_at_risk_and_stalled(session):
    partnership = make_partnership(session, answered=["problem"])
    assert partnership_status.standing(partnership, NOW).state == "on track"
    partnerships.save_step_answer(session, partnership, "stakeholders", None, status="skipped")
    session.add(ProgressNote(partnership_id=partnership.id, author_id=partnership.owner_id,
                             text="school won't share data", kind="blocker", created_at=NOW))
    session.flush()
    session.refresh(partnership)
    at_risk = partnership_status.standing(partnership, NOW)
    assert at_risk.state == "at risk"
    assert "1 blocker reported (latest: \"school won't share data\")" in at_risk.reasons
    assert "skipped: stakeholders" in at_risk.reasons
    later = NOW + timedelta(days=15)
    stalled = partnership_status.standing(partnership, later)
    assert stalled.state == "stalled" and stalled.reasons[0] == "no progress for 15 days"


def test_a_red_flag_and_a_health_check_concern_put_a_partnership_at_risk(session):
    from bot.store.models import Assessment, AssessmentRating, ChecklistItemState
    partnership = make_partnership(session, answered=["problem"])
    session.add(ChecklistItemState(partnership_id=partnership.id, item_id="resources_signed_off", state="open",
                                   red_flag="resources_later"))
    check = Assessment(partnership_id=partnership.id, person_id=partnership.owner_id, completed_at=NOW)
    check.ratings = [AssessmentRating(item_id=item["id"], rating=1 if item["domain"] == "leadership" else 4)
                     for item in knowledge().assessment["items"]]
    session.add(check)
    session.flush()
    session.refresh(partnership)
    standing = partnership_status.standing(partnership, NOW)
    assert standing.state == "at risk"
    assert "red flag: resources promised for later" in standing.reasons
    assert any(reason.startswith("health check concern: leadership") and reason.endswith(" 1.0")
               for reason in standing.reasons), standing.reasons


def test_a_quiet_goal_stalls_the_partnership(session):
    partnership = make_partnership(session)
    session.add(Goal(partnership_id=partnership.id, description="cut truancy 15%", created_at=NOW - timedelta(days=20)))
    session.flush()
    session.refresh(partnership)
    result = partnership_status.standing(partnership, NOW)
    assert result.state == "stalled"
    assert "goal \"cut truancy 15%\" has had no progress note for 20 days" in result.reasons


def test_checklist_for_a_named_partnership_in_chat(database_url):
    with session_scope(database_url) as session:
        partnership = make_partnership(session)
        partnerships.save_step_answer(session, partnership, "problem", "1,150 crisis calls at the ER last year per CAD")
        step_review.review(partnership, "problem", "1,150 crisis calls at the ER last year per CAD")
    [checklist] = run(ActionRequestChecklist(), tracker("checklist for the truancy partnership", "request_checklist"))[0]
    assert checklist.startswith("Checklist for the school district on truancy partnership (")
    assert "\n1. The common problem (2 of 3 done)\n   [x] The problem is stated specifically" in checklist
    assert " - " not in checklist.split("\n")[2]  # in chat, no reasons: they are in the export
    [briefing] = run(ActionRequestChecklist(), tracker("brief me on the truancy partnership", "request_checklist"))[0]
    assert briefing.startswith("Briefing: the school district on truancy partnership")  # for command staff
    assert "1,150 crisis calls" in briefing


def test_checklist_pls_while_working_on_a_partnership_is_that_ones_and_blank_is_generic(database_url):
    with session_scope(database_url) as session:
        current = {"partnership_id": str(make_partnership(session).id)}
    texts, _, _ = run(ActionRequestChecklist(), tracker("checklist pls", "request_checklist", slots=current))
    assert texts[0].startswith("Checklist for the school district on truancy partnership (")
    texts, _, _ = run(ActionRequestChecklist(), tracker("send me the blank checklist", "request_checklist", slots=current))
    assert texts == [texts[0]] and texts[0].startswith("Partnership formation checklist:")


def test_requests_people_type_go_where_they_mean():
    from bot.questions import request_action
    assert request_action("brief me") == "action_request_checklist"
    assert request_action("show the briefing for school district") == "action_request_checklist"
    assert request_action("what am i on the hook for") == "action_list_commitments"


def test_checklist_or_status_for_an_unknown_partnership_names_the_real_ones(database_url):
    with session_scope(database_url) as session:
        make_partnership(session)
    for action, text in ((ActionRequestChecklist(), "checklist for the zoo partnership"),
                         (ActionPartnershipStatus(), "status of the zoo partnership")):
        texts, _, _ = run(action, tracker(text, "request_checklist"))
        assert texts == ["I don't know a partnership called \"zoo\". Yours are: school district on truancy. "
                         "Which one did you mean?"]


def test_status_lists_every_partnership(database_url):
    with session_scope(database_url) as session:
        make_partnership(session)
    texts, _, _ = run(ActionPartnershipStatus(), tracker("which partnerships are stalled?", "partnership_status"))
    assert texts[0].startswith("How your partnerships stand:\n- school district on truancy: ")


def test_a_blocker_is_recorded_with_the_matching_barriers_advice(database_url):
    from bot.actions.progress import ActionReportProgress
    with session_scope(database_url) as session:
        make_partnership(session)
    texts, _, _ = run(ActionReportProgress(), tracker("the DA wants the opposite of what we want", "report_blocker"))
    assert texts[0].startswith("Noted the blocker on the school district on truancy partnership.")
    assert "This looks like a known barrier, conflicting interests:" in texts[0] and "What to do:\n- " in texts[0]
    with session_scope(database_url) as session:
        from sqlalchemy import select
        [note] = session.scalars(select(ProgressNote))
        assert (note.kind, note.text) == ("blocker", "the DA wants the opposite of what we want")
