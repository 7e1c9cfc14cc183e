"""What every action needs to know about the turn: who is talking, in which
workspace, which message, and which partnership they mean."""

from __future__ import annotations

import logging
import re
from abc import ABC, abstractmethod

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from bot import config
from bot import identity as signing
from bot.knowledge import knowledge
from bot.questions import leaving, request_action, switch_request
from bot.store import history, partnerships, people
from bot.store.db import DatabaseUnavailable, session_scope
from bot.store.models import Partnership, Person

logger = logging.getLogger(__name__)

NAMED_PARTNERSHIP = re.compile(
    r"\b(?:for|on|in|of|with|about)\s+(?:the\s+|our\s+|my\s+)?(?P<name>[\w\s'&.-]{2,60}?)\s+partnership\b",
    re.IGNORECASE,
)
TROUBLE = ("I'm having trouble reaching my records right now, so nothing was saved. "
           "Please try again in a minute.")
UNCONFIRMED = "I couldn't confirm who you are; please message me from Slack again."


class UnconfirmedIdentity(Exception):
    """The message's identity is unsigned, badly signed or stale (bot/identity.py)."""


def latest_metadata(tracker: Tracker) -> dict:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("metadata") or {}
    return {}


def identity(tracker: Tracker, metadata: dict | None = None) -> people.Identity:
    """Who is talking: from the latest message's metadata, or `metadata` (a new session's)."""
    meta = metadata or latest_metadata(tracker)
    if not signing.verify(meta, config.installed().identity_secret):
        raise UnconfirmedIdentity()
    return people.Identity(
        workspace=str(meta.get("team") or "local"),
        user=str(meta.get("user") or tracker.sender_id),
        display_name=meta.get("user_name"),
        timezone=meta.get("tz"),
        is_admin=meta.get("is_admin"),
    )


def message_id(tracker: Tracker) -> str | None:
    """A stable id of the latest user message: Slack's event id, or the client's id."""
    meta = latest_metadata(tracker)
    return meta.get("message_id")


def latest_text(tracker: Tracker) -> str:
    """What the user last typed. A button click ("/intent" payload) stands for the
    message it answered, so acting on it works exactly as if they had typed it."""
    text = (tracker.latest_message.get("text") or "").strip()
    if not text.startswith("/"):
        return text
    confirmed = next((e.get("value") for e in tracker.latest_message.get("entities") or []
                      if e.get("entity") == "confirmed"), None)
    if confirmed:
        return str(confirmed)  # "Yes, save it": the words the coach asked about
    for event in reversed(tracker.events):
        typed = (event.get("text") or "").strip() if event.get("event") == "user" else ""
        if typed and not typed.startswith("/"):
            return typed
    return ""


def just_heard_user(tracker: Tracker) -> bool:
    """True when a form runs on a message the user just sent in answer to its
    question, not on one another action already handled this turn (such as the
    message that opened the form)."""
    for event in reversed(tracker.events):
        name = event.get("name") or ""
        if event.get("event") == "action" and name != "action_extract_slots" and not name.endswith("_form"):
            return name == "action_listen"
    return False


def previous_coach_text(tracker) -> str:
    """What the coach said just before the latest message."""
    heard_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if heard_user:
                return ""
            heard_user = True
        elif event.get("event") == "bot" and heard_user:
            return event.get("text") or ""
    return ""


def step_in_progress(tracker) -> dict | None:
    """The coaching step whose question (or follow-up) was asked last, if any."""
    if (tracker.active_loop or {}).get("name") == "assessment_form":
        return None  # in a health check, "what does that mean?" is not about a formation step
    kind, _, step_id = str(tracker.get_slot("last_topic") or "").partition(":")
    return knowledge().step(step_id) if kind in ("step", "follow_up") else None


