"""take_turn: what the user sees when the message is bad or the engine is away."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from bot.engine_client import ACTIONS_DOWN, ENGINE_DOWN, NO_WORDS, EngineClient, take_turn


class FakeEngine(BaseHTTPRequestHandler):
    """Answers the REST webhook like Rasa does; records what it was sent."""

    replies: list = []
    received: list = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeEngine.received.append(body)
        payload = json.dumps(FakeEngine.replies).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def engine():
    server = HTTPServer(("127.0.0.1", 0), FakeEngine)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    FakeEngine.received.clear()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_replies_and_buttons_come_back(engine):
    FakeEngine.replies = [{"recipient_id": "u", "text": "Hello", "buttons": [{"title": "Go", "payload": "/go"}]}]
    [reply] = take_turn(EngineClient(engine), "u", "hi", {"team": "T1"})
    assert (reply.text, reply.buttons) == ("Hello", [{"title": "Go", "payload": "/go"}])
    sent = FakeEngine.received[0]
    assert sent["sender"] == "u" and sent["message"] == "hi" and sent["metadata"]["team"] == "T1"
    assert sent["metadata"]["message_id"]  # every message carries an id for idempotency


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_message_is_not_sent(engine, text):
    [reply] = take_turn(EngineClient(engine), "u", text)
    assert "didn't get any text" in reply.text
    assert FakeEngine.received == []


def test_a_huge_message_is_refused_with_the_limit(engine):
    [reply] = take_turn(EngineClient(engine), "u", "a" * 20_000)
    assert reply.text.startswith("That message is 20,000 characters long; I can read up to 4,000.")
    assert FakeEngine.received == []


def test_the_engine_down_is_told_to_the_user():
    [reply] = take_turn(EngineClient("http://127.0.0.1:9", timeout=2), "u", "hello")
    assert reply.text == ENGINE_DOWN


def test_silence_with_the_action_server_down_is_explained(engine):
    FakeEngine.replies = []
    [reply] = take_turn(EngineClient(engine, actions_url="http://127.0.0.1:9"), "u", "what have I committed to?")
    assert reply.text == ACTIONS_DOWN


@pytest.mark.parametrize("text", ["🚓🚓🚓", "👍", "?!", "…"])
def test_emoji_or_symbols_alone_get_asked_for_words(engine, text):
    [reply] = take_turn(EngineClient(engine), "u", text)
    assert reply.text == NO_WORDS
    assert FakeEngine.received == []


class DroppingServer(HTTPServer):
    """Closes its first `drops` connections unanswered, as an engine closing an idle
    keep-alive connection just as the client reuses it."""

    drops = 0

    def verify_request(self, request, client_address) -> bool:
        if self.drops:
            self.drops -= 1
            return False  # socketserver closes the connection without handling it
        return True


@pytest.mark.parametrize("drops,seen", [(1, "Hello"), (2, ENGINE_DOWN)])
def test_a_dropped_connection_is_tried_once_more(drops, seen):
    server = DroppingServer(("127.0.0.1", 0), FakeEngine)
    server.drops = drops
    threading.Thread(target=server.serve_forever, daemon=True).start()
    FakeEngine.received.clear()
    FakeEngine.replies = [{"recipient_id": "u", "text": "Hello"}]
    try:
        [reply] = take_turn(EngineClient(f"http://127.0.0.1:{server.server_port}"), "u", "hi")
    finally:
        server.shutdown()
    assert reply.text == seen
    assert len(FakeEngine.received) == (1 if seen == "Hello" else 0)  # never processed twice


def test_a_sorry_after_an_answer_in_the_same_turn_is_dropped_and_a_lone_one_kept(engine):
    from bot.engine_client import ENGINE_DEFAULT
    FakeEngine.replies = [{"recipient_id": "u", "text": "Briefing: ..."}, {"recipient_id": "u", "text": ENGINE_DEFAULT}]
    assert [r.text for r in take_turn(EngineClient(engine), "u", "summary")] == ["Briefing: ..."]
    FakeEngine.replies = [{"recipient_id": "u", "text": ENGINE_DEFAULT}]
    assert [r.text for r in take_turn(EngineClient(engine), "u", "blorp zing")] == [ENGINE_DEFAULT]


def test_an_engine_that_stops_mid_turn_is_reported_with_what_the_message_had_stored(database_url):
    """Killed after the action server stored the commitment, before it answered: the person
    is told it was kept, so they don't retype it."""
    from bot.actions.commitments import ActionMakeCommitment
    from tests.support.trackers import run, tracker
    run(ActionMakeCommitment(), tracker("I'll call the principal by Friday", "make_commitment", message_id="m-1"))
    server = DroppingServer(("127.0.0.1", 0), FakeEngine)
    server.drops = 2  # the engine's connection dies, and again on the retry
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        [reply] = take_turn(EngineClient(f"http://127.0.0.1:{server.server_port}"), "u",
                            "I'll call the principal by Friday", {"message_id": "m-1"})
        server.drops = 2
        [other] = take_turn(EngineClient(f"http://127.0.0.1:{server.server_port}"), "u", "hi", {"message_id": "m-2"})
    finally:
        server.shutdown()
    assert reply.text == ("The coaching engine stopped before it could answer your message. It had already added the "
                          "commitment \"call the principal\". There's no need to send it again; say \"what have I "
                          "committed to?\" or \"status\" to check.")
    assert other.text == ENGINE_DOWN  # nothing stored: "not processed" is true


def test_an_engine_that_times_out_says_the_message_may_still_be_saved(database_url):
    from bot.engine_client import ENGINE_SLOW

    class Slow(FakeEngine):
        def do_POST(self):
            import time
            time.sleep(2)
            super().do_POST()
    server = HTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        [reply] = take_turn(EngineClient(f"http://127.0.0.1:{server.server_port}", timeout=0.5), "u", "hi")
    finally:
        server.shutdown()
    assert reply.text == ENGINE_SLOW
