"""Nothing Slack was told arrived is lost: the real Slack app, engine and action server,
the app killed mid-burst and restarted, the database cut off from the app, and one
person's burst of messages answered in the order sent."""

from __future__ import annotations

import re
import time

import pytest
import requests

from bot.slack.listeners.messages import NOT_RECORDED
from tests.support.slack_app import commitments_of, dm, free_port, post_event, replies_to, start_slack_app, user_id
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.integration


def answered(stack, user: str, timeout: float = 30) -> None:
    """Wait until every message of `user` in the inbox is marked answered."""
    from sqlalchemy import select

    from bot.store.db import session_scope
    from bot.store.models import InboxMessage
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_scope(stack.settings.database_url) as session:
            if all(session.scalars(select(InboxMessage.done_at).where(InboxMessage.user == user))):
                return
        time.sleep(0.2)
    raise AssertionError(f"{user}'s messages were not all answered")


def test_one_persons_burst_is_answered_in_the_order_sent(stack, standin, slack):
    user = user_id()
    people = ["Alvarez", "Brandt", "Chen", "Diaz", "Evans", "Fox", "Garcia", "Hill"]
    for name in people:  # back to back, without waiting for answers
        assert post_event(slack, dm(user, f"I'll call {name} by Friday")).status_code == 200
    replies = replies_to(standin, f"D{user}", len(people))
    said = [re.search(r"call (\w+) by", reply)[1] for reply in replies]
    assert said == people
    assert sorted(c.text for c in commitments_of(stack, user)) == [f"call {name}" for name in people]


def test_a_slack_app_killed_after_acknowledging_answers_everything_when_restarted(stack, standin):
    port = free_port()
    url = f"http://127.0.0.1:{port}/slack/events"
    process = start_slack_app(stack, standin, port)
    users = [user_id() for _ in range(8)]
    try:
        for user in users:
            assert post_event(url, dm(user, "I'll brief the night shift by Friday")).status_code == 200
        process.kill()  # acknowledged, some not yet answered
        process.wait(10)
        process = start_slack_app(stack, standin, port, COACH_INBOX_LEASE="2")
        for user in users:
            [reply, *again] = replies_to(standin, f"D{user}")
            assert "you'll brief the night shift by" in reply
            assert len(commitments_of(stack, user)) == 1  # the engine's first answer is repeated, not redone
    finally:
        process.terminate()
        process.wait(10)


def test_a_message_the_database_cannot_record_is_refused_then_answered_on_slacks_retry(pg_stack, standin):
    proxy = TcpProxy(5432).up()
    port = free_port()
    url = f"http://127.0.0.1:{port}/slack/events"
    process = start_slack_app(pg_stack, standin, port,
                              DATABASE_URL=pg_stack.settings.database_url.replace(":5432/", f":{proxy.port}/"))
    try:
        user = user_id()
        post_event(url, dm(user, "hello"))
        replies_to(standin, f"D{user}")  # connected and answering
        answered(pg_stack, user)  # that turn finished before the database goes
        proxy.down()
        event = dm(user, "I'll call the principal by Friday")
        refused = post_event(url, event, event_id="EvOutage1")
        assert refused.status_code == 503  # Slack sends it again
        assert replies_to(standin, f"D{user}", 2)[1] == NOT_RECORDED
        assert commitments_of(pg_stack, user) == []
        proxy.up()
        retried = post_event(url, event, event_id="EvOutage1", timestamp=int(time.time()) + 1,  # Slack signs anew
                             headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"})
        assert retried.status_code == 200
        assert "Got it: you'll call the principal by" in replies_to(standin, f"D{user}", 3)[2]
        assert [c.text for c in commitments_of(pg_stack, user)] == ["call the principal"]
        health = requests.get(f"http://127.0.0.1:{port}/health", timeout=10)
        assert health.json()["database"] is True
    finally:
        process.terminate()
        process.wait(10)
        proxy.down()