class RecordsAction(Action, ABC):
    """Base of every action that reads or writes the store.

    Subclasses implement `act(dispatcher, tracker, domain, session, person)` instead of
    `run`. The session commits when `act` returns. When the database cannot be reached
    the user is told to try again and nothing half-done is kept; when the message names
    a partnership they can't be given (unknown, ambiguous, someone else's), they are
    told why and what to do.
    """

    @abstractmethod
    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict,
            session: Session, person: Person) -> list[dict]:
        """Do the action's work with the records; return the events it caused."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        handling = history.CURRENT_MESSAGE.set(message_id(tracker))  # what it stores is marked with it
        try:
            speaker = identity(tracker)  # before the database: a refused caller reads nothing
            with session_scope() as session:
                person = people.person_for(session, speaker)
                return self.act(dispatcher, tracker, domain, session, person)
        except partnerships.PartnershipLookupError as error:
            dispatcher.utter_message(text=error.message)
            return []
        except UnconfirmedIdentity:
            dispatcher.utter_message(text=UNCONFIRMED)
            return []
        except (DatabaseUnavailable, OperationalError):
            logger.exception("database unavailable in %s", self.name())
            dispatcher.utter_message(text=TROUBLE)
            return []
        finally:
            history.CURRENT_MESSAGE.reset(handling)


def in_records(tracker: Tracker, dispatcher: CollectingDispatcher, slot: str, work) -> dict:
    """Run a form validator's `work(session, person)` in a session. When the database
    cannot be reached, tell the user and leave `slot` empty so the question comes again."""
    handling = history.CURRENT_MESSAGE.set(message_id(tracker))
    try:
        speaker = identity(tracker)
        with session_scope() as session:
            return work(session, people.person_for(session, speaker))
    except UnconfirmedIdentity:
        dispatcher.utter_message(text=UNCONFIRMED)
        return {slot: None}
    except (DatabaseUnavailable, OperationalError):
        logger.exception("database unavailable while validating %s", slot)
        dispatcher.utter_message(text=TROUBLE)
        return {slot: None}
    finally:
        history.CURRENT_MESSAGE.reset(handling)


def named_partnership(text: str) -> str | None:
    """'... for the truancy partnership' -> 'truancy'."""
    match = NAMED_PARTNERSHIP.search(text)
    return match.group("name").strip() if match else None


def current_partnership(session: Session, person: Person, tracker: Tracker) -> Partnership | None:
    """The partnership named in the message, else the one in this conversation,
    else the person's most recently active one."""
    name = named_partnership(latest_text(tracker))
    if name:
        return partnerships.find_partnership(session, person, name)  # may raise PartnershipLookupError
    chosen = partnerships.partnership_by_id(session, person, tracker.get_slot("partnership_id"))
    if chosen is not None:
        return chosen
    mine = partnerships.partnerships_of(session, person)
    return mine[0] if mine else None


def routed_elsewhere(tracker: Tracker, action_name: str) -> list[dict] | None:
    """A request the model read as a question ("go back to partnership or assignment" as
    one about partnerships): the events that hand it to the action that serves it."""
    text = latest_text(tracker)
    route = request_action(text) or ("action_next_step" if switch_request(text) else None)
    return [FollowupAction(route)] if route and route != action_name else None


# What "stop", "gotta run" or "hold on, got a call" does inside a form: the form ends,
# what was said so far stays stored, and the reply says how to pick it up again.
PAUSED = {
    "assessment_form": "Paused the health check; your ratings so far are kept. Say \"run a health check\" to pick it up.",
    "coaching_form": "Paused the coaching; your answers are kept. Say \"what's next?\" to pick it up.",
}


def paused_if_leaving(dispatcher, tracker: Tracker) -> list | None:
    """The events that pause the active form when the person says they are leaving; None otherwise."""
    loop = (tracker.active_loop or {}).get("name")
    if loop not in PAUSED or not leaving(latest_text(tracker)):
        return None
    dispatcher.utter_message(text=PAUSED[loop])
    return [ActiveLoop(None), SlotSet("requested_slot", None)]

