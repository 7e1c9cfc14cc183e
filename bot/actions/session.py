"""A new conversation session after an hour of silence (nlu/domain.yml), so a turn costs
the same on day 300 as on day 1. The store, not the tracker, is the memory of record:
the session starts with the person's context restored from the database, so a step, a
follow-up or a health check left days ago is picked up as if it were today."""

from __future__ import annotations

from rasa_sdk import Action
from rasa_sdk.events import ActionExecuted, ActiveLoop, SessionStarted, SlotSet
from sqlalchemy.exc import OperationalError

from bot.actions.context import UnconfirmedIdentity, identity
from bot.store import partnerships, people
from bot.store.assessments import latest_unfinished_assessment
from bot.store.db import DatabaseUnavailable, session_scope


def resumed_context(session, person) -> list[dict]:
    """The events that put the person back where they left off, newest activity first."""
    mine = [p for p in partnerships.partnerships_of(session, person) if p.kind == "partnership"]
    coaching = next((p for p in mine if p.current_step), None)
    check = latest_unfinished_assessment(session, person)
    if check is not None and (coaching is None or check.started_at >= coaching.updated_at):
        return [SlotSet("assessment_id", str(check.id)), SlotSet("rating", None),
                ActiveLoop("assessment_form"), SlotSet("requested_slot", "rating")]
    if coaching is not None:
        return [SlotSet("partnership_id", str(coaching.id)), SlotSet("partner_name", coaching.partner),
                SlotSet("step_answer", None), ActiveLoop("coaching_form"), SlotSet("requested_slot", "step_answer")]
    if mine:
        return [SlotSet("partnership_id", str(mine[0].id)), SlotSet("partner_name", mine[0].partner)]
    return []


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    def run(self, dispatcher, tracker, domain):
        events = [SessionStarted()]
        if not (tracker.get_slot("session_started_metadata") or {}).get("user"):
            return events + [ActionExecuted("action_listen")]  # nobody known to restore for
        try:
            with session_scope() as session:
                person = people.person_for(session, identity(tracker, tracker.get_slot("session_started_metadata")))
                events += resumed_context(session, person)
        except (DatabaseUnavailable, OperationalError, UnconfirmedIdentity):
            pass  # a fresh session without context; the next action reports the outage or the refusal
        return events + [ActionExecuted("action_listen")]
