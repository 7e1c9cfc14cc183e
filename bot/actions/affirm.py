""""yes" typed instead of tapping "Yes, save it" (bot/actions/guard.py): the save goes
ahead exactly as the tap would have made it. With nothing asked, "yes" says so.

The save is handed to the action the tap would have reached, found by its name as the
action server finds it (every action module is imported with the package), so this
module imports no other action module."""

from __future__ import annotations

import inspect
import json
import re

from rasa_sdk import Action, Tracker
from rasa_sdk.utils import all_subclasses

# The action each confirmable intent's rule runs (nlu/data/rules.yml).
SAVES_WITH = {"report_blocker": "action_report_progress", "report_progress": "action_report_progress",
              "make_commitment": "action_make_commitment", "complete_commitment": "action_complete_commitment"}
PAYLOAD = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?$", re.S)


class ActionAffirm(Action):
    def name(self) -> str:
        return "action_affirm"

    def run(self, dispatcher, tracker, domain):
        found = PAYLOAD.match(pending_yes(tracker.events) or "")
        if not found or found["intent"] not in SAVES_WITH:
            dispatcher.utter_message(response="utter_affirm_nothing_pending")
            return []
        entities = [{"entity": name, "value": value} for name, value in json.loads(found["entities"] or "{}").items()]
        tapped = {**tracker.latest_message, "text": found.group(),
                  "intent": {"name": found["intent"], "confidence": 1.0}, "entities": entities}
        as_tapped = Tracker(tracker.sender_id, tracker.slots, tapped, tracker.events, tracker.is_paused(),
                            tracker.followup_action, tracker.active_loop, tracker.latest_action_name)
        return action_named(SAVES_WITH[found["intent"]]).run(dispatcher, as_tapped, domain)


def action_named(name: str) -> Action:
    """The action called `name`, among the Action subclasses the action server registers."""
    return next(action() for action in all_subclasses(Action)
                if not inspect.isabstract(action) and action.__module__.startswith("bot.actions.")
                and action().name() == name)


def pending_yes(events: list[dict]) -> str | None:
    """The payload of the "Yes, save it" button in the coach's last message before this
    one, when that message asked."""
    seen_user = False
    for event in reversed(events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif event.get("event") == "bot" and seen_user:
            buttons = (event.get("data") or {}).get("buttons") or []
            return next((b["payload"] for b in buttons if b.get("title", "").startswith("Yes, save")), None)
    return None
