"""Nudges through Slack: sent as DMs by the scheduler (rate limits honoured), and
their buttons pressed in the real bolt app, against the Slack stand-in."""

from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.nudges.scheduler import run_pass
from bot.slack.nudge_sender import SlackNudgeSender
from bot.store import commitments, partnerships, people
from bot.store.db import session_scope
from bot.store.models import ChannelDigest, Commitment, NudgeResponse, ProgressNote
from tests.support.slack_app import post_form, replies_to, slash, user_id

pytestmark = pytest.mark.integration
NOW = datetime(2026, 12, 2, 15, 0, tzinfo=timezone.utc)  # Wednesday, 09:00 in Chicago


@pytest.fixture
def overdue(stack):
    """A user with two overdue commitments on a partnership; returns (user, ids)."""
    user = user_id()
    with session_scope(stack.settings.database_url) as s:
        owner = people.person_for(s, people.Identity("T1", user, "Sgt. Test", "America/Chicago"))
        partnership = partnerships.create_partnership(s, owner, f"school district {user}", "problem")
        ids = [commitments.add_commitment(s, owner, text, date(2026, 11, 20), partnership).id
               for text in ("call the principal", "draft the MOU")]
    return user, ids


def send_nudges(stack, standin, now=NOW):
    return run_pass(stack.settings.database_url, SlackNudgeSender("xoxb-test", standin.api_url), now)


def nudge_for(standin, user):
    [call] = standin.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == f"D{user}")
    return call


def test_the_scheduler_sends_one_dm_and_waits_out_a_rate_limit(stack, standin, overdue):
    user, _ = overdue
    limited_before = [c.status for c in standin.calls].count(429)
    standin.rate_limited["chat.postMessage"] = 1
    report = send_nudges(stack, standin)
    assert f"nudge to {user} (2 item(s))" in report.sent
    call = nudge_for(standin, user)
    assert "call the principal" in json.dumps(call.args["blocks"]) and "draft the MOU" in json.dumps(
        call.args["blocks"])
    assert [c.status for c in standin.calls].count(429) == limited_before + 1


def click(slack, standin, user, call, action_id, item_index):
    actions = [b for b in call.args["blocks"] if b["type"] == "actions"][item_index]
    button = next(e for e in actions["elements"] if e["action_id"] == action_id)
    payload = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": user}, "api_app_id": "A1",
               "channel": {"id": call.args["channel"]}, "trigger_id": f"trig-{user}-{action_id}",
               "message": {"ts": call.result["ts"], "text": call.args["text"], "blocks": call.args["blocks"]},
               "container": {"type": "message"}, "response_url": standin.response_url(),
               "actions": [{**button, "block_id": actions["block_id"], "action_ts": "1.1"}]}
    assert post_form(slack, {"payload": json.dumps(payload)}).status_code == 200
    return payload


def test_done_and_snooze_buttons_update_the_nudge(stack, standin, slack, overdue):
    user, ids = overdue
    send_nudges(stack, standin)
    call = nudge_for(standin, user)
    click(slack, standin, user, call, "nudge_done", 0)
    [update] = standin.wait_for("chat.update", where=lambda c: c.args.get("channel") == f"D{user}")
    assert "Done. Nice work." in json.dumps(update.args["blocks"])
    assert sum(b["type"] == "actions" for b in update.args["blocks"]) == 1  # the other item keeps its buttons
    click(slack, standin, user, call, "nudge_snooze", 1)
    standin.wait_for("chat.update", 2, where=lambda c: c.args.get("channel") == f"D{user}")
    with session_scope(stack.settings.database_url) as s:
        done, snoozed = (s.get(Commitment, i) for i in ids)
        assert done.status == "done" and snoozed.snoozed_until is not None
        assert sorted(r.action for r in s.scalars(select(NudgeResponse).where(NudgeResponse.item_id.in_(ids)))) == [
            "done", "snooze"]


def blocker_form(stack, standin, slack, user: str) -> dict:
    """The note form that "Report a blocker" on the user's nudge opens."""
    send_nudges(stack, standin)
    click(slack, standin, user, nudge_for(standin, user), "nudge_blocker", 0)
    [opened] = standin.wait_for("views.open", where=lambda c: c.args.get("trigger_id") == f"trig-{user}-nudge_blocker")
    return opened.args["view"]


