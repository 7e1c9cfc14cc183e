"""What a turn costs after a long conversation (`make bench`, section "history").

One conversation is given 0, 500 and 2,000 prior turns; then a probe turn ("what have I
committed to?") is timed beside the same probe in a fresh conversation, in the same run.
Measured twice: as the conversation stands, and after a day of silence, when the next
message starts a new session (nlu/domain.yml) and Rasa loads only that session's events.
Up to 500 prior turns are sent in one session, which shows how the cost grew when a
conversation was one session forever; longer histories are spread over days (20 turns a
day), as a supervisor's 2,000 turns span months.

The engine's and action server's resident memory is read after each length's probes: the
processes run through every length in turn, so memory that grew with history would show.

The bytes the engine sends the action server per call are counted by a small relay
between the two (the engine's action endpoint points at it)."""

from __future__ import annotations

import dataclasses
import json
import statistics
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests
import sqlalchemy

from bench.stacks import bench_model, rss_mb
from bot import config
from bot.engine_client import EngineClient
from bot.processes import start_actions, start_engine, stop_all, tracker_store_config, wait_until

PROBE = "what have I committed to?"
FILLER = ["what makes a partnership work?", "thanks", "what have I committed to?", "tell me more"]
PROBES = 7
ONE_SESSION_UP_TO = 500  # longer single sessions take hours to build: the cost grows with every turn
DAILY_TURNS = 20
DAY = 86_400


class Relay(BaseHTTPRequestHandler):
    """Forwards the engine's action calls to the action server and counts their bytes."""
    target = ""
    sizes: list[int] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Relay.sizes.append(len(body))
        answer = requests.post(f"{Relay.target}{self.path}", data=body,
                               headers={"Content-Type": "application/json"}, timeout=60)
        self.send_response(answer.status_code)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(answer.content)

    def log_message(self, *args):
        pass


def turn(client: EngineClient, sender: str, text: str) -> float:
    started = time.perf_counter()
    client.send(sender, text, {"team": "T-bench", "user": sender.split(":")[1], "tz": "America/Chicago"})
    return (time.perf_counter() - started) * 1000


def probe(client: EngineClient, sender: str) -> tuple[float, float]:
    """(median ms, median bytes sent to the action server per call) of the probe turn."""
    times, sizes = [], []
    for _ in range(PROBES):
        Relay.sizes.clear()
        times.append(turn(client, sender, PROBE))
        sizes.append(statistics.median(Relay.sizes) if Relay.sizes else 0)
    return statistics.median(times), statistics.median(sizes)


def age(tracker_url: str, sender: str, days: float) -> None:
    engine = sqlalchemy.create_engine(tracker_url)
    with engine.begin() as connection:
        rows = connection.execute(sqlalchemy.text("SELECT id, data FROM events WHERE sender_id = :s AND timestamp > :t"),
                                  {"s": sender, "t": time.time() - days * DAY}).all()  # not aged yet
        for row_id, data in rows:
            event = json.loads(data)
            event["timestamp"] -= days * DAY
            connection.execute(sqlalchemy.text("UPDATE events SET data = :d, timestamp = :t WHERE id = :i"),
                               {"d": json.dumps(event), "t": event["timestamp"], "i": row_id})
    engine.dispose()


def history_benchmark(lengths: list[int]) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix="coach-bench-history-"))
    settings = dataclasses.replace(config.load(), data_dir=data_dir, database_url=f"sqlite:///{data_dir}/coach.db",
                                   engine_port=5725, actions_port=5775)
    relay = ThreadingHTTPServer(("127.0.0.1", 5776), Relay)
    Relay.target = settings.actions_url
    threading.Thread(target=relay.serve_forever, daemon=True).start()
    relayed = dataclasses.replace(settings, actions_port=5776)
    client = EngineClient.for_settings(settings)
    children = [start_actions(settings)]
    children.append(start_engine(relayed, bench_model()))
    tracker_store = tracker_store_config(settings.database_url, data_dir)
    tracker_url = f"sqlite:///{tracker_store['db']}"
    results = {}
    try:
        wait_until(client.actions_ready, children, timeout=120)
        wait_until(client.engine_ready, children, timeout=300)
        for length in lengths:
            sender = f"T-bench:U{uuid.uuid4().hex[:8]}"
            one_session = length <= ONE_SESSION_UP_TO
            for n in range(length):
                turn(client, sender, FILLER[n % len(FILLER)])
                if not one_session and n % DAILY_TURNS == DAILY_TURNS - 1:
                    age(tracker_url, sender, 1)  # a long history is spread over many days, as in life
            fresh_ms, fresh_bytes = probe(client, f"T-bench:U{uuid.uuid4().hex[:8]}")
            same_ms, same_bytes = probe(client, sender)
            age(tracker_url, sender, 1)
            later_ms, later_bytes = probe(client, sender)
            fresh_again_ms, _ = probe(client, f"T-bench:U{uuid.uuid4().hex[:8]}")
            memory = {"actions_mb": rss_mb(children[0].process.pid), "engine_mb": rss_mb(children[1].process.pid)}
            baseline = statistics.mean([fresh_ms, fresh_again_ms])
            results[str(length)] = {
                "fresh_ms": round(baseline, 1), "fresh_bytes": fresh_bytes,
                "same_session_ms": round(same_ms, 1), "same_session_ratio": round(same_ms / baseline, 2),
                "same_session_bytes": same_bytes,
                "after_a_day_ms": round(later_ms, 1), "after_a_day_ratio": round(later_ms / baseline, 2),
                "after_a_day_bytes": later_bytes,
                "after_a_day_bytes_ratio": round(later_bytes / fresh_bytes, 2) if fresh_bytes else None,
                **memory,
            }
            print(f"history {length}: {results[str(length)]}", flush=True)
    finally:
        relay.shutdown()
        stop_all(children)
    return results


def markdown(results: dict) -> list[str]:
    lines = ["## A turn after a long conversation", "",
             "Probe \"what have I committed to?\" after N prior turns, median of 7, beside a fresh conversation's "
             "in the same run. *Same session*: no pause before the probe (up to 500 prior turns all in one session; "
             "2,000 spread over 100 days, 20 a day, so only the last day's are in it). *After a day*: the next message starts "
             "a new session (target: at most 1.5x a fresh conversation, time and bytes).", "",
             "| prior turns | fresh ms | same session ms (x) | after a day ms (x) | bytes/call fresh | same session | "
             "after a day (x) | engine MB | action server MB |", "|---|---|---|---|---|---|---|---|---|"]
    for length, r in results.items():
        lines.append(f"| {length} | {r['fresh_ms']} | {r['same_session_ms']} ({r['same_session_ratio']}) | "
                     f"{r['after_a_day_ms']} ({r['after_a_day_ratio']}) | {r['fresh_bytes']:.0f} | "
                     f"{r['same_session_bytes']:.0f} | {r['after_a_day_bytes']:.0f} ({r['after_a_day_bytes_ratio']}) | "
                     f"{r.get('engine_mb', '')} | {r.get('actions_mb', '')} |")
    return lines + [""]
