"""Nudges with a controllable clock and a recording sender, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.nudges.responses import respond
from bot.nudges.scheduler import run_pass
from bot.slack.nudge_blocks import describe
from bot.slack.nudge_sender import SlackNudgeSender
from bot.store import commitments, partnerships, people
from bot.store.db import session_scope
from bot.store.models import Goal, NudgeMessage, NudgeResponse, ProgressNote, ReminderPreference

# Wednesday 2 December 2026, 15:00 UTC = 09:00 in Chicago, 07:00 in Los Angeles
WEDNESDAY_3PM_UTC = datetime(2026, 12, 2, 15, 0, tzinfo=timezone.utc)


class RecordingSender(SlackNudgeSender):
    """Slack's Web API replaced by a list of the DMs sent, failing the first `fail_times`."""

    def __init__(self, fail_times: int = 0, delay: float = 0.0):
        self.sent: list[tuple[str, str, list]] = []
        self.fail_times, self.delay = fail_times, delay
        self.lock = threading.Lock()

    def send(self, user, text, blocks):
        time.sleep(self.delay)
        with self.lock:
            if self.fail_times:
                self.fail_times -= 1
                raise ConnectionError("Slack unreachable")
            self.sent.append((user, text, blocks))
            return f"D{user}", f"{len(self.sent)}.0001"

    def texts_to(self, user) -> str:
        return "\n".join(str(blocks) for u, _, blocks in self.sent if u == user)


def person(session, user="U1", tz="America/Chicago", team="T1"):
    return people.person_for(session, people.Identity(team, user, f"Sgt. {user}", tz))


def commitment(session, who, text, due: date, partnership=None):
    return commitments.add_commitment(session, who, text, due, partnership)


def goal(session, partnership, description, last_progress: datetime):
    g = Goal(partnership_id=partnership.id, description=description, created_at=last_progress,
             last_progress_at=last_progress)
    session.add(g)
    session.flush()
    return g


def nudge(database_url, sender, now=WEDNESDAY_3PM_UTC, **kwargs):
    return run_pass(database_url, sender, now, **kwargs)


def test_a_commitment_is_stalled_the_day_after_it_is_due_in_the_owners_zone(database_url):
    with session_scope(database_url) as s:
        alice = person(s)
        commitment(s, alice, "call the principal", date(2026, 12, 2))       # due today in Chicago
        commitment(s, alice, "draft the MOU", date(2026, 12, 1))            # due yesterday
    sender = RecordingSender()
    nudge(database_url, sender)
    assert len(sender.sent) == 1
    assert "draft the MOU" in sender.texts_to("U1") and "call the principal" not in sender.texts_to("U1")


def test_a_goal_stalls_after_the_workspaces_days_without_progress(database_url):
    with session_scope(database_url) as s:
        alice = person(s)
        partnership = partnerships.create_partnership(s, alice, "school district", "problem")
        goal(s, partnership, "cut truancy 15%", WEDNESDAY_3PM_UTC - timedelta(days=14))
        goal(s, partnership, "monthly data share", WEDNESDAY_3PM_UTC - timedelta(days=13, hours=23))
    sender = RecordingSender()
    nudge(database_url, sender)
    assert "cut truancy 15%" in sender.texts_to("U1") and "monthly data share" not in sender.texts_to("U1")


def test_several_stalled_items_arrive_as_one_message(database_url):
    with session_scope(database_url) as s:
        alice = person(s)
        partnership = partnerships.create_partnership(s, alice, "Mercy Hospital", "problem")
        commitment(s, alice, "call the CEO", date(2026, 11, 20), partnership)
        commitment(s, alice, "send the data request", date(2026, 11, 25))
        goal(s, partnership, "fewer repeat overdose calls", WEDNESDAY_3PM_UTC - timedelta(days=30))
    sender = RecordingSender()
    report = nudge(database_url, sender)
    [(user, _, blocks)] = sender.sent
    assert user == "U1"
    assert sum(b["type"] == "actions" for b in blocks) == 3
    assert [e["text"]["text"] for e in blocks[2]["elements"]] == ["Done", "Snooze a week", "Report a blocker",
                                                                  "Post an update"]
    assert "on the *Mercy Hospital* partnership" in str(blocks)
    assert report.sent == ["nudge to U1 (3 item(s))"]


@pytest.mark.parametrize("tz, now, expected", [
    ("America/Chicago", datetime(2026, 12, 2, 15, 0, tzinfo=timezone.utc), True),       # 09:00 Wed
    ("America/Chicago", datetime(2026, 12, 2, 14, 59, tzinfo=timezone.utc), False),     # 08:59
    ("America/Chicago", datetime(2026, 12, 2, 23, 0, tzinfo=timezone.utc), False),      # 17:00, window closed
    # west of UTC near midnight: 23:50 Tuesday in LA is already Wednesday morning in UTC
    ("America/Los_Angeles", datetime(2026, 12, 2, 7, 50, tzinfo=timezone.utc), False),
    ("America/Los_Angeles", datetime(2026, 12, 2, 17, 0, tzinfo=timezone.utc), True),   # 09:00 Wed
    ("Asia/Tokyo", datetime(2026, 12, 2, 1, 0, tzinfo=timezone.utc), True),             # 10:00 Wed
    ("America/Chicago", datetime(2026, 12, 5, 16, 0, tzinfo=timezone.utc), False),      # Saturday
])
def test_nudges_arrive_only_in_working_hours_on_weekdays(database_url, tz, now, expected):
    with session_scope(database_url) as s:
        commitment(s, person(s, tz=tz), "call the principal", date(2026, 11, 20))
    sender = RecordingSender()
    nudge(database_url, sender, now=now)
    assert bool(sender.sent) is expected


