"""Channel digests for command staff: set up by a leader, posted weekly by the
scheduler, stopped by `/coach digest off` or by Slack refusing for good.
With a controllable clock, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.nudges import channel_digests
from bot.nudges.scheduler import run_pass
from bot.slack.listeners.channel_digest import Request, parse
from bot.slack.nudge_sender import refusal
from bot.store import commitments, people
from bot.store.db import session_scope
from bot.store.models import ChannelDigest
from bot.store.partnerships import create_partnership
from tests.support.nudges import ScriptedSender, assert_within_slack_limits

WEDNESDAY_3PM_UTC = datetime(2026, 12, 2, 15, 0, tzinfo=timezone.utc)  # 09:00 in Chicago


def person(session, user, leader=False):
    found = people.person_for(session, people.Identity("T1", user, f"Sgt. {user}", "America/Chicago"))
    found.role = "leader" if leader else found.role
    return found


def staff_digest(database_url, partnerships=("school district", "Mercy Hospital"), promise="call {}") -> None:
    with session_scope(database_url) as s:
        owner = person(s, "U1")
        for name in partnerships:
            partnership = create_partnership(s, owner, name, "problem")
            commitments.add_commitment(s, owner, promise.format(name), date(2026, 11, 20), partnership)
        channel_digests.set_up(s, person(s, "UCHIEF", leader=True), "CSTAFF", "command-staff", "weekly",
                               WEDNESDAY_3PM_UTC)


def posts(sender) -> list[tuple[str, str, list]]:
    return [sent for sent in sender.sent if sent[0] == "CSTAFF"]


@pytest.mark.parametrize("text, request_", [
    ("digest <#C123|command-staff> weekly", Request("on", "C123", "command-staff")),
    ("digest <#C123> weekly", Request("on", "C123", None)),
    ("digest <#C123|staff>", Request("on", "C123", "staff")),
    ("digest weekly", Request("on", "CHERE", "here")),
    ("digest off", Request("off")),
    ("digest <#C123|staff> off", Request("off", "C123", "staff")),
    ("digest", Request("show")),
])
def test_the_digest_subcommand_names_a_channel_and_on_or_off(text, request_):
    assert parse(text, "CHERE", "here") == request_


@pytest.mark.parametrize("text, here, problem", [
    ("digest #staff weekly", "CHERE", "Pick the channel from Slack's list"),
    ("digest <#C1|staff> daily", "CHERE", "I can post the digest weekly only."),
    ("digest weekly", "DU1", "Which channel?"),
])
def test_an_unclear_digest_request_says_what_is_missing(text, here, problem):
    found = parse(text, here, "directmessage")
    assert found.action == "unclear" and found.problem.startswith(problem)


def test_only_a_leader_sets_up_or_stops_a_channel_digest(database_url):
    with session_scope(database_url) as s:
        sergeant = person(s, "U1")
        with pytest.raises(channel_digests.NotALeader):
            channel_digests.set_up(s, sergeant, "CSTAFF", "staff", "weekly", WEDNESDAY_3PM_UTC)
        with pytest.raises(channel_digests.NotALeader):
            channel_digests.stop(s, sergeant, None, WEDNESDAY_3PM_UTC)


def test_the_channel_gets_every_partnerships_standing_weekly(database_url):
    staff_digest(database_url)
    sender = ScriptedSender()
    report = run_pass(database_url, sender, WEDNESDAY_3PM_UTC)
    [(_, text, body)] = posts(sender)
    assert_within_slack_limits(text, body)
    shown = json.dumps(body)
    assert "How the partnerships in the workspace stand:" in shown
    assert "school district (Sgt. U1): at risk: 1 overdue commitment (call school district)" in shown
    assert "Mercy Hospital (Sgt. U1): at risk" in shown
    assert "channel digest to #command-staff (2 partnership(s))" in report.sent
    for later in (timedelta(hours=1), timedelta(days=6, hours=23)):
        run_pass(database_url, sender, WEDNESDAY_3PM_UTC + later)
    assert len(posts(sender)) == 1
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC + timedelta(days=7))
    assert len(posts(sender)) == 2


def test_digest_off_stops_it(database_url):
    staff_digest(database_url)
    with session_scope(database_url) as s:
        [stopped] = channel_digests.stop(s, person(s, "UCHIEF"), None, WEDNESDAY_3PM_UTC)
        assert stopped.channel == "CSTAFF"
        assert channel_digests.stop(s, person(s, "UCHIEF"), None, WEDNESDAY_3PM_UTC) == []
    sender = ScriptedSender()
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC)
    assert posts(sender) == []


def test_a_digest_is_posted_in_working_hours_of_whoever_set_it_up(database_url):
    staff_digest(database_url)
    sender = ScriptedSender()
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC - timedelta(hours=1))  # 08:00 in Chicago
    assert posts(sender) == []


def test_slack_refusing_the_channel_for_good_stops_the_digest(database_url):
    staff_digest(database_url)
    sender = ScriptedSender({"CSTAFF": [refusal("not_in_channel")]})
    report = run_pass(database_url, sender, WEDNESDAY_3PM_UTC)
    assert report.failed == ["channel digest to #command-staff failed permanently: not_in_channel — not retried; "
                             "the channel digest is stopped"]
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC + timedelta(days=7))
    assert sender.attempts["CSTAFF"] == 1
    with session_scope(database_url) as s:
        digest = s.scalar(select(ChannelDigest))
        assert digest.stopped_at is not None and digest.stop_reason == "Slack refused a post: not_in_channel"


def test_a_workspace_of_many_partnerships_gets_a_digest_within_slack_limits_never_cut_mid_line(database_url):
    staff_digest(database_url, [f"youth league {n:03d}" for n in range(150)],
                 "walk the {} schedule " + "with the east precinct lieutenant and the league board " * 6)
    sender = ScriptedSender()
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC)
    [(_, text, body)] = posts(sender)
    assert_within_slack_limits(text, body)
    lines = [line for b in body if b["type"] == "section" for line in b["text"]["text"].split("\n")][1:]
    assert all(line.startswith("• youth league ") and line.endswith(")") for line in lines)
    assert body[-1]["elements"][0]["text"] == f"…and {150 - len(lines)} more — see them all with `/coach status`."


def test_a_digest_stopped_after_it_was_recorded_is_not_posted(database_url):
    staff_digest(database_url)
    run_pass(database_url, None, WEDNESDAY_3PM_UTC)  # recorded, not sent
    with session_scope(database_url) as s:
        channel_digests.stop(s, person(s, "UCHIEF"), "CSTAFF", WEDNESDAY_3PM_UTC)
    sender = ScriptedSender()
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC + timedelta(minutes=15))
    assert posts(sender) == []
