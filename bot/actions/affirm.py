""""yes" typed instead of tapping "Yes, save it" (bot/actions/guard.py): the save goes
ahead exactly as the tap would have made it. With nothing asked, "yes" says so."""

from __future__ import annotations

import json
import re

from rasa_sdk import Action, Tracker

from bot.actions.commitments import ActionCompleteCommitment, ActionMakeCommitment
from bot.actions.progress import ActionReportProgress

# The action each confirmable intent's rule runs (nlu/data/rules.yml).
SAVES_WITH = {"report_blocker": ActionReportProgress, "report_progress": ActionReportProgress,
              "make_commitment": ActionMakeCommitment, "complete_commitment": ActionCompleteCommitment}
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
        return SAVES_WITH[found["intent"]]().run(dispatcher, as_tapped, domain)


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
