"""What else grows with history (`make bench`, section "growth").

A supervisor with three partnerships is given a year's worth of records: H progress notes
(one in ten a blocker), H done commitments, H recorded changes (the undo history), H
answered inbox messages and H/5 sent nudges, for H = 0, 500 and 2,000. Then, beside the
same work at H = 0 in the same run: the App Home build for the supervisor and for a leader
(who sees every partnership's standing), and a nudge pass (planned, not sent). Each is timed
(median of 7) and its SQL statements counted; a figure that stays flat does not grow with
history. The engine's and action server's memory against conversation length is measured
by the history benchmark (bench/history.py)."""

from __future__ import annotations

import dataclasses
import statistics
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from bench.stacks import fresh_database
from bot import config
from bot.nudges.scheduler import run_pass
from bot.slack import home
from bot.slack.people import SlackPerson
from bot.store.db import engine_for, migrate
from bot.store.models import (
    Commitment,
    Goal,
    InboxMessage,
    NudgeItem,
    NudgeMessage,
    Partnership,
    Person,
    ProgressNote,
    RecordChange,
    Workspace,
)

REPEATS = 7
TEAM = "T-growth"


def seed(url: str, history: int, now: datetime) -> None:
    engine = engine_for(url)
    migrate(engine)
    long_ago = now - timedelta(days=365)
    with Session(engine) as session:
        workspace = Workspace(external_id=TEAM)
        leader = Person(workspace=workspace, external_id="ULEAD", display_name="Lt. Lee", role="leader",
                        timezone="UTC")
        supervisor = Person(workspace=workspace, external_id="USUP", display_name="Sgt. Sam", timezone="UTC")
        session.add_all([workspace, leader, supervisor])
        session.flush()
        partnerships = []
        for name in ("mercy er", "jefferson truancy", "oakwood scams"):
            partnership = Partnership(workspace_id=workspace.id, owner_id=supervisor.id, sponsor_id=leader.id,
                                      name=name, partner=name.split()[0], current_step="goals",
                                      created_at=long_ago, updated_at=now - timedelta(days=2))
            partnership.goals = [Goal(description=f"{name} goal {n}", baseline="10", target="5", direction="down",
                                      target_date=(now + timedelta(days=180)).date(), created_at=long_ago,
                                      last_progress_at=now - timedelta(days=3 if n else 30)) for n in range(2)]
            partnerships.append(partnership)
        session.add_all(partnerships)
        session.flush()
        for n in range(5):  # what is open today, the same at every history length
            session.add(Commitment(workspace_id=workspace.id, owner_id=supervisor.id,
                                   partnership_id=partnerships[n % 3].id, text=f"open task {n}",
                                   due_date=now.date() + timedelta(days=n - 1), created_at=now - timedelta(days=5)))
        session.commit()
        _seed_history(session, workspace.id, supervisor.id, [p.id for p in partnerships], history, now)


def _seed_history(session: Session, workspace_id: int, person_id: int, partnership_ids: list[int],
                  history: int, now: datetime) -> None:
    def when(n: int) -> datetime:
        return now - timedelta(days=365) + timedelta(minutes=n * 250)  # spread over the year before now

    rows = range(history)
    if not history:
        return
    session.execute(insert(ProgressNote), [
        {"partnership_id": partnership_ids[n % 3], "author_id": person_id, "text": f"note {n}",
         "kind": "blocker" if n % 10 == 0 else "progress", "created_at": when(n)} for n in rows])
    session.execute(insert(Commitment), [
        {"workspace_id": workspace_id, "owner_id": person_id, "partnership_id": partnership_ids[n % 3],
         "text": f"done task {n}", "due_date": when(n).date(), "status": "done", "created_at": when(n),
         "completed_at": when(n)} for n in rows])
    session.execute(insert(RecordChange), [
        {"person_id": person_id, "partnership_id": partnership_ids[n % 3], "kind": "progress", "record_id": n,
         "action": "added", "summary": f"note {n}", "at": when(n)} for n in rows])
    session.execute(insert(InboxMessage), [
        {"event_id": f"Ev{n}", "conversation": f"{TEAM}:USUP", "team": TEAM, "user": "USUP", "channel": "D1",
         "sent_ts": f"{1_700_000_000 + n}.000100", "text": f"message {n}", "received_at": when(n),
         "attempts": 1, "done_at": when(n), "outcome": "answered"} for n in rows])
    for n in range(0, history, 5):
        message = NudgeMessage(person_id=person_id, kind="nudge", created_at=when(n), sent_at=when(n), attempts=1)
        message.items = [NudgeItem(kind="commitment", item_id=n + 1, stalled_since=when(n).date(), created_at=when(n))]
        session.add(message)
    session.commit()


