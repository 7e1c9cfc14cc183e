"""Client for the Rasa server's REST channel, used by the terminal chat and Slack.
It signs each message's identity (bot/identity.py) and presents the engine's API
token, when given them (EngineClient.for_settings does).

take_turn() is the one place that decides what a user sees when their message is
empty, too long, not in English, or the engine or action server cannot answer."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field

import requests

from bot import config, identity, language
from bot.store import history
from bot.store.db import session_scope

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 4000
ENGINE_DOWN = ("I'm having trouble reaching the coaching engine right now. Your message was not "
               "processed; please try again in a minute.")
ENGINE_STOPPED = "The coaching engine stopped before it could answer your message."
ENGINE_SLOW = ("The coaching engine is taking too long to answer. Your message may still be saved in a moment; "
               "check with \"what have I committed to?\" or \"status\" before sending it again.")
ACTIONS_DOWN = ("I'm having trouble right now: part of the assistant isn't answering. Your message "
                "is kept in the conversation history; please try again in a minute.")
# The engine's own reply (utter_default) when a custom action it needed could not run.
ENGINE_DEFAULT = "Sorry, I didn't get that. Could you say it another way? Say \"help\" to see what I can do."
EMPTY = "I didn't get any text. Type a message, or \"help\" to see what I can do."
NO_WORDS = "I can only read words, not emoji or symbols on their own. Type a few words, or \"help\"."


@dataclass
class Reply:
    text: str = ""
    buttons: list[dict] = field(default_factory=list)


class EngineUnavailable(RuntimeError):
    def __init__(self, message: str, timed_out: bool = False):
        super().__init__(message)
        self.timed_out = timed_out  # the engine got the message and may still be working on it


class EngineClient:
    def __init__(self, engine_url: str, actions_url: str | None = None, timeout: float = 30.0,
                 engine_token: str | None = None, identity_secret: str | None = None):
        self.engine_url = engine_url.rstrip("/")
        self.actions_url = actions_url.rstrip("/") if actions_url else None
        self.timeout = timeout
        self.http = requests.Session()
        self.api_params = {"token": engine_token} if engine_token else {}
        self.identity_secret = identity_secret

    @classmethod
    def for_settings(cls, settings: config.Settings, timeout: float = 30.0) -> EngineClient:
        return cls(settings.engine_url, settings.actions_url, timeout,
                   engine_token=settings.engine_token, identity_secret=settings.identity_secret)

    def send(self, sender: str, text: str, metadata: dict | None = None) -> list[Reply]:
        metadata = metadata or {}
        if self.identity_secret:
            metadata = identity.sign(metadata, self.identity_secret)
        try:
            response = self._post_message({"sender": sender, "message": text, "metadata": metadata})
            response.raise_for_status()
        except requests.RequestException as exc:
            raise EngineUnavailable(str(exc), timed_out=isinstance(exc, requests.ReadTimeout)) from exc
        return [Reply(text=m.get("text", ""), buttons=m.get("buttons", []))
                for m in response.json()]

    def _post_message(self, body: dict) -> requests.Response:
        """POST to the REST channel, once more if the connection was dropped: the engine
        closes idle keep-alive connections, and one closed just as we reuse it fails
        before the message reaches the engine. A timeout is never retried (the engine
        may still be working on it)."""
        url = f"{self.engine_url}/webhooks/rest/webhook"
        try:
            return self.http.post(url, json=body, timeout=self.timeout)
        except requests.ConnectionError as exc:
            if isinstance(exc, requests.ConnectTimeout):
                raise
            logger.warning("connection to the engine dropped (%s); sending once more", exc)
            return self.http.post(url, json=body, timeout=self.timeout)

    def engine_ready(self) -> bool:
        try:
            status = self.http.get(f"{self.engine_url}/status", params=self.api_params, timeout=2).json()
        except (requests.RequestException, ValueError):
            return False
        return bool(status.get("model_file"))

    def actions_ready(self) -> bool:
        if not self.actions_url:
            return True
        try:
            return self.http.get(f"{self.actions_url}/health", timeout=2).ok
        except requests.RequestException:
            return False

    def history(self, sender: str) -> list[dict]:
        response = self.http.get(f"{self.engine_url}/conversations/{sender}/tracker", params=self.api_params,
                                 timeout=self.timeout)
        response.raise_for_status()
        return response.json().get("events", [])


    def earlier_replies(self, sender: str, message_id: str) -> list[Reply] | None:
        """What the engine answered when it handled this message before, or None when it
        never finished handling it (Rasa keeps a turn only once it is complete)."""
        events = self.history(sender)
        for start, event in enumerate(events):
            if event.get("event") == "user" and (event.get("metadata") or {}).get("message_id") == message_id:
                replies = []
                for later in events[start + 1:]:
                    if later.get("event") == "user":
                        break
                    if later.get("event") == "bot":
                        replies.append(Reply(text=later.get("text") or "",
                                             buttons=(later.get("data") or {}).get("buttons") or []))
                return replies
        return None


def outcome_unknown(message_id: str, timed_out: bool) -> str:
    """What to say when the engine did not answer: what the message stored if anything (it
    may have got that far before the engine stopped), else that nothing was processed
    (connection refused) or that it may still be (a timeout)."""
    try:
        with session_scope() as session:
            kept = history.kept_by(session, message_id)
    except Exception:
        logger.exception("could not look up what message %s stored", message_id)
        kept = None
    if kept:
        return (f"{ENGINE_STOPPED} It had already {'; '.join(kept)}. There's no need to send it again; "
                "say \"what have I committed to?\" or \"status\" to check.")
    return ENGINE_SLOW if timed_out and kept is not None else ENGINE_DOWN


def take_turn(client: EngineClient, sender: str, text: str, metadata: dict | None = None,
              repeat: bool = False) -> list[Reply]:
    """Send one user message and return what the user should see. A `repeat` (the same
    message again, after a crash) is answered from what the engine said the first time
    when it got that far, so nothing is done twice."""
    text = (text or "").strip()
    if not text:
        return [Reply(text=EMPTY)]
    if not any(ch.isalnum() for ch in text):
        return [Reply(text=NO_WORDS)]
    if len(text) > MAX_MESSAGE_CHARS:
        return [Reply(text=f"That message is {len(text):,} characters long; I can read up to "
                           f"{MAX_MESSAGE_CHARS:,}. Please shorten it or split it into parts.")]
    if not text.startswith("/") and language.clearly_not_english(text):  # "/..." is a button's payload
        return [Reply(text=language.ENGLISH_ONLY)]
    metadata = {"message_id": str(uuid.uuid4()), **(metadata or {})}
    if repeat:
        try:
            if (earlier := client.earlier_replies(sender, metadata["message_id"])) is not None:
                return earlier
        except (EngineUnavailable, requests.RequestException):
            logger.warning("could not read %s's history; sending the message again", sender)
    try:
        replies = client.send(sender, text, metadata)
    except EngineUnavailable as failure:
        logger.exception("engine unavailable for %s", sender)
        return [Reply(text=outcome_unknown(metadata["message_id"], failure.timed_out))]
    if (not replies or all(r.text == ENGINE_DEFAULT for r in replies)) and not client.actions_ready():
        logger.error("action server unavailable; message from %s kept in the tracker", sender)
        return [Reply(text=ACTIONS_DOWN)]
    if len(replies) > 1 and replies[-1].text == ENGINE_DEFAULT:
        # Rasa's core fallback after a request mid-step that an action already answered
        # (no rule covers an action followed by another): the answer stands, the "Sorry" goes.
        replies = replies[:-1]
    return replies
