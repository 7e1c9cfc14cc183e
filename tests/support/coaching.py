"""Moving a coaching conversation along in action tests: start a partnership, answer the
current step, put a partnership at a given step, read back what was stored."""

from __future__ import annotations

from sqlalchemy import select

from bot.actions.coaching import ActionStartPartnership, ValidateCoachingForm
from bot.store.db import session_scope
from bot.store.models import Partnership
from tests.support.trackers import run, slot_events, tracker


def start(text="I want to start a partnership with the school district on truancy") -> dict:
    _, _, events = run(ActionStartPartnership(), tracker(text, "start_partnership"))
    return slot_events(events)


def answer(text: str, slots: dict) -> dict:
    _, _, events = run(ValidateCoachingForm(), tracker(
        text, "report_progress", confidence=0.4, slots={**slots, "requested_slot": "step_answer"},
        active_loop="coaching_form"))
    return slot_events(events)


def stored(database_url, model):
    with session_scope(database_url) as session:
        return [vars(row) for row in session.scalars(select(model).order_by(model.id))]


def at_step(step_id: str, database_url) -> dict:
    slots = start()
    with session_scope(database_url) as session:
        session.scalar(select(Partnership)).current_step = step_id
    return slots
