"""Nothing lost, nothing doubled, nothing out of order: USERS people each send MESSAGES
direct messages back to back (not waiting for answers) through the real Slack app, engine
and action server, with the Slack stand-in. Each message is a commitment naming its
number ("I'll call contact 7 by Friday"), so every reply says which message it answers.

    python -m bench.delivery [--users 30] [--messages 10]   (run by `make bench` too)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bot import config
from bot.engine_client import EngineClient
from bot.processes import start_stack, stop_all
from tests.support.slack_standin import SlackStandIn

ENGINE_PORT, ACTIONS_PORT, SLACK_PORT = 5720, 5770, 5796
ANSWERED = re.compile(r"call contact (\d+) by")


def delivery_benchmark(users: int = 30, messages: int = 10, spacing_s: float = 0.0) -> dict:
    from bench.run import SECRET, _wait_port, signed_post  # the latency benchmark's signed requests

    data_dir = Path(tempfile.mkdtemp(prefix="coach-delivery-"))
    settings = dataclasses.replace(config.load(), data_dir=data_dir, database_url=f"sqlite:///{data_dir}/coach.db",
                                   engine_port=ENGINE_PORT, actions_port=ACTIONS_PORT)
    children = start_stack(settings, EngineClient.for_settings(settings))
    standin = SlackStandIn().start()
    env = {**os.environ, "SLACK_API_URL": standin.api_url, "SLACK_BOT_TOKEN": "xoxb-bench",
           "SLACK_SIGNING_SECRET": SECRET, "DATABASE_URL": settings.database_url, "COACH_NUDGE_EVERY": "0",
           "ENGINE_URL": settings.engine_url, "ACTIONS_URL": settings.actions_url, "COACH_DATA_DIR": str(data_dir)}
    env.pop("SLACK_APP_TOKEN", None)
    slack = subprocess.Popen([sys.executable, "-m", "bot.slack", "--port", str(SLACK_PORT)], env=env,
                             stdout=open(data_dir / "slack.log", "wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{SLACK_PORT}/slack/events"
    people = [f"UD{uuid.uuid4().hex[:8].upper()}" for _ in range(users)]
    try:
        _wait_port(SLACK_PORT)

        def send_all(user: str) -> int:
            refused = 0
            for n in range(1, messages + 1):
                body = json.dumps({"type": "event_callback", "team_id": "TBENCH", "event_id": f"Ev{uuid.uuid4().hex}",
                                   "event": {"type": "message", "channel_type": "im", "channel": f"D{user}",
                                             "user": user, "text": f"I'll call contact {n} by Friday",
                                             "ts": f"{time.time():.6f}"}})
                refused += signed_post(url, body).status_code != 200
                time.sleep(spacing_s)
            return refused
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=users) as pool:
            refused = sum(pool.map(send_all, people))
        deadline = time.monotonic() + 60 + users * messages * 1.0
        while time.monotonic() < deadline and len(_answers(standin)) < users * messages:
            time.sleep(1)
        elapsed = time.perf_counter() - started
        time.sleep(3)  # anything sent twice arrives too
    finally:
        slack.terminate()
        slack.wait(10)
        stop_all(children)
    answers = _answers(standin)
    missing = duplicated = out_of_order = 0
    for user in people:
        said = [n for channel, n in answers if channel == f"D{user}"]
        missing += len(set(range(1, messages + 1)) - set(said))
        duplicated += len(said) - len(set(said))
        out_of_order += any(later < earlier for earlier, later in zip(said, said[1:]))
    return {"run_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "users": users, "messages_each": messages,
            "refused_by_the_app": refused, "replies": len(answers),
            "missing": missing, "duplicated": duplicated, "people_answered_out_of_order": out_of_order,
            "seconds": round(elapsed, 1)}


def _answers(standin: SlackStandIn) -> list[tuple[str, int]]:
    found = []
    for call in standin.of("chat.postMessage"):
        if (number := ANSWERED.search(call.args.get("text") or "")) and call.status == 200:
            found.append((call.args.get("channel"), int(number.group(1))))
    return found


def markdown(result: dict) -> list[str]:
    return ["## Delivery: every message answered once, in order", "",
            f"{result['users']} people each sent {result['messages_each']} direct messages back to back through the "
            "Slack app (signed HTTP requests to the real app, engine and action server; Slack's Web API stood in "
            "for). Every message is recorded in the inbox before Slack is acknowledged and answered one at a time "
            f"per conversation. Measured {result.get('run_at', '')}.", "",
            "| replies | missing | duplicated | people answered out of order | refused by the app | seconds |",
            "|---|---|---|---|---|---|",
            f"| {result['replies']} | {result['missing']} | {result['duplicated']} | "
            f"{result['people_answered_out_of_order']} | {result['refused_by_the_app']} | {result['seconds']} |", ""]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--messages", type=int, default=10)
    args = parser.parse_args()
    print(json.dumps(delivery_benchmark(args.users, args.messages), indent=2))
