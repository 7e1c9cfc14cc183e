"""Nothing the scheduler sends gets stuck: every message within Slack's limits however
many items it carries, nothing cut in the middle of an item, Slack's refusals for good
recorded and never retried, other failures retried later and then given up.
With a controllable clock, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from bot.nudges.scheduler import run_pass
from bot.slack import nudge_blocks
from bot.slack.nudge_sender import refusal
from bot.store import commitments, partnerships, people
from bot.store.db import session_scope
from bot.store.models import NudgeMessage
from tests.support.nudges import ScriptedSender, assert_within_slack_limits

WEDNESDAY_3PM_UTC = datetime(2026, 12, 2, 15, 0, tzinfo=timezone.utc)  # 09:00 in Chicago
MENTION = re.compile(r"\*([^*]+)\*")


def person(session, user="U1", tz="America/Chicago"):
    return people.person_for(session, people.Identity("T1", user, f"Sgt. {user}", tz))


def overdue(session, who, texts, partnership=None):
    for n, text in enumerate(texts):
        commitments.add_commitment(session, who, text, date(2026, 11, 1) + timedelta(days=n % 20), partnership)


def texts_in(body: list[dict]) -> list[str]:
    """The item texts a message shows (in *bold*), in order."""
    return [m for b in body if b["type"] == "section" for m in MENTION.findall(b["text"]["text"])]


def test_a_nudge_of_60_items_shows_20_with_buttons_and_counts_the_rest_which_the_app_home_lists(
        database_url, monkeypatch):
    from bot.slack.home import home_blocks
    from bot.slack.people import SlackPerson

    wanted = [f"follow up with contact number {n:02d} about the truancy data" for n in range(60)]
    with session_scope(database_url) as s:
        overdue(s, person(s), wanted)
    sender = ScriptedSender()
    report = run_pass(database_url, sender, WEDNESDAY_3PM_UTC)
    [(user, text, body)] = sender.sent
    assert_within_slack_limits(text, body)
    shown = texts_in(body)
    assert len(shown) == len(set(shown)) == 20 and set(shown) <= set(wanted)  # none repeated
    assert sum(b["type"] == "actions" for b in body) == 20
    assert body[0]["text"]["text"] == "60 things have stalled:"
    assert body[-1]["elements"][0]["text"].startswith("…and 40 more — open my App Home")
    assert report.sent == ["nudge to U1 (60 item(s))"]
    home = home_blocks(SlackPerson("T1", "U1", "Sgt. U1", "America/Chicago"), WEDNESDAY_3PM_UTC)
    assert len(home) <= 100 and all(len(b["text"]["text"]) <= 3000 for b in home if b["type"] == "section")
    listed = "\n".join(b["text"]["text"] for b in home if b["type"] == "section")
    assert all(listed.count(f"• {text}: due") == 1 for text in wanted)  # every item reachable, whole
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC + timedelta(days=1))
    assert len(sender.sent) == 1  # the 40 not shown were in the nudge too: not sent again the next day


def test_a_huge_item_is_shortened_never_the_message_cut(database_url):
    with session_scope(database_url) as s:
        overdue(s, person(s), ["call " + "the principal " * 400, "draft the MOU"])
    sender = ScriptedSender()
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC)
    [(_, text, body)] = sender.sent
    assert_within_slack_limits(text, body)
    assert "draft the MOU" in texts_in(body) and any(t.endswith("…") for t in texts_in(body))


def test_a_long_digest_is_packed_in_whole_lines_and_counts_what_does_not_fit(database_url):
    with session_scope(database_url) as s:
        chief = person(s, "UCHIEF")
        for user in ("U1", "U2"):
            owner = person(s, user)
            partnership = partnerships.create_partnership(s, owner, f"district {user}", "problem")
            partnership.sponsor_id = chief.id
            overdue(s, owner, [f"{user} item {n:03d}: " + ("arrange the joint review " * 9).strip() for n in range(100)],
                    partnership)
    sender = ScriptedSender()
    run_pass(database_url, sender, WEDNESDAY_3PM_UTC)
    [(_, text, body)] = [sent for sent in sender.sent if sent[0] == "UCHIEF"]
    assert_within_slack_limits(text, body)
    sections = [b["text"]["text"] for b in body if b["type"] == "section"]
    assert len(sections) > 2  # more than one section's worth
    lines = [line for section in sections for line in section.split("\n")][1:]  # after the intro
    items = [MENTION.findall(line)[0] for line in lines]
    assert len(items) == len(set(items))  # whole lines, none repeated
    assert all(line.endswith("November 2026.") for line in lines)  # none cut in the middle
    more = body[-1]["elements"][0]["text"]
    assert more.startswith(f"…and {200 - len(items)} more — ") and len(items) < 200


def test_slack_refusing_for_good_is_recorded_and_never_retried(database_url):
    with session_scope(database_url) as s:
        overdue(s, person(s, "UGONE"), ["call the principal"])
        overdue(s, person(s, "U2"), ["draft the MOU"])
    sender = ScriptedSender({"UGONE": [refusal("user_not_found")]})
    report = run_pass(database_url, sender, WEDNESDAY_3PM_UTC)
    assert "nudge to UGONE failed permanently: user_not_found — not retried" in report.lines(nudge_blocks.describe)
    assert report.sent == ["nudge to U2 (1 item(s))"]
    for hours in (1, 5, 24):
        later = run_pass(database_url, sender, WEDNESDAY_3PM_UTC + timedelta(hours=hours))
        assert later.failed == []
    assert sender.attempts["UGONE"] == 1
    with session_scope(database_url) as s:
        failed = s.scalar(select(NudgeMessage).where(NudgeMessage.failed_at.is_not(None)))
        assert (failed.person.external_id, failed.failure, failed.attempts) == ("UGONE", "user_not_found", 1)


def test_a_passing_failure_is_retried_later_and_later_then_given_up(database_url):
    with session_scope(database_url) as s:
        overdue(s, person(s), ["call the principal"])
    sender = ScriptedSender({"U1": [ConnectionError("Slack unreachable")]})
    report = run_pass(database_url, sender, WEDNESDAY_3PM_UTC)
    assert report.lines(nudge_blocks.describe) == ["planned nudge to U1: Your commitment to *call the principal* was due "
                              "Sunday 1 November 2026.",
                              "nudge to U1 failed, will retry at 15:05 UTC: ConnectionError: Slack unreachable"]
    tried_at = [(0, report.failed)]
    for minutes in range(5, 6 * 60, 5):  # a pass every five minutes for six hours
        before = sender.attempts["U1"]
        failed = run_pass(database_url, sender, WEDNESDAY_3PM_UTC + timedelta(minutes=minutes)).failed
        if sender.attempts["U1"] > before:
            tried_at.append((minutes, failed))
    # 5 min, then 15 min, 1 h and 4 h after each failure
    assert [m for m, _ in tried_at] == [0, 5, 20, 80, 320]
    assert tried_at[3][1] == ["nudge to U1 failed, will retry at 20:20 UTC: ConnectionError: Slack unreachable"]
    assert tried_at[-1][1] == ["nudge to U1 failed 5 times, given up: ConnectionError: Slack unreachable"]
    with session_scope(database_url) as s:
        [message] = s.scalars(select(NudgeMessage))
        assert message.failed_at is not None and message.sent_at is None and message.attempts == 5


def test_rate_limited_beyond_the_clients_retries_is_tried_again_and_then_sent(database_url):
    with session_scope(database_url) as s:
        overdue(s, person(s), ["call the principal"])
    sender = ScriptedSender({"U1": [refusal("ratelimited"), None]})
    assert run_pass(database_url, sender, WEDNESDAY_3PM_UTC).failed == [
        "nudge to U1 failed, will retry at 15:05 UTC: ratelimited"]
    assert run_pass(database_url, sender, WEDNESDAY_3PM_UTC + timedelta(minutes=5)).sent == [
        "nudge to U1 (1 item(s))"]


def test_coach_nudge_once_prints_both_kinds_of_failure(database_url, monkeypatch):
    from typer.testing import CliRunner

    import bot.slack.nudge_sender
    from bot.cli import app

    with session_scope(database_url) as s:
        overdue(s, person(s, "UGONE"), ["call the principal"])
        overdue(s, person(s, "UFLAKY"), ["draft the MOU"])
    sender = ScriptedSender({"UGONE": [refusal("user_not_found")], "UFLAKY": [refusal("internal_error")]})
    monkeypatch.setattr(bot.slack.nudge_sender, "SlackNudgeSender", lambda *args: sender)
    result = CliRunner().invoke(app, ["nudge", "--once", "--now", "2026-12-02T15:00:00"],
                                env={"DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "xoxb-test"})
    assert result.exit_code == 0, result.output
    assert "nudge to UGONE failed permanently: user_not_found — not retried" in result.output
    assert "nudge to UFLAKY failed, will retry at 15:05 UTC: internal_error" in result.output


def test_blocks_keep_to_the_limits_whatever_the_count():
    from bot.nudges.stalled import StalledItem

    for count in (1, 24, 25, 60, 500):
        items = [StalledItem("commitment", n, 1, f"item {n} " + "x" * 280, "p" * 200, date(2026, 11, 1))
                 for n in range(count)]
        assert_within_slack_limits("text", nudge_blocks.nudge_blocks(1, items))
        assert_within_slack_limits("text", nudge_blocks.digest_blocks(items))
        assert_within_slack_limits("text", nudge_blocks.channel_digest_blocks("title", [f"line {n} " + "y" * 900
                                                                                  for n in range(count)]))
