"""Driving the real Slack app in tests: start it against the Slack stand-in and the test
stack, and send it signed events, forms and slash commands as Slack would."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from urllib.parse import urlencode

import requests
from sqlalchemy import select

from bot.config import PROJECT_ROOT
from bot.store.db import session_scope
from bot.store.models import Commitment, Person

SECRET = "test-signing-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_slack_app(stack, standin, port: int, **extra_env) -> subprocess.Popen:
    # No scheduler thread: the nudge tests run passes themselves, and an app stopped
    # mid-pass would leave the scheduler's lease held for the tests after it.
    env = {**os.environ, "SLACK_API_URL": standin.api_url, "SLACK_BOT_TOKEN": "xoxb-test",
           "SLACK_SIGNING_SECRET": SECRET, "DATABASE_URL": stack.settings.database_url,
           "COACH_DATA_DIR": str(stack.settings.data_dir),  # the stack's secrets
           "ENGINE_URL": stack.client.engine_url, "ACTIONS_URL": stack.client.actions_url,
           "COACH_NUDGE_EVERY": "0", **extra_env}
    env.pop("SLACK_APP_TOKEN", None) if "SLACK_APP_TOKEN" not in extra_env else None
    log = open(stack.settings.data_dir / f"slack-{port}.log", "ab")
    process = subprocess.Popen([sys.executable, "-m", "bot.slack", "--port", str(port)], cwd=PROJECT_ROOT,
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the Slack app exited; see {log.name}"
        if "SLACK_APP_TOKEN" in extra_env:
            return process
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.2)
    raise AssertionError("the Slack app did not start")


def signed(body: str, secret: str = SECRET, timestamp: int | None = None) -> dict:
    timestamp = timestamp or int(time.time())
    signature = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={signature}"}


def post_event(url: str, event: dict, event_id: str | None = None, headers: dict | None = None,
               **sign) -> requests.Response:
    body = json.dumps({"type": "event_callback", "team_id": "T1", "api_app_id": "A1",
                       "event_id": event_id or f"Ev{uuid.uuid4().hex[:10]}", "event_time": int(time.time()),
                       "event": event})
    return requests.post(url, data=body, timeout=10, headers={
        "Content-Type": "application/json", **signed(body, **sign), **(headers or {})})


def post_form(url: str, form: dict) -> requests.Response:
    body = urlencode(form)
    return requests.post(url, data=body, timeout=10,
                         headers={"Content-Type": "application/x-www-form-urlencoded", **signed(body)})


def dm(user: str, text: str) -> dict:
    return {"type": "message", "channel_type": "im", "channel": f"D{user}", "user": user, "text": text,
            "ts": f"{time.time():.6f}"}


def replies_to(standin, channel: str, count: int = 1, **match) -> list[str]:
    calls = standin.wait_for("chat.postMessage", count, where=lambda c: c.args.get("channel") == channel and all(
        c.args.get(k) == v for k, v in match.items()))
    return [c.args["text"] for c in calls]


def user_id() -> str:
    return f"U{uuid.uuid4().hex[:8].upper()}"


def commitments_of(stack, user: str) -> list[Commitment]:
    with session_scope(stack.settings.database_url) as session:
        return list(session.scalars(select(Commitment).join(Person, Commitment.owner_id == Person.id)
                                    .where(Person.external_id == user)))


def slash(slack, standin, team: str, user: str, text: str) -> None:
    response = post_form(slack, {"command": "/coach", "text": text, "team_id": team, "user_id": user,
                                 "channel_id": "C1", "response_url": standin.response_url(),
                                 "trigger_id": f"trig-{uuid.uuid4().hex[:6]}"})
    assert response.status_code == 200
