"""The real stack for integration tests: the Rasa engine and our action server,
started once per test session on their own ports, data folder and database."""

from __future__ import annotations

import dataclasses
import os

import pytest

from bot import config
from bot.engine_client import EngineClient
from bot.processes import start_actions, start_engine, start_stack, stop_all, wait_until
from bot.training import ensure_model
from tests.support.stack import Conversation


@dataclasses.dataclass
class Stack:
    settings: config.Settings
    client: EngineClient
    children: list

    def restart_actions(self) -> None:
        self.children[0].stop()
        self.children[0] = start_actions(self.settings)
        wait_until(self.client.actions_ready, [self.children[0]], timeout=60)

    def restart_engine(self) -> None:
        self.children[1].stop()
        self.children[1] = start_engine(self.settings, ensure_model())
        wait_until(self.client.engine_ready, [self.children[1]], timeout=240)


# Lets a second checkout run the shared-stack tests beside this one without a port clash.
PORT_OFFSET = int(os.environ.get("COACH_TEST_PORT_OFFSET", "0"))


def run_stack(data_dir, database_url: str, engine_port: int, actions_port: int):
    settings = dataclasses.replace(config.load(), data_dir=data_dir, database_url=database_url,
                                   engine_port=engine_port, actions_port=actions_port)
    client = EngineClient(f"http://127.0.0.1:{engine_port}", f"http://127.0.0.1:{actions_port}",
                          engine_token=settings.engine_token, identity_secret=settings.identity_secret)
    stack = Stack(settings, client, start_stack(settings, client))
    try:
        yield stack
    finally:
        stop_all(stack.children)


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """A running engine + action server on SQLite (the embedded default)."""
    data_dir = tmp_path_factory.mktemp("stack")
    yield from run_stack(data_dir, f"sqlite:///{data_dir / 'coach.db'}", 5105 + PORT_OFFSET, 5155 + PORT_OFFSET)


@pytest.fixture(scope="session")
def pg_stack(tmp_path_factory, postgres_schema):
    """A running engine + action server with store and tracker on PostgreSQL."""
    yield from run_stack(tmp_path_factory.mktemp("pg_stack"), postgres_schema, 5106 + PORT_OFFSET, 5156 + PORT_OFFSET)


@pytest.fixture
def conversation(stack) -> Conversation:
    return Conversation(stack)


@pytest.fixture
def pg_conversation(pg_stack) -> Conversation:
    return Conversation(pg_stack)


@pytest.fixture(scope="session")
def standin():
    """The Slack stand-in (tests/slack_standin.py), shared by the Slack tests."""
    from tests.support.slack_standin import SlackStandIn
    return SlackStandIn().start()


@pytest.fixture(scope="session")
def slack(stack, standin):
    """The Slack app (`python -m bot.slack`) on HTTP, talking to the stand-in and the stack."""
    from tests.support.slack_app import free_port, start_slack_app
    port = free_port()
    process = start_slack_app(stack, standin, port)
    yield f"http://127.0.0.1:{port}/slack/events"
    process.terminate()
    process.wait(10)
