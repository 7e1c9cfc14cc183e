"""Blockers that sit are raised with the sponsor once, exactly after the workspace's
days; "Mark handled" closes them; a blocker dealt with in conversation is kept as
handled, not raised. With a controllable clock, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.actions.progress import ActionReportProgress
from bot.actions.undo import ActionUndo
from bot.nudges import escalation
from bot.nudges.responses import NotYours
from bot.nudges.scheduler import run_pass
from bot.partnership_status import standing
from bot.slack.nudge_blocks import escalation_blocks
from bot.store import partnerships, people
from bot.store.db import session_scope
from bot.store.models import NudgeMessage, NudgeResponse, Partnership, ProgressNote, Workspace
from tests.support.nudges import ScriptedSender, assert_within_slack_limits
from tests.support.trackers import run, slot_events, tracker

WEDNESDAY_3PM_UTC = datetime(2026, 12, 2, 15, 0, tzinfo=timezone.utc)  # 09:00 in Chicago
REPORTED = WEDNESDAY_3PM_UTC - timedelta(days=7)
BLOCKER = "the hospital won't share patient data"


def person(session, user, team="T1"):
    return people.person_for(session, people.Identity(team, user, f"Sgt. {user}", "America/Chicago"))


def sponsored_blocker(database_url, reported=REPORTED, text=BLOCKER) -> int:
    """A blocker U1 reported on a partnership UCHIEF sponsors; its note id."""
    with session_scope(database_url) as s:
        owner, chief = person(s, "U1"), person(s, "UCHIEF")
        partnership = partnerships.create_partnership(s, owner, "Mercy Hospital", "problem")
        partnership.sponsor_id = chief.id
        note = ProgressNote(partnership_id=partnership.id, author_id=owner.id, text=text, kind="blocker",
                            created_at=reported)
        s.add(note)
        s.flush()
        return note.id


def escalations(sender) -> list[tuple[str, str, list]]:
    return [sent for sent in sender.sent if sent[0] == "UCHIEF"]


def test_a_blocker_is_raised_with_the_sponsor_exactly_after_seven_days_and_once(database_url):
    sponsored_blocker(database_url)
    sender = ScriptedSender()
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC - timedelta(minutes=1))
    assert escalations(sender) == []
    report = run_pass(database_url, sender, WEDNESDAY_3PM_UTC)
    [(_, text, body)] = escalations(sender)
    assert report.sent == ["escalation to UCHIEF"]
    assert_within_slack_limits(text, body)
    shown = json.dumps(body)
    assert text == "A blocker on the Mercy Hospital partnership has been open for 7 days"
    assert BLOCKER in shown
    assert "reported by <@U1> on Wednesday 25 November 2026" in shown
    assert "This looks like a known barrier, legal and privacy objections to sharing information" in shown
    [buttons] = [b["elements"] for b in body if b["type"] == "actions"]
    assert [b["text"]["text"] for b in buttons] == ["Reply to Sgt. U1", "Mark handled"]
    for later in (timedelta(minutes=15), timedelta(days=1), timedelta(days=30)):
        run_pass(database_url, sender, WEDNESDAY_3PM_UTC + later)
    assert len(escalations(sender)) == 1


def test_the_workspace_chooses_the_days(database_url):
    sponsored_blocker(database_url, reported=WEDNESDAY_3PM_UTC - timedelta(days=3))
    with session_scope(database_url) as s:
        s.scalar(select(Workspace)).escalate_after_days = 3
    sender = ScriptedSender()
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC)
    assert len(escalations(sender)) == 1


def test_a_restart_between_recording_and_sending_sends_the_escalation_once(database_url):
    sponsored_blocker(database_url)
    run_pass(database_url, None, WEDNESDAY_3PM_UTC)  # recorded, then "crashed"
    sender = ScriptedSender()
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC + timedelta(minutes=15))
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC + timedelta(minutes=30))
    assert len(escalations(sender)) == 1


def test_no_sponsor_or_a_sponsor_who_reported_it_means_no_escalation(database_url):
    note_id = sponsored_blocker(database_url)
    with session_scope(database_url) as s:
        s.get(ProgressNote, note_id).author_id = s.scalar(select(Partnership)).sponsor_id
    sender = ScriptedSender()
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC)
    with session_scope(database_url) as s:
        s.scalar(select(Partnership)).sponsor_id = None
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC + timedelta(days=1))
    assert escalations(sender) == []


def test_mark_handled_closes_the_blocker_and_updates_the_message(database_url):
    note_id = sponsored_blocker(database_url)
    run_pass(database_url, ScriptedSender(), WEDNESDAY_3PM_UTC)
    later = WEDNESDAY_3PM_UTC + timedelta(hours=2)
    with session_scope(database_url) as s:
        message_id = s.scalar(select(NudgeMessage.id).where(NudgeMessage.kind == "escalation"))
        with pytest.raises(NotYours):  # only the sponsor it went to
            escalation.mark_handled(s, person(s, "U1"), message_id, note_id, later)
        handled = escalation.mark_handled(s, person(s, "UCHIEF"), message_id, note_id, later)
    shown = json.dumps(escalation_blocks(handled))
    assert "Marked handled by Sgt. UCHIEF on Wednesday 2 December 2026." in shown and "actions" not in shown
    with session_scope(database_url) as s:
        note = s.get(ProgressNote, note_id)
        assert note.handled_at is not None and note.handled_by_id == person(s, "UCHIEF").id
        assert [r.action for r in s.scalars(select(NudgeResponse))] == ["handled"]
        reasons = standing(s.scalar(select(Partnership)), later).reasons
        assert not any("blocker" in reason for reason in reasons)  # no longer puts the partnership at risk


def test_reply_to_the_reporter_is_asked_once_and_leaves_mark_handled(database_url):
    note_id = sponsored_blocker(database_url)
    run_pass(database_url, ScriptedSender(), WEDNESDAY_3PM_UTC)
    with session_scope(database_url) as s:
        message_id = s.scalar(select(NudgeMessage.id).where(NudgeMessage.kind == "escalation"))
        chief = person(s, "UCHIEF")
        found, tell = escalation.ask_to_talk(s, chief, message_id, note_id, WEDNESDAY_3PM_UTC)
        assert tell == "U1"
        assert escalation.talk_request("Chief Ruiz", found) == (
            f"Chief Ruiz, who sponsors the Mercy Hospital partnership, saw your blocker \"{BLOCKER}\" and wants to "
            "talk about it. Message them when you can.")
        _, again = escalation.ask_to_talk(s, chief, message_id, note_id, WEDNESDAY_3PM_UTC)
        assert again is None
    [buttons] = [b["elements"] for b in escalation_blocks(found) if b["type"] == "actions"]
    assert [b["text"]["text"] for b in buttons] == ["Mark handled"]
    assert "<@U1> knows you want to talk about it" in json.dumps(escalation_blocks(found))


def test_a_blocker_handled_before_the_days_is_never_raised(database_url):
    note_id = sponsored_blocker(database_url)
    with session_scope(database_url) as s:
        s.get(ProgressNote, note_id).handled_at = WEDNESDAY_3PM_UTC - timedelta(days=1)
    sender = ScriptedSender()
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC)
    assert escalations(sender) == []


def test_a_blocker_removed_after_it_was_raised_is_not_sent_and_its_buttons_say_so(database_url):
    note_id = sponsored_blocker(database_url)
    run_pass(database_url, None, WEDNESDAY_3PM_UTC)
    with session_scope(database_url) as s:
        s.delete(s.get(ProgressNote, note_id))
    sender = ScriptedSender()
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC + timedelta(minutes=15))
    assert escalations(sender) == []
    with session_scope(database_url) as s:
        message_id = s.scalar(select(NudgeMessage.id).where(NudgeMessage.kind == "escalation"))
        with pytest.raises(escalation.BlockerGone):
            escalation.mark_handled(s, person(s, "UCHIEF"), message_id, note_id, WEDNESDAY_3PM_UTC)


def reported_in_chat(text: str) -> dict:
    from bot.actions.coaching import ActionStartPartnership
    _, _, events = run(ActionStartPartnership(), tracker("start a partnership with Mercy Hospital",
                                                         "start_partnership"))
    slots = slot_events(events)
    run(ActionReportProgress(), tracker(text, "report_blocker", slots=slots))
    return slots


def test_a_blocker_resolved_in_conversation_is_kept_handled_and_undo_reopens_it(database_url):
    slots = reported_in_chat("legal won't sign anything")
    texts, _, _ = run(ActionUndo(), tracker("drop the legal blocker, it got resolved", "undo", slots=slots))
    assert texts == ["Marked the blocker \"legal won't sign anything\" handled: it no longer counts as open on the "
                     "Mercy Hospital partnership. Say \"undo that\" to reopen it."]
    with session_scope(database_url) as s:
        [note] = s.scalars(select(ProgressNote))
        assert note.handled_at is not None and not note.is_open_blocker
    run(ActionUndo(), tracker("undo that", "undo", slots=slots))
    with session_scope(database_url) as s:
        [note] = s.scalars(select(ProgressNote))
        assert note.is_open_blocker


def test_thats_not_a_blocker_still_removes_it(database_url):
    slots = reported_in_chat("legal won't sign anything")
    texts, _, _ = run(ActionUndo(), tracker("remove the legal blocker", "undo", slots=slots))
    assert texts[0].startswith("Removed the blocker \"legal won't sign anything\".")
    with session_scope(database_url) as s:
        assert list(s.scalars(select(ProgressNote))) == []


def test_coach_workspace_sets_the_escalation_days(database_url):
    from typer.testing import CliRunner

    from bot.cli import app
    with session_scope(database_url) as s:
        person(s, "U1")
    result = CliRunner().invoke(app, ["workspace", "T1", "--escalate-after-days", "10"],
                                env={"DATABASE_URL": database_url})
    assert result.exit_code == 0, result.output
    assert "a blocker open 10 days is raised with the sponsor" in " ".join(result.output.split())
    with session_scope(database_url) as s:
        assert s.scalar(select(Workspace)).escalate_after_days == 10
    refused = CliRunner().invoke(app, ["workspace", "T1", "--escalate-after-days", "0"],
                                 env={"DATABASE_URL": database_url})
    assert refused.exit_code == 2
