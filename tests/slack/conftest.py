"""Listeners called directly: a real Slack client against the loopback stand-in, and
recorded `ack`, `respond` and conversations (tests/support/listeners.py)."""

from __future__ import annotations

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import people
from bot.store import partnerships
from bot.store.db import session_scope
from bot.store.people import Identity, person_for
from tests.support.listeners import Recorded, RecordedConversations
from tests.support.slack_standin import SlackStandIn


@pytest.fixture(scope="session")
def slack_server():
    return SlackStandIn().start()


@pytest.fixture
def standin(slack_server):
    """The stand-in, with the calls and settings of earlier tests forgotten, as is who
    Slack said people were."""
    slack_server.calls.clear()
    slack_server.uploads.clear()
    slack_server.admins.clear()
    slack_server.refusals.clear()
    people._cache.clear()
    return slack_server


@pytest.fixture
def client(standin):
    return AsyncWebClient(token="xoxb-test", base_url=standin.api_url)


@pytest.fixture
def ack():
    return Recorded()


@pytest.fixture
def respond():
    return Recorded()


@pytest.fixture
def conversations():
    return RecordedConversations()


@pytest.fixture
def context(conversations):
    """What bolt hands a listener as `context` (bot/slack/listeners/__init__.py)."""
    return {"conversations": conversations}


@pytest.fixture
def partnership(database_url):
    """Mercy Hospital, owned by UOWN in T1, sponsored by USPON, shared with UMEM."""
    with session_scope(database_url) as session:
        owner = person_for(session, Identity("T1", "UOWN", "Sgt. Owen"))
        found = partnerships.create_partnership(session, owner, "Mercy Hospital", "problem")
        partnerships.save_step_answer(session, found, "problem", "Repeat overdose calls to the Eastside ER.")
        found.sponsor_id = person_for(session, Identity("T1", "USPON", "Lt. Spencer")).id
        partnerships.share_partnership(session, found, person_for(session, Identity("T1", "UMEM")))
    return "Mercy Hospital"
