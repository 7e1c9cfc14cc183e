"""Before an action stores what someone said (COACHING.md, "How people really talk"):
a request to the coach ("remove the dispatch center") goes to the action that serves
it; a question is answered and nothing is stored; a message the model is unsure of is
confirmed with buttons first, and nothing is stored until the person says yes.

The "Yes" button sends the same intent with the words to save as its `confirmed` entity
(`latest_text` returns them), so a confirmation still works after a session boundary."""

from __future__ import annotations

import json

from rasa_sdk.events import FollowupAction

from bot import paste
from bot.actions.context import latest_text, step_in_progress
from bot.knowledge_answers import search_answer
from bot.questions import is_question, request_action

# Below this confidence a write is confirmed first: measured on the three NLU test sets, it
# stops all 3 wrong writes above the fallback for a Yes tap on 9% of writes (docs/nlu-pipelines.md).
CONFIRM_BELOW = 0.6
WHAT_IT_WOULD_SAVE = {
    "report_blocker": "a blocker", "report_progress": "a progress note",
    "make_commitment": "a new commitment", "complete_commitment": "a commitment done",
}


def confirmed(tracker) -> bool:
    return any(e.get("entity") == "confirmed" for e in tracker.latest_message.get("entities") or [])


def stop_before_storing(dispatcher, tracker) -> list | None:
    """None when the action may store what was said; otherwise the events to return
    instead (the reply is sent, or the request is handed to the action that serves it)."""
    if confirmed(tracker):
        return None
    text = latest_text(tracker)
    intent = tracker.latest_message.get("intent") or {}
    if paste.is_paste(text):
        offer_candidates(dispatcher, text)
        return []
    if route := request_action(text):
        return [FollowupAction(route)]  # "remove the dispatch center" read as a blocker is a removal
    if is_question(text):
        dispatcher.utter_message(text=f"{search_answer(text, step_in_progress(tracker))}\n"
                                      "(I took that as a question, so nothing was saved.)")
        return []
    if intent.get("confidence", 1.0) < CONFIRM_BELOW and intent.get("name") in WHAT_IT_WOULD_SAVE:
        shown = text if len(text) <= 120 else text[:117] + "..."
        dispatcher.utter_message(
            text=f"Should I save \"{shown}\" as {WHAT_IT_WOULD_SAVE[intent['name']]}? Nothing is saved until you say.",
            buttons=[{"title": "Yes, save it", "payload": f'/{intent["name"]}{json.dumps({"confirmed": text})}'},
                     {"title": "No", "payload": "/deny"}])
        return []
    return None


LABELS = {"make_commitment": "Commitment", "report_blocker": "Blocker", "report_progress": "Progress"}


def offer_candidates(dispatcher, text: str) -> None:
    """Each item found in a paste is a button that saves it; nothing is saved otherwise."""
    found = paste.candidates(text)
    if not found:
        dispatcher.utter_message(text="That's a long message and I couldn't find a dated action, an obstacle or a "
                                      "figure in it to save. Send the part you want kept as its own message.")
        return
    lines = [f"{n}. {LABELS[c.kind]}: {c.text}" for n, c in enumerate(found, start=1)]
    dispatcher.utter_message(
        text="That reads like a pasted message. I found these; pick what to save (nothing is saved yet):\n"
             + "\n".join(lines),
        buttons=[{"title": f"Save {n} as {LABELS[c.kind].lower()}",
                  "payload": f"/{c.kind}{json.dumps({'confirmed': c.text})}"} for n, c in enumerate(found, start=1)]
        + [{"title": "Save none", "payload": "/deny"}])

