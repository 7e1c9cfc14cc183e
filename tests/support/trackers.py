"""Building trackers and dispatchers for action tests, as the engine would send them."""

from __future__ import annotations

import asyncio
import inspect
import uuid

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import config, identity
from bot.config import PROJECT_ROOT

DOMAIN = yaml.safe_load((PROJECT_ROOT / "nlu" / "domain.yml").read_text())  # forms and slots, as the engine sends
SLOTS = [*DOMAIN["slots"], "requested_slot"]


def signed(metadata: dict) -> dict:
    """`metadata` signed as the Slack app or the terminal chat signs it, with the secret
    the action server reads in this process (bot/identity.py)."""
    return identity.sign(metadata, config.load().identity_secret)


def tracker(text: str, intent: str, *, confidence: float = 0.95, entities: list | None = None,
            slots: dict | None = None, user: str = "U1", team: str = "T1", tz: str = "America/Chicago",
            message_id: str | None = None, active_loop: str | None = None,
            extracted: dict | None = None, admin: bool | None = None) -> Tracker:
    """A tracker whose latest user message is `text`; `extracted` are the slots the
    engine filled from it (what a form's validation action then validates)."""
    metadata = {"team": team, "user": user, "user_name": f"user {user}", "tz": tz,
                "message_id": message_id or str(uuid.uuid4())}
    if admin is not None:
        metadata["is_admin"] = admin
    metadata = signed(metadata)
    latest = {"text": text, "intent": {"name": intent, "confidence": confidence},
              "entities": entities or [], "metadata": metadata}
    events = [{"event": "action", "name": "action_listen"},
              {"event": "user", "text": text, "parse_data": latest, "metadata": metadata}]
    events += [{"event": "slot", "name": name, "value": value} for name, value in (extracted or {}).items()]
    slots = {**dict.fromkeys(SLOTS), **(slots or {}), **(extracted or {})}
    return Tracker(f"{team}:{user}", slots, latest, events, False, None,
                   {"name": active_loop} if active_loop else {}, "action_listen")


def run(action, tracker_: Tracker, domain: dict | None = None) -> tuple[list[str], list[dict], list[dict]]:
    """Run an action; return (texts, buttons, events)."""
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker_, domain or DOMAIN)
    if inspect.iscoroutine(events):
        events = asyncio.run(events)
    texts = [m.get("text") or "" for m in dispatcher.messages]
    buttons = [b for m in dispatcher.messages for b in m.get("buttons", [])]
    return texts, buttons, events


def slot_events(events: list[dict]) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def active_loops(events: list[dict]) -> list[str | None]:
    return [e["name"] for e in events if e.get("event") == "active_loop"]