@contextmanager
def counting_statements(url: str):
    counted = [0]

    def count(*_):
        counted[0] += 1
    engine = engine_for(url)
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield counted
    finally:
        event.remove(engine, "before_cursor_execute", count)


def measure(url: str, work) -> tuple[float, int]:
    """(median ms, statements) of REPEATS runs of `work()` that did the work: a nudge pass
    finds the scheduler lock taken while another pass (a test run) holds it on PostgreSQL."""
    times = []
    while len(times) < REPEATS:
        with counting_statements(url) as counted:
            started = time.perf_counter()
            done = work()
            elapsed = (time.perf_counter() - started) * 1000
        if done is False:
            time.sleep(0.1)
            continue
        times.append(elapsed)
    return statistics.median(times), counted[0]


def growth_benchmark(histories: list[int], backends: list[str]) -> dict:
    now = datetime.now(timezone.utc).replace(hour=12, minute=0, second=0, microsecond=0)
    now += timedelta(days=(2 - now.weekday()) % 7)  # a Wednesday noon: nudges may go out
    supervisor = SlackPerson(TEAM, "USUP", "Sgt. Sam", "UTC")
    leader = SlackPerson(TEAM, "ULEAD", "Lt. Lee", "UTC")
    results: dict = {}
    for backend in backends:
        for history in histories:
            url, cleanup = fresh_database(backend)
            # the App Home opens its own session, on the process's store
            config.install(dataclasses.replace(config.load(), database_url=url))
            try:
                seed(url, history, now)
                found = {}
                for label, work in (("home_supervisor", lambda: home.home_blocks(supervisor, now)),
                                    ("home_leader", lambda: home.home_blocks(leader, now)),
                                    ("nudge_pass", lambda url=url: run_pass(url, None, now, dry_run=True).ran)):
                    ms, statements = measure(url, work)
                    found[label] = {"ms": round(ms, 2), "statements": statements}
                results[f"{backend}:{history}"] = found
                print(f"growth {backend} {history}: {found}", flush=True)
            finally:
                engine_for(url).dispose()
                cleanup()
    return results


def markdown(results: dict) -> list[str]:
    lines = ["## What else grows with history", "",
             "A supervisor with three partnerships and H progress notes, H done commitments, H undo records, "
             "H answered inbox messages and H/5 sent nudges behind them (bench/growth.py); the same work at H = 0 "
             "in the same run. Median of 7, ms (SQL statements); x = ratio to H = 0 on the same database.", "",
             "| database | H | App Home, supervisor | App Home, leader | nudge pass (planned) |",
             "|---|---|---|---|---|"]
    for key, found in results.items():
        backend, history = key.split(":")
        base = results[f"{backend}:0"] if f"{backend}:0" in results else found
        cells = [f"{f['ms']} ({f['statements']}) {f['ms'] / base[label]['ms']:.2f}x"
                 for label, f in found.items()]
        lines.append(f"| {backend} | {history} | " + " | ".join(cells) + " |")
    return lines + [""]


if __name__ == "__main__":
    import json
    print(json.dumps(growth_benchmark([0, 500, 2000], ["sqlite", "postgresql"]), indent=2))
