"""When the model is unsure: answer from the knowledge base if it clearly knows,
otherwise "Did you mean ...?" with the likeliest intents as buttons. A second miss in
a row ends in a short help message instead of another guess."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction

from bot import paste
from bot.actions.context import latest_text, paused_if_leaving, previous_coach_text, step_in_progress
from bot.actions.guard import offer_candidates
from bot.knowledge import knowledge
from bot.knowledge_answers import known_answer, search_answer
from bot.questions import is_question, request_action, switch_request
from bot.reminders import reads_as_reminders

# What each intent means to the user, for "Did you mean ...?" buttons.
INTENT_LABELS = {
    "greet": "Say hello", "goodbye": "Say goodbye", "thank": "Say thanks", "affirm": "Yes", "deny": "No",
    "help": "What can you do?", "bot_challenge": "Am I talking to a bot?",
    "start_partnership": "Start a new partnership", "ask_next_step": "What should I do next?",
    "check_partnership": "Is this a partnership or an assignment?",
    "ask_success_factors": "What makes partnerships work", "ask_barriers": "What makes partnerships fail",
    "ask_factor": "Advice on one success factor or barrier", "ask_case_study": "A case study",
    "ask_model": "What this is based on", "make_commitment": "Record a commitment",
    "list_commitments": "Show my commitments", "complete_commitment": "Mark a commitment done",
    "report_progress": "Report progress on a goal", "report_blocker": "Report a blocker",
    "request_checklist": "The partnership checklist", "partnership_status": "Status of my partnerships",
    "assess_partnership": "A health check of a partnership", "manage_reminders": "Change my reminders",
    "tell_me_more": "Tell me more", "skip_step": "Skip this step", "change_answer": "Change an answer",
    "undo": "Undo or remove something I saved", "draft_agreement": "Draft the agreement (MOU)",
}
# When the model leans towards a knowledge question, a clear search hit is answered.
KNOWLEDGE_INTENTS = {"ask_factor", "ask_case_study", "ask_success_factors", "ask_barriers", "ask_model"}
SOMETHING_ELSE = {"title": "Something else", "payload": "/deny"}
STRONG_MATCH = 2.5
SHORT_HELP = ("I still didn't catch that. Try one of these: \"start a partnership with ...\", "
              "\"I'll ... by Friday\", \"what have I committed to?\", \"what should I do next?\", "
              "\"what makes a partnership work?\". Say \"help\" for more.")


def previous_user_intent(tracker: Tracker) -> str | None:
    """The intent of the user message before the latest one."""
    user_events = [e for e in tracker.events if e.get("event") == "user"]
    if len(user_events) < 2:
        return None
    return ((user_events[-2].get("parse_data") or {}).get("intent") or {}).get("name")


def likeliest_intents(tracker: Tracker, count: int = 3) -> list[str]:
    ranking = tracker.latest_message.get("intent_ranking") or []
    return [r["name"] for r in ranking if r["name"] in INTENT_LABELS][:count]


class ActionClarify(Action):
    def name(self) -> str:
        return "action_clarify"

    def run(self, dispatcher, tracker, domain):
        if (paused := paused_if_leaving(dispatcher, tracker)) is not None:
            return paused  # "hold on got a call, stop here" in the middle of a form
        if route := request_action(latest_text(tracker)) or ("action_next_step" if switch_request(latest_text(tracker))
                                                             else None):
            return [FollowupAction(route)]  # the words say what is wanted, though the model was unsure
        if reads_as_reminders(latest_text(tracker), previous_coach_text(tracker)):
            return [FollowupAction("action_manage_reminders")]  # "between 7am and 3pm", "turn them back on"
        if paste.is_paste(latest_text(tracker)):
            offer_candidates(dispatcher, latest_text(tracker))
            return []
        text = latest_text(tracker)
        if is_question(text) and (answer := known_answer(text, step_in_progress(tracker))):
            dispatcher.utter_message(text=answer)  # "any tips on getting the LT on board?"
            return []
        if previous_user_intent(tracker) == "nlu_fallback":
            dispatcher.utter_message(text=SHORT_HELP)
            return []
        likeliest = likeliest_intents(tracker)
        if likeliest and likeliest[0] in KNOWLEDGE_INTENTS:
            text = latest_text(tracker)
            results = knowledge().search(text, limit=1)
            if results and results[0][0] >= STRONG_MATCH:
                dispatcher.utter_message(text=search_answer(text))
                return []
        buttons = [{"title": INTENT_LABELS[name], "payload": f"/{name}"} for name in likeliest]
        dispatcher.utter_message(text="Sorry, I'm not sure what you meant. Did you mean:",
                                 buttons=buttons + [SOMETHING_ELSE])
        return []

