"""The engine under bench/profile.py: `rasa run` with timers around the parts of a turn.

    .venv-engine/bin/python -m bench.engine_probe [--as-shipped] run ...   (rasa's arguments)

Runs in the engine's virtualenv. Each timed call appends one JSON line to the file
$COACH_PROBE_LOG: {"proc": "engine", "part": ..., "ms": wall, "cpu_ms": process CPU, ...}.
The CPU time is the whole process's, so it is the part's own only while one turn runs
at a time, as bench/profile.py sends them. --as-shipped runs plain Rasa (no
bot/engine_runtime.py fixes), as the engine ran before the issue's part 3."""

from __future__ import annotations

import functools
import inspect
import json
import os
import sys
import time

LOG = open(os.environ["COACH_PROBE_LOG"], "a", buffering=1)


def record(part: str, started: float, cpu_started: float, **extra) -> None:
    LOG.write(json.dumps({"proc": "engine", "part": part, "ms": (time.perf_counter() - started) * 1000,
                          "cpu_ms": (time.process_time() - cpu_started) * 1000, **extra}) + "\n")


def timed(owner, name: str, part: str, describe=None) -> None:
    """Replace owner.name with a timed version; describe(args) adds fields to the record."""
    original = getattr(owner, name)
    extra = describe or (lambda *args: {})

    if inspect.iscoroutinefunction(original):
        @functools.wraps(original)
        async def wrapper(*args, **kwargs):
            started, cpu_started = time.perf_counter(), time.process_time()
            try:
                return await original(*args, **kwargs)
            finally:
                record(part, started, cpu_started, **extra(*args))
    else:
        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            started, cpu_started = time.perf_counter(), time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                record(part, started, cpu_started, **extra(*args))
    setattr(owner, name, wrapper)


def request_size(original):
    """_action_call_format, also recording the request body's size in bytes."""
    @functools.wraps(original)
    def wrapper(self, tracker, domain):
        started, cpu_started = time.perf_counter(), time.process_time()
        body = original(self, tracker, domain)
        record("action_request_build", started, cpu_started, action=self.name(), bytes=len(json.dumps(body)),
               events=len(body["tracker"].get("events") or []), domain=("domain" in body))
        return body
    return wrapper


def install() -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.lock_store import LockStore
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.utils.endpoints import EndpointConfig

    timed(MessageProcessor, "handle_message", "engine_turn")
    timed(MessageProcessor, "parse_message", "nlu")
    timed(MessageProcessor, "_predict_next_with_tracker", "policies")
    timed(SQLTrackerStore, "retrieve", "tracker_load")
    timed(SQLTrackerStore, "save", "tracker_save")
    timed(LockStore, "_acquire_lock", "lock")
    timed(RemoteAction, "run", "remote_action", lambda self, *args: {"action": self.name()})
    timed(RemoteAction, "_validate_action_result", "action_response_check")
    timed(EndpointConfig, "request", "action_http")
    RemoteAction._action_call_format = request_size(RemoteAction._action_call_format)


def main(argv: list[str]) -> int:
    as_shipped = argv[:1] == ["--as-shipped"]
    argv = argv[1:] if as_shipped else argv
    if not as_shipped:
        from bot import engine_runtime
        engine_runtime.apply_fixes()
    install()
    from rasa.__main__ import main as rasa_main
    sys.argv = ["rasa", *argv]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
