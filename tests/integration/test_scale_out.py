"""Two engine replicas sharing one conversation state: Rasa's SQL tracker store on
PostgreSQL and its Redis lock store. Messages of one user sent to both at once are
each processed whole, one after another, and none is lost."""

from __future__ import annotations

import dataclasses
import shutil
import socket
import subprocess
import threading
import uuid

import pytest
from sqlalchemy import select

from bot import config
from bot.engine_client import EngineClient, take_turn
from bot.processes import start_actions, start_engine, stop_all, wait_until
from bot.store.db import session_scope
from bot.store.models import Commitment, Person
from bot.training import ensure_model

pytestmark = pytest.mark.integration


def answers(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """The Redis on 127.0.0.1:6379, or one started for the test from Debian's redis-server."""
    if answers(6379):
        yield "redis://127.0.0.1:6379/3"
        return
    if not shutil.which("redis-server"):
        pytest.skip("no Redis on 127.0.0.1:6379 and no redis-server to start one")
    server = subprocess.Popen(["redis-server", "--port", "6391", "--save", "", "--appendonly", "no",
                               "--dir", str(tmp_path_factory.mktemp("redis"))], stdout=subprocess.DEVNULL)
    wait_until(lambda: answers(6391), [], timeout=20)
    yield "redis://127.0.0.1:6391/3"
    server.terminate()
    server.wait(10)


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, postgres_schema, redis_url):
    base = dataclasses.replace(config.load(), data_dir=tmp_path_factory.mktemp("replicas"),
                               database_url=postgres_schema, redis_url=redis_url, actions_port=5158)
    first, second = (dataclasses.replace(base, engine_port=port) for port in (5108, 5109))
    children = [start_actions(base)]
    try:
        wait_until(EngineClient.for_settings(first).actions_ready, children, timeout=60)
        model = ensure_model()
        children += [start_engine(first, model), start_engine(second, model)]
        clients = [EngineClient.for_settings(s, timeout=120) for s in (first, second)]
        for client in clients:
            wait_until(client.engine_ready, children, timeout=240)
        yield base, clients
    finally:
        stop_all(children)


def test_one_users_messages_to_two_replicas_are_processed_in_turn(replicas):
    settings, clients = replicas
    user = f"U{uuid.uuid4().hex[:8]}"
    sender, metadata = f"T1:{user}", {"team": "T1", "user": user, "tz": "America/Chicago"}
    messages = [f"I'll call officer {n} by Friday" for n in range(8)]
    replies: dict[str, list[str]] = {}

    def turn(client, text):
        replies[text] = [reply.text for reply in take_turn(client, sender, text, metadata)]
    threads = [threading.Thread(target=turn, args=(clients[n % 2], text)) for n, text in enumerate(messages)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(r and r[0].startswith("Got it: you'll call officer") for r in replies.values()), replies
    events = clients[0].history(sender)
    said = [e["text"] for e in events if e.get("event") == "user"]
    assert sorted(said) == sorted(messages)  # none lost
    # each message was handled whole before the next began: user, its actions, then listen
    turn_open = False
    for event in events:
        if event.get("event") == "user":
            assert not turn_open, "a message arrived while another was still being processed"
            turn_open = True
        elif event.get("event") == "action" and event.get("name") == "action_listen":
            turn_open = False
    with session_scope(settings.database_url) as session:
        stored = session.scalars(select(Commitment.text).join(Person, Commitment.owner_id == Person.id)
                                 .where(Person.external_id == user)).all()
        assert sorted(stored) == sorted(f"call officer {n}" for n in range(8))