def test_the_same_item_waits_for_the_renudge_interval(database_url):
    with session_scope(database_url) as s:
        commitment(s, person(s), "call the principal", date(2026, 11, 20))
    sender = RecordingSender()
    nudge(database_url, sender)
    nudge(database_url, sender, now=WEDNESDAY_3PM_UTC + timedelta(days=1))
    assert len(sender.sent) == 1
    nudge(database_url, sender, now=WEDNESDAY_3PM_UTC + timedelta(days=7, minutes=1))
    assert len(sender.sent) == 2


def test_done_snooze_blocker_and_update_do_what_they_say(database_url):
    with session_scope(database_url) as s:
        alice = person(s)
        partnership = partnerships.create_partnership(s, alice, "school district", "problem")
        first = commitment(s, alice, "call the principal", date(2026, 11, 20), partnership)
        second = commitment(s, alice, "draft the MOU", date(2026, 11, 20), partnership)
        stalled_goal = goal(s, partnership, "cut truancy", WEDNESDAY_3PM_UTC - timedelta(days=20))
        ids = first.id, second.id, stalled_goal.id
    sender = RecordingSender()
    nudge(database_url, sender)
    with session_scope(database_url) as s:
        alice = person(s)
        message_id = s.scalar(select(NudgeMessage.id))
        assert respond(s, alice, message_id, "commitment", ids[0], "done", WEDNESDAY_3PM_UTC) == "Done. Nice work."
        assert respond(s, alice, message_id, "commitment", ids[1], "snooze", WEDNESDAY_3PM_UTC).startswith(
            "Snoozed until Wednesday 9 December 2026")
        respond(s, alice, message_id, "goal", ids[2], "blocker", WEDNESDAY_3PM_UTC, "school won't share data")
        respond(s, alice, message_id, "goal", ids[2], "update", WEDNESDAY_3PM_UTC, "truancy down 4%")
    with session_scope(database_url) as s:
        notes = [(n.kind, n.text) for n in s.scalars(select(ProgressNote).order_by(ProgressNote.id))]
        assert notes == [("blocker", "school won't share data"), ("progress", "truancy down 4%")]
        assert s.get(Goal, ids[2]).last_progress_at is not None
        assert [r.action for r in s.scalars(select(NudgeResponse).order_by(NudgeResponse.id))] == [
            "done", "snooze", "blocker", "update"]
    # eight days on: done is gone, the goal has progress, the snooze has just ended
    later = WEDNESDAY_3PM_UTC + timedelta(days=8)
    nudge(database_url, sender, now=later)
    latest = str(sender.sent[-1][2])
    assert "draft the MOU" in latest and "call the principal" not in latest and "cut truancy" not in latest


@pytest.mark.parametrize("preference, expected", [
    (dict(opted_out=True), False),
    (dict(paused_until=datetime(2026, 12, 7, 6, 0, tzinfo=timezone.utc)), False),
    (dict(paused_until=datetime(2026, 12, 1, 6, 0, tzinfo=timezone.utc)), True),
    (dict(only_weekday=0), False),   # Mondays only; it is Wednesday
    (dict(only_weekday=2), True),    # Wednesdays
])
def test_opt_out_pause_and_one_weekday_are_respected(database_url, preference, expected):
    with session_scope(database_url) as s:
        alice = person(s)
        commitment(s, alice, "call the principal", date(2026, 11, 20))
        s.add(ReminderPreference(person_id=alice.id, **{"opted_out": False, "window_start_hour": 9,
                                                        "window_end_hour": 17, **preference}))
    sender = RecordingSender()
    nudge(database_url, sender)
    assert bool(sender.sent) is expected


def test_the_sponsor_gets_one_weekly_digest_of_all_their_partnerships(database_url):
    with session_scope(database_url) as s:
        chief = person(s, "UCHIEF")
        for user, partner in (("U1", "school district"), ("U2", "Mercy Hospital")):
            owner = person(s, user)
            partnership = partnerships.create_partnership(s, owner, partner, "problem")
            partnership.sponsor_id = chief.id
            commitment(s, owner, f"call {partner}", date(2026, 11, 20), partnership)
    sender = RecordingSender()
    nudge(database_url, sender)
    [digest] = [blocks for user, _, blocks in sender.sent if user == "UCHIEF"]
    assert "Weekly partnership digest" in str(digest)
    assert "call school district" in str(digest) and "call Mercy Hospital" in str(digest)
    nudge(database_url, sender, now=WEDNESDAY_3PM_UTC + timedelta(days=7, minutes=1))
    nudge(database_url, sender, now=WEDNESDAY_3PM_UTC + timedelta(days=8))
    assert len([u for u, _, _ in sender.sent if u == "UCHIEF"]) == 2


