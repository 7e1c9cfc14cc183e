"""The Slack inbox on both databases: a message recorded once, answered in the order
it was sent, one at a time per conversation, and picked up again when the process
answering it stopped."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.store import inbox

NOW = datetime(2026, 11, 26, 20, 0, tzinfo=timezone.utc)


def message(event_id: str, sent_ts: str, conversation: str = "T1:U1", text: str = "hello") -> inbox.Incoming:
    return inbox.Incoming(event_id, conversation, "T1", conversation.split(":")[1], "D1", None, sent_ts, text)


def test_a_retried_event_is_recorded_once(database_url):
    assert inbox.receive(message("Ev1", "1.000001"), NOW) is True
    assert inbox.receive(message("Ev1", "1.000001"), NOW) is False


def test_messages_are_answered_in_the_order_sent_not_the_order_received(database_url):
    inbox.receive(message("Ev-second", "100.000002", text="second"), NOW)
    inbox.receive(message("Ev-first", "100.000001", text="first"), NOW)
    first = inbox.claim_next("T1:U1", NOW)
    assert first.incoming.text == "first"
    assert inbox.claim_next("T1:U1", NOW) is None  # one at a time: the next waits for the first
    inbox.finish(first.id, "answered", NOW)
    assert inbox.claim_next("T1:U1", NOW).incoming.text == "second"


def test_conversations_do_not_wait_for_each_other(database_url):
    inbox.receive(message("Ev-a", "1.0", "T1:UA"), NOW)
    inbox.receive(message("Ev-b", "1.0", "T1:UB"), NOW)
    assert inbox.claim_next("T1:UA", NOW) is not None
    assert inbox.claim_next("T1:UB", NOW) is not None


def test_a_message_whose_process_stopped_is_claimed_again_after_the_lease(database_url):
    inbox.receive(message("Ev1", "1.0"), NOW)
    assert inbox.claim_next("T1:U1", NOW).attempts == 1
    assert inbox.waiting_conversations(NOW + timedelta(seconds=1)) == []  # being answered
    later = NOW + inbox.lease() + timedelta(seconds=1)
    assert inbox.waiting_conversations(later) == ["T1:U1"]
    again = inbox.claim_next("T1:U1", later)
    assert (again.incoming.event_id, again.attempts) == ("Ev1", 2)


def test_a_message_nobody_claimed_is_found_by_the_sweep(database_url):
    inbox.receive(message("Ev1", "1.0"), NOW)
    assert inbox.waiting_conversations(NOW) == []  # just arrived: its listener is on it
    assert inbox.waiting_conversations(NOW, timedelta(0)) == ["T1:U1"]  # at start-up, everything
    assert inbox.waiting_conversations(NOW + inbox.MISSED_AFTER) == ["T1:U1"]


def test_answered_messages_are_not_found_again(database_url):
    inbox.receive(message("Ev1", "1.0"), NOW)
    inbox.finish(inbox.claim_next("T1:U1", NOW).id, "answered", NOW)
    assert inbox.claim_next("T1:U1", NOW + timedelta(hours=1)) is None
    assert inbox.waiting_conversations(NOW + timedelta(hours=1)) == []


def test_answered_messages_are_forgotten_after_a_week_and_waiting_ones_never(database_url):
    for event_id, sent_ts in (("Ev-old", "1.000001"), ("Ev-recent", "1.000002"), ("Ev-waiting", "1.000003")):
        inbox.receive(message(event_id, sent_ts, conversation=f"T1:U{event_id}"), NOW - timedelta(days=30))
    inbox.finish(inbox.claim_next("T1:UEv-old", NOW - timedelta(days=8)).id, "answered", NOW - timedelta(days=8))
    inbox.finish(inbox.claim_next("T1:UEv-recent", NOW - timedelta(days=6)).id, "answered", NOW - timedelta(days=6))
    assert inbox.forget_answered(NOW) == 1
    assert inbox.receive(message("Ev-recent", "1.000002", conversation="T1:UEv-recent"), NOW) is False  # still a retry
    assert inbox.claim_next("T1:UEv-waiting", NOW).incoming.text == "hello"