def test_report_a_blocker_opens_a_form_and_records_the_note(stack, standin, slack, overdue):
    user, ids = overdue
    view = blocker_form(stack, standin, slack, user)
    submission = {"type": "view_submission", "team": {"id": "T1"}, "user": {"id": user}, "api_app_id": "A1",
                  "view": {**view, "id": "V1", "state": {"values": {"note": {"text": {
                      "type": "plain_text_input", "value": "the principal is on leave until January"}}}}}}
    assert post_form(slack, {"payload": json.dumps(submission)}).status_code == 200
    standin.wait_for("chat.update", where=lambda c: c.args.get("channel") == f"D{user}")
    with session_scope(stack.settings.database_url) as s:
        notes = [(n.kind, n.text) for n in s.scalars(select(ProgressNote).join(
            Commitment, Commitment.partnership_id == ProgressNote.partnership_id).where(Commitment.id == ids[0]))]
        assert ("blocker", "the principal is on leave until January") in notes


def test_a_forged_note_form_cannot_read_or_change_someone_elses_dm(stack, standin, slack, overdue):
    user, _ = overdue
    view = blocker_form(stack, standin, slack, user)
    forged = {**json.loads(view["private_metadata"]), "channel": "DVICTIM", "ts": "1700000000.000001"}
    intruder = f"U{user[1:]}X"
    submission = {"type": "view_submission", "team": {"id": "T1"}, "user": {"id": intruder}, "api_app_id": "A1",
                  "view": {**view, "id": "V2", "private_metadata": json.dumps(forged), "state": {"values": {"note": {
                      "text": {"type": "plain_text_input", "value": "forged"}}}}}}
    assert post_form(slack, {"payload": json.dumps(submission)}).status_code == 200
    time.sleep(1.5)
    touched = [c for c in standin.of("conversations.history") + standin.of("chat.update")
               if c.args.get("channel") == "DVICTIM"]
    assert touched == []
    with session_scope(stack.settings.database_url) as s:
        assert "forged" not in [n.text for n in s.scalars(select(ProgressNote))]


def test_coach_nudge_dry_run_prints_what_it_would_send(stack, overdue):
    from typer.testing import CliRunner

    from bot.cli import app
    user, _ = overdue
    result = CliRunner().invoke(app, ["nudge", "--once", "--dry-run", "--now", NOW.isoformat()],
                                env={"DATABASE_URL": stack.settings.database_url})
    assert result.exit_code == 0, result.output
    assert f"would send nudge to {user}:" in result.output and "call the principal" in result.output


def test_a_nudge_slack_refuses_for_good_is_recorded_and_not_retried(stack, standin, overdue):
    user, _ = overdue
    standin.refusals[user] = "user_not_found"
    report = send_nudges(stack, standin)
    assert f"nudge to {user} failed permanently: user_not_found — not retried" in report.failed
    send_nudges(stack, standin, now=NOW + timedelta(hours=5))
    assert len([c for c in standin.refused("conversations.open") if c.args.get("users") == user]) == 1


@pytest.fixture
def escalated(stack, standin):
    """A blocker open for eight days, raised with the partnership's sponsor; (reporter, sponsor, note id, the DM)."""
    reporter, sponsor = user_id(), user_id()
    with session_scope(stack.settings.database_url) as s:
        owner = people.person_for(s, people.Identity("T1", reporter, f"Sgt. {reporter}", "America/Chicago"))
        chief = people.person_for(s, people.Identity("T1", sponsor, f"Chief {sponsor}", "America/Chicago"))
        partnership = partnerships.create_partnership(s, owner, f"Mercy Hospital {reporter}", "problem")
        partnership.sponsor_id = chief.id
        note = ProgressNote(partnership_id=partnership.id, author_id=owner.id, kind="blocker",
                            text="the hospital won't share patient data", created_at=NOW - timedelta(days=8))
        s.add(note)
        s.flush()
        note_id = note.id
    send_nudges(stack, standin)
    return reporter, sponsor, note_id, nudge_for(standin, sponsor)


def press(slack, standin, user, call, action_id):
    """Press a button of a message that has one row of them (an escalation)."""
    assert len([b for b in call.args["blocks"] if b["type"] == "actions"]) == 1
    click(slack, standin, user, call, action_id, 0)