def test_a_crash_between_recording_and_sending_sends_once_on_the_next_pass(database_url):
    with session_scope(database_url) as s:
        commitment(s, person(s), "call the principal", date(2026, 11, 20))
    nudge(database_url, None)  # records the nudge, then "crashes" before sending
    sender = RecordingSender()
    nudge(database_url, sender, now=WEDNESDAY_3PM_UTC + timedelta(minutes=15))
    nudge(database_url, sender, now=WEDNESDAY_3PM_UTC + timedelta(minutes=30))
    assert len(sender.sent) == 1


def test_a_failed_send_is_retried_on_the_next_pass(database_url):
    with session_scope(database_url) as s:
        commitment(s, person(s), "call the principal", date(2026, 11, 20))
    sender = RecordingSender(fail_times=1)
    report = nudge(database_url, sender)
    assert sender.sent == [] and report.failed
    nudge(database_url, sender, now=WEDNESDAY_3PM_UTC + timedelta(minutes=15))
    assert len(sender.sent) == 1
    with session_scope(database_url) as s:
        [message] = s.scalars(select(NudgeMessage))
        assert message.attempts == 2 and message.sent_at is not None and message.last_error


class LoopEnded(Exception):
    pass


def test_a_pass_that_fails_does_not_stop_the_next_one():
    from bot.nudges.loop import run_forever
    from bot.nudges.scheduler import PassReport

    outcomes = [RuntimeError("database away"), PassReport(sent=["nudge to U1 (1 item(s))"])]
    reports, waits = [], []

    def one_pass() -> PassReport:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if not outcomes:
            raise LoopEnded()

    with pytest.raises(LoopEnded):
        run_forever(one_pass, 900, on_report=reports.append, sleep=sleep)
    assert [report.sent for report in reports] == [["nudge to U1 (1 item(s))"]] and waits == [900, 900]


def test_a_dry_run_records_and_sends_nothing(database_url):
    with session_scope(database_url) as s:
        commitment(s, person(s), "call the principal", date(2026, 11, 20))
    sender = RecordingSender()
    report = nudge(database_url, sender, dry_run=True)
    assert sender.sent == [] and "call the principal" in report.planned(describe)[0]
    with session_scope(database_url) as s:
        assert s.scalar(select(func.count()).select_from(NudgeMessage)) == 0


def test_terminal_users_are_not_nudged(database_url):
    with session_scope(database_url) as s:
        commitment(s, person(s, team="local"), "call the principal", date(2026, 11, 20))
    sender = RecordingSender()
    nudge(database_url, sender)
    assert sender.sent == []


def test_two_schedulers_racing_send_each_nudge_once(database_url):
    with session_scope(database_url) as s:
        for n in range(3):
            commitment(s, person(s, f"U{n}"), "call the principal", date(2026, 11, 20))
    sender = RecordingSender(delay=0.3)
    reports = []
    threads = [threading.Thread(target=lambda: reports.append(nudge(database_url, sender))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(user for user, _, _ in sender.sent) == ["U0", "U1", "U2"]
    assert sorted(r.ran for r in reports) == [False, True]


def test_a_stopping_app_gives_up_its_scheduler_lease_and_only_its_own(database_url):
    from bot.store.db import engine_for
    from bot.store.models import SchedulerLock
    from bot.store.scheduler_lock import holder_name, release_leases, scheduler_lock

    engine = engine_for(database_url)
    soon = datetime.now(timezone.utc) + timedelta(minutes=10)
    with session_scope(database_url) as session:
        session.add_all([SchedulerLock(name="nudges", holder=holder_name(), expires_at=soon),
                         SchedulerLock(name="other", holder="elsewhere:1", expires_at=soon)])
    release_leases(engine)
    with session_scope(database_url) as session:
        held = [lease.holder for lease in session.scalars(select(SchedulerLock))]
    if engine.dialect.name == "postgresql":  # advisory locks there; the table is not used
        assert sorted(held) == sorted([holder_name(), "elsewhere:1"])
    else:
        assert held == ["elsewhere:1"]
        with scheduler_lock(engine) as taken:
            assert taken  # the next scheduler need not wait out the lease


def test_on_postgresql_a_scheduler_in_another_schema_does_not_hold_this_ones_lock(postgres_schema):
    from bot.store.db import engine_for
    from bot.store.scheduler_lock import scheduler_lock

    here = engine_for(postgres_schema)
    elsewhere = engine_for(postgres_schema.replace("search_path%3D", "search_path%3Dpublic%2C"))
    with scheduler_lock(here) as held_here, scheduler_lock(elsewhere) as held_elsewhere:
        assert held_here and held_elsewhere
        with scheduler_lock(here) as second_here:
            assert not second_here  # the same store: one pass at a time
