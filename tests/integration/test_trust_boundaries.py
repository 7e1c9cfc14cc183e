"""Issue #16's attacks on the real engine and action server, each refused: a caller
without the actions token, identity metadata that is unsigned or forged (another
user, an invented admin) at the action server and through the engine's REST channel,
and the engine's API without its token. A signed conversation still works."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from bot import identity
from bot.actions.context import UNCONFIRMED
from bot.store.db import session_scope
from bot.store.models import Person
from tests.support.stack import Conversation
from tests.support.trackers import DOMAIN

pytestmark = pytest.mark.integration
INVENTED = "UINVENTED1"


@pytest.fixture(scope="module")
def victim(stack) -> Conversation:
    """A real user with a commitment, and another with a partnership, made through signed
    conversations in the workspace the attacks name."""
    owner = Conversation(stack)
    assert "Step 1 of 9" in owner.say("I want to start a partnership with Mercy Hospital")
    someone = Conversation(stack)
    assert "Got it: you'll call the principal by " in someone.say("I'll call the principal by Friday")
    return someone


def action_call(action: str, text: str, intent: str, metadata: dict, sender: str) -> dict:
    """The body the engine POSTs to the action server's /webhook."""
    message = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": [], "metadata": metadata}
    tracker = {"sender_id": sender, "slots": {}, "latest_message": message, "paused": False,
               "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen",
               "events": [{"event": "action", "name": "action_listen"},
                          {"event": "user", "text": text, "parse_data": message, "metadata": metadata}]}
    return {"next_action": action, "sender_id": sender, "version": "3.6.2", "domain": DOMAIN, "tracker": tracker}


def call_actions(stack, body: dict, token: str | None) -> requests.Response:
    params = {"token": token} if token is not None else {}
    return requests.post(f"{stack.client.actions_url}/webhook", json=body, params=params, timeout=30)


def their_commitments(victim: Conversation) -> dict:
    return action_call("action_list_commitments", "what have I committed to?", "list_commitments",
                       {"team": "T-int", "user": victim.user, "user_name": "Attacker"}, victim.sender)


def every_partnership(user: str = INVENTED, **signed_or_not) -> dict:
    return action_call("action_partnership_status", "how are the partnerships doing?", "partnership_status",
                       {"team": "T-int", "user": user, "user_name": "Chief", "is_admin": True, **signed_or_not},
                       f"T-int:{user}")


def texts_of(response: requests.Response) -> str:
    return "\n".join(r.get("text") or "" for r in response.json().get("responses", []))


def people(stack, *where) -> int:
    with session_scope(stack.settings.database_url) as session:
        return session.scalar(select(func.count()).select_from(Person).where(*where))


def admins(stack) -> int:
    return people(stack, Person.slack_admin.is_(True))


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on `port` (Linux's /proc/net/tcp*)."""
    found = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: listening
                found.add(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0))
                          if table == "tcp" else f"ipv6 {address}")
    return found


def test_the_engine_and_action_server_listen_on_loopback_only(stack):
    for url in (stack.client.engine_url, stack.client.actions_url):
        assert listening_addresses(int(url.rsplit(":", 1)[1])) == {"127.0.0.1"}


def test_the_action_server_refuses_a_caller_without_its_token(stack, victim):
    for token in (None, "", "a-guess"):
        response = call_actions(stack, their_commitments(victim), token)
        assert response.status_code == 401 and "responses" not in response.json()
        assert "call the principal" not in response.text
    assert requests.get(f"{stack.client.actions_url}/actions", timeout=10).status_code == 401
    assert requests.get(f"{stack.client.actions_url}/health", timeout=10).ok  # tells nothing


def test_with_the_token_a_signed_identity_is_answered(stack, victim):
    """The control for the two refusals below: the same call, signed, gets the data."""
    signed = their_commitments(victim)
    metadata = identity.sign(signed["tracker"]["latest_message"]["metadata"], stack.settings.identity_secret)
    signed["tracker"]["latest_message"]["metadata"] = signed["tracker"]["events"][-1]["metadata"] = metadata
    assert "call the principal" in texts_of(call_actions(stack, signed, stack.settings.actions_token))


def test_metadata_naming_another_user_is_refused_and_nothing_is_stored(stack, victim):
    before = people(stack)
    response = call_actions(stack, their_commitments(victim), stack.settings.actions_token)
    assert response.ok and texts_of(response) == UNCONFIRMED and response.json()["events"] == []
    assert people(stack) == before


def test_a_forged_admin_flag_is_refused_and_no_admin_is_stored(stack, victim):
    before = admins(stack)
    for forged in ({}, {"issued_at": 2_000_000_000, "signature": "0" * 64}):
        response = call_actions(stack, every_partnership(**forged), stack.settings.actions_token)
        assert response.ok and texts_of(response) == UNCONFIRMED and "Mercy Hospital" not in response.text
    assert people(stack, Person.external_id == INVENTED) == 0 and admins(stack) == before


def rest_channel(stack, sender: str, text: str, metadata: dict) -> str:
    response = requests.post(f"{stack.client.engine_url}/webhooks/rest/webhook", timeout=120,
                             json={"sender": sender, "message": text, "metadata": metadata})
    response.raise_for_status()
    return "\n".join(r.get("text") or "" for r in response.json())


def test_the_engines_rest_channel_with_forged_metadata_gets_the_refusal_not_the_data(stack, victim):
    before, admins_before = people(stack), admins(stack)
    said = rest_channel(stack, victim.sender, "what have I committed to?", {"team": "T-int", "user": victim.user})
    assert UNCONFIRMED in said and "call the principal" not in said
    chief = f"UFORGED{uuid.uuid4().hex[:6]}"
    said = rest_channel(stack, f"T-int:{chief}", "how are the partnerships doing?",
                        {"team": "T-int", "user": chief, "is_admin": True})
    assert "Mercy Hospital" not in said
    assert people(stack) == before and admins(stack) == admins_before


def test_the_engines_api_wants_its_token(stack, victim):
    engine = stack.client.engine_url
    calls = [("get", "/status", None), ("get", f"/conversations/{victim.sender}/tracker", None),
             ("post", "/model/parse", {"text": "what have I committed to?"})]
    for method, path, body in calls:
        assert requests.request(method, engine + path, json=body, timeout=30).status_code == 401, path
        assert requests.request(method, engine + path, json=body, params={"token": "a-guess"},
                                timeout=30).status_code == 401, path
    assert stack.client.history(victim.sender)  # with the token


def test_a_signed_conversation_still_works(victim):
    assert "call the principal" in victim.say("what have I committed to?")