def test_an_escalation_reaches_the_sponsor_and_reply_and_mark_handled_work(stack, standin, slack, escalated):
    reporter, sponsor, note_id, call = escalated
    shown = json.dumps(call.args["blocks"])
    assert "the hospital won't share patient data" in shown and "legal and privacy objections" in shown
    press(slack, standin, sponsor, call, "escalation_reply")
    [told] = standin.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == f"D{reporter}")
    assert told.args["text"].startswith(f"Sgt. {sponsor}, who sponsors the Mercy Hospital {reporter} partnership, "
                                        "saw your blocker")
    [replied] = standin.wait_for("chat.update", where=lambda c: c.args.get("channel") == f"D{sponsor}")
    assert [e["text"]["text"] for b in replied.args["blocks"] if b["type"] == "actions" for e in b["elements"]] == [
        "Mark handled"]
    press(slack, standin, sponsor, call, "escalation_handled")
    updates = standin.wait_for("chat.update", 2, where=lambda c: c.args.get("channel") == f"D{sponsor}")
    assert f"Marked handled by Sgt. {sponsor} on" in json.dumps(updates[-1].args["blocks"])
    with session_scope(stack.settings.database_url) as s:
        assert s.get(ProgressNote, note_id).handled_at is not None


def test_someone_else_cannot_press_the_sponsors_buttons(stack, standin, slack, escalated):
    reporter, sponsor, note_id, call = escalated
    press(slack, standin, reporter, call, "escalation_handled")
    time.sleep(1.5)
    assert [c for c in standin.of("chat.update") if c.args.get("channel") == f"D{sponsor}"] == []
    with session_scope(stack.settings.database_url) as s:
        assert s.get(ProgressNote, note_id).handled_at is None


def channel_id() -> str:
    return f"C{user_id()[1:]}"


def test_a_leader_sets_up_a_channel_digest_and_the_scheduler_posts_it_weekly(stack, standin, slack):
    leader, channel = user_id(), channel_id()
    standin.admins.add(leader)
    slash(slack, standin, "T1", leader, f"digest <#{channel}|command-staff> weekly")
    [announced] = standin.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == channel)
    assert announced.args["text"].startswith(f"<@{leader}> set up the weekly partnership digest here")
    [done] = replies_to(standin, f"D{leader}")
    assert done.startswith(f"Done: how every partnership stands will be posted in <#{channel}> once a week")
    report = send_nudges(stack, standin)
    assert any(line.startswith("channel digest to #command-staff") for line in report.sent)
    [_, digest] = standin.wait_for("chat.postMessage", 2, where=lambda c: c.args.get("channel") == channel)
    assert digest.args["text"] == "Weekly partnership standings"
    assert "How the partnerships in the workspace stand:" in json.dumps(digest.args["blocks"])
    send_nudges(stack, standin, now=NOW + timedelta(days=1))
    assert len([c for c in standin.of("chat.postMessage") if c.args.get("channel") == channel]) == 2
    slash(slack, standin, "T1", leader, f"digest <#{channel}|command-staff> off")
    assert replies_to(standin, f"D{leader}", 2)[-1] == f"Stopped the weekly digest in <#{channel}>."
    send_nudges(stack, standin, now=NOW + timedelta(days=8))
    assert len([c for c in standin.of("chat.postMessage") if c.args.get("channel") == channel]) == 2


def test_the_digest_command_says_when_the_app_is_not_in_the_channel(stack, standin, slack):
    leader, channel = user_id(), channel_id()
    standin.admins.add(leader)
    standin.refusals[channel] = "not_in_channel"
    slash(slack, standin, "T1", leader, f"digest <#{channel}|command-staff> weekly")
    [reply] = replies_to(standin, f"D{leader}")
    assert reply.startswith(f"I'm not in <#{channel}>, so I can't post the digest there. Add me to the channel "
                            "first (type `/invite @Partnership Coach` in it)")
    with session_scope(stack.settings.database_url) as s:
        assert s.scalar(select(ChannelDigest).where(ChannelDigest.channel == channel)) is None


def test_only_a_leader_can_set_up_a_channel_digest(stack, standin, slack):
    sergeant, channel = user_id(), channel_id()
    slash(slack, standin, "T1", sergeant, f"digest <#{channel}|command-staff> weekly")
    [reply] = replies_to(standin, f"D{sergeant}")
    assert reply.startswith("Only leaders can set up or stop a channel digest")
    assert [c for c in standin.calls if c.args.get("channel") == channel] == []
