"""Action servers and Slack app processes behind a real load balancer (HAProxy, as in
docker-compose.yml). One conversation's turns are served by both action servers, so
nothing may live in one between turns, and when one dies the conversation carries on.
A Slack retry that lands on the other Slack app process is still answered once."""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
import subprocess
import time
import uuid

import pytest
import requests
from sqlalchemy import select

from bot import config
from bot.engine_client import EngineClient, take_turn
from bot.processes import start_actions, start_engine, stop_all, wait_until
from bot.store.db import session_scope
from bot.store.models import Commitment, Partnership, Person
from bot.training import ensure_model
from tests.support.slack_app import commitments_of, dm, post_event, replies_to, start_slack_app

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(shutil.which("haproxy") is None, reason="HAProxy is not installed (Debian package haproxy)")]
BALANCER, FIRST, SECOND, STATS, ENGINE = 5170, 5171, 5172, 5173, 5110
SLACK_BALANCER, SLACK_FIRST, SLACK_SECOND, SLACK_STATS = 5180, 5181, 5182, 5183


def balancer_config(port: int, servers: tuple[int, int], stats_port: int) -> str:
    """HAProxy round robin over two local servers, health-checked on GET /health, with
    its statistics (how many requests each server got) on `stats_port`."""
    return f"""
defaults
    mode http
    timeout connect 2s
    timeout client 120s
    timeout server 120s
    retries 3
    option redispatch
    default-server inter 500ms fall 1 rise 1
frontend balanced
    bind 127.0.0.1:{port}
    default_backend replicas
backend replicas
    balance roundrobin
    option httpchk GET /health
    server first 127.0.0.1:{servers[0]} check
    server second 127.0.0.1:{servers[1]} check
listen stats
    bind 127.0.0.1:{stats_port}
    stats enable
    stats uri /stats
"""


def served(stats_port: int = STATS) -> dict[str, int]:
    """Requests each backend server has been sent, from HAProxy's statistics."""
    rows = csv.DictReader(io.StringIO(requests.get(f"http://127.0.0.1:{stats_port}/stats;csv", timeout=5)
                                      .text.lstrip("# ")))
    return {row["svname"]: int(row["stot"]) for row in rows if row["svname"] in ("first", "second")}


def start_haproxy(config_text: str, folder) -> subprocess.Popen:
    (folder / "haproxy.cfg").write_text(config_text)
    return subprocess.Popen(["haproxy", "-db", "-f", str(folder / "haproxy.cfg")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def balanced(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("balanced")
    base = dataclasses.replace(config.load(), data_dir=data_dir, database_url=f"sqlite:///{data_dir / 'coach.db'}",
                               engine_port=ENGINE, actions_port=BALANCER)
    balancer = start_haproxy(balancer_config(BALANCER, (FIRST, SECOND), STATS), data_dir)
    servers = [start_actions(dataclasses.replace(base, actions_port=port)) for port in (FIRST, SECOND)]
    children = list(servers)
    try:
        client = EngineClient.for_settings(base, timeout=120)
        wait_until(client.actions_ready, children, timeout=60)
        children.append(start_engine(base, ensure_model()))
        wait_until(client.engine_ready, children, timeout=240)
        yield base, client, servers
    finally:
        stop_all(children)
        balancer.terminate()
        balancer.wait(10)


def test_one_conversation_is_served_by_both_and_survives_one_dying(balanced):
    settings, client, servers = balanced
    user = f"U{uuid.uuid4().hex[:8]}"
    sender, metadata = f"T1:{user}", {"team": "T1", "user": user, "tz": "America/Chicago"}

    def say(text: str) -> str:
        return "\n".join(reply.text for reply in take_turn(client, sender, text, metadata))

    assert "Step 1 of 9" in say("I want to start a partnership with the school district on truancy")
    assert "Step 2 of 9" in say("Chronic absence at Lincoln High is 18%, per district attendance data, and the district agreed")
    assert "Got it: you'll call the principal by" in say("I'll call the principal by Friday")
    assert "1. call the principal, due" in say("what have I committed to?")
    assert min(served().values()) > 0  # both action servers took part in one conversation

    servers[0].stop()
    assert "Step 3 of 9" in say("A formal partnership: we decide together under an MOU, "
                                "a long-term goal neither of us can reach alone")
    assert "Got it: you'll email the superintendent by" in say("I'll email the superintendent by Monday")
    with session_scope(settings.database_url) as session:
        person = session.scalar(select(Person).where(Person.external_id == user))
        partnership = session.scalar(select(Partnership).where(Partnership.owner_id == person.id))
        assert partnership.current_step == "stakeholders"
        assert [c.text for c in session.scalars(select(Commitment).where(Commitment.owner_id == person.id)
                                                .order_by(Commitment.id))] == ["call the principal", "email the superintendent"]


def healthy(url: str) -> bool:
    try:
        return requests.get(url, timeout=5).ok
    except requests.RequestException:
        return False


def test_a_retry_landing_on_the_other_slack_app_is_answered_once(stack, standin, tmp_path):
    apps = [start_slack_app(stack, standin, port) for port in (SLACK_FIRST, SLACK_SECOND)]
    balancer = start_haproxy(balancer_config(SLACK_BALANCER, (SLACK_FIRST, SLACK_SECOND), SLACK_STATS), tmp_path)
    try:
        url = f"http://127.0.0.1:{SLACK_BALANCER}/slack/events"
        wait_until(lambda: healthy(url.replace("/slack/events", "/health")), [], timeout=30)
        user = f"U{uuid.uuid4().hex[:8].upper()}"
        event = dm(user, "I'll call the sheriff by Friday")
        for attempt in range(2):  # round robin: the retry goes to the other process
            headers = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"} if attempt else {}
            assert post_event(url, event, event_id=f"EvLB{user}", headers=headers).status_code == 200
        replies_to(standin, f"D{user}")
        time.sleep(2)
        assert len(replies_to(standin, f"D{user}")) == 1
        assert [c.text for c in commitments_of(stack, user)] == ["call the sheriff"]
        assert min(served(SLACK_STATS).values()) > 0
    finally:
        balancer.terminate()
        balancer.wait(10)
        for app in apps:
            app.terminate()
            app.wait(10)
