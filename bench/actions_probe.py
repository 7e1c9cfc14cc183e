"""The action server under bench/profile.py: bot.action_server with one record per call.

    python -m bench.actions_probe --port 5755

With COACH_PROBE_PARTS=requests only the requests are recorded (bench/throughput.py
counts their bytes and leaves the rest as it runs in production).

Each /webhook request appends to $COACH_PROBE_LOG a line for the request as a whole
(parsing, our action, the answer) and one for the action itself, with the database
queries it made (an SQLAlchemy listener), and how often it loaded the settings, the
knowledge base, or looked the person up."""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter

LOG = open(os.environ["COACH_PROBE_LOG"], "a", buffering=1)
counts: Counter = Counter()
statements: list[str] = []


def record(part: str, started: float, cpu_started: float, **extra) -> None:
    LOG.write(json.dumps({"proc": "actions", "part": part, "ms": (time.perf_counter() - started) * 1000,
                          "cpu_ms": (time.process_time() - cpu_started) * 1000, **extra}) + "\n")


def count_queries() -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "before_cursor_execute")
    def _before(conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("probe_started", []).append(time.perf_counter())

    @event.listens_for(Engine, "after_cursor_execute")
    def _after(conn, cursor, statement, parameters, context, executemany):
        counts["queries"] += 1
        counts["query_ms"] += (time.perf_counter() - conn.info["probe_started"].pop()) * 1000
        counts[f"q_{statement.split(None, 1)[0].lower()}"] += 1
        statements.append(" ".join(statement.split())[:90])


def count_calls(module, name: str, counter: str) -> None:
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        counts[counter] += 1
        return original(*args, **kwargs)
    setattr(module, name, wrapper)


def time_actions() -> None:
    from rasa_sdk.executor import ActionExecutor
    original = ActionExecutor.run

    async def run(self, action_call):
        counts.clear()
        statements.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            return await original(self, action_call)
        finally:
            record("action_code", started, cpu_started, action=action_call.get("next_action"),
                   statements=list(statements), **{k: round(v, 3) for k, v in counts.items()})
    ActionExecutor.run = run


def time_requests(server) -> None:
    original = server.build_app

    def build_app(settings):
        app = original(settings)

        @app.middleware("request")
        async def _started(request):
            request.ctx.probe = (time.perf_counter(), time.process_time())

        @app.middleware("response")
        async def _finished(request, response):
            if request.path == "/webhook" and hasattr(request.ctx, "probe"):
                record("action_request", *request.ctx.probe, bytes_in=len(request.body or b""),
                       bytes_out=len(response.body or b""))
        return app
    server.build_app = build_app


def main(argv: list[str]) -> int:
    from bot import action_server, config, knowledge
    from bot.store import people
    if os.environ.get("COACH_PROBE_PARTS", "all") == "all":
        count_queries()
        count_calls(config, "load", "settings_loads")
        count_calls(knowledge, "load", "knowledge_loads")
        count_calls(people, "person_for", "person_lookups")
        time_actions()
    time_requests(action_server)
    return action_server.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
