"""Commitments: what people said they will do, by when; stored once however often the
message arrives, listed, matched to what someone says they did, and completed."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store import history
from bot.store.models import Commitment, Goal, Partnership, Person, utcnow


def add_commitment(session: Session, owner: Person, text: str, due: date | None,
                   partnership: Partnership | None = None, message_id: str | None = None,
                   goal: Goal | None = None) -> Commitment:
    """Store a commitment once: a retried message returns the one already stored."""
    if message_id:
        stored = session.scalar(select(Commitment).where(Commitment.source_message_id == message_id))
        if stored is not None:
            return stored
    commitment = Commitment(
        workspace_id=owner.workspace_id, owner_id=owner.id, text=text, due_date=due,
        partnership_id=partnership.id if partnership else None, source_message_id=message_id,
        goal_id=goal.id if goal else None,
    )
    session.add(commitment)
    try:
        session.flush()
    except IntegrityError:  # the same message stored concurrently
        session.rollback()
        return session.scalar(select(Commitment).where(Commitment.source_message_id == message_id))
    history.added(session, owner, partnership, "commitment", commitment, text)
    return commitment


RETYPE_WINDOW = timedelta(minutes=30)


def retyped_commitment(session: Session, owner: Person, text: str, due: date | None,
                       message_id: str | None = None) -> Commitment | None:
    """The open commitment this person stored in the last half hour with the same words
    and date: a message retyped after "not processed" (or by habit) is not a second one."""
    words = " ".join(text.lower().split())
    recent = session.scalars(select(Commitment).where(
        Commitment.owner_id == owner.id, Commitment.status == "open", Commitment.due_date == due,
        Commitment.created_at >= utcnow() - RETYPE_WINDOW))
    return next((c for c in recent if " ".join(c.text.lower().split()) == words
                 and (message_id is None or c.source_message_id != message_id)), None)


def open_commitments(session: Session, owner: Person) -> list[Commitment]:
    return list(
        session.scalars(
            select(Commitment)
            .where(Commitment.owner_id == owner.id, Commitment.status == "open")
            .order_by(Commitment.due_date.is_(None), Commitment.due_date, Commitment.id)
        )
    )


def open_commitments_on(session: Session, partnership: Partnership) -> list[Commitment]:
    """The partnership's open commitments, whoever owns them; the done ones are never read."""
    return list(session.scalars(
        select(Commitment)
        .where(Commitment.partnership_id == partnership.id, Commitment.status == "open")
        .order_by(Commitment.due_date.is_(None), Commitment.due_date, Commitment.id)
    ))


def match_commitment(commitments: list[Commitment], said: str) -> Commitment | None:
    """The open commitment `said` is about: "I met with the principal" -> "meet the principal",
    "ok emailed okafor" -> "email dr okafor", "sent it to legal" -> "send the MOU to legal".

    The words besides the commitment's verb decide; the verb alone does when nothing
    else was said ("emailed him"). None when nothing matches or two match equally."""
    said_words = _content_words(said)
    said_verb = _first_content_word(said)
    scored = []
    for commitment in commitments:
        words = _content_words(commitment.text)
        verb = _stem(commitment.text.split()[0]) if commitment.text.split() else ""
        said_objects, objects = said_words - {verb}, words - {verb}
        shared = len(said_objects & objects)
        if said_objects and shared:
            score = shared / max(len(objects), 1) + shared / len(said_objects) + 0.5 * (verb in said_words)
            if said_verb and said_verb != verb and said_verb not in words:
                score -= 0.5  # "emailed okafor" is not "hold the review with Principal Okafor"
        elif not said_objects and verb in said_words:
            score = 0.5
        else:
            continue
        scored.append((score, commitment))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    if not scored or scored[0][0] < 0.5 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


STOP_WORDS = {"i", "the", "a", "an", "to", "with", "of", "my", "and", "for", "on", "is", "it", "in", "at", "up",
              "have", "has", "had", "just", "done", "did", "finished", "completed", "mark", "as", "complete",
              "that", "this", "me", "we", "ok", "okay", "so", "already", "finally", "yeah", "him", "her", "them",
              "his", "their", "our", "dr", "mr", "mrs", "ms", "about", "off", "out", "back", "over", "today",
              "yesterday", "morning", "afternoon", "tonight", "one", "task", "commitment", "was", "got", "went"}
# Past tenses that suffix stripping can't undo.
IRREGULAR = {"met": "meet", "sent": "send", "spoke": "speak", "wrote": "write", "told": "tell", "gave": "give",
             "took": "take", "made": "make", "brought": "bring", "saw": "see", "ran": "run", "spent": "spend",
             "found": "find", "paid": "pay", "held": "hold", "led": "lead", "built": "build", "left": "leave"}


def _stem(word: str) -> str:
    """A crude stem so "emailed"/"email", "briefing"/"brief", "sent"/"send" compare equal."""
    word = word.strip(".,!?;:'\"()").lower().removesuffix("'s")
    word = IRREGULAR.get(word, word)
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:4]


def _first_content_word(text: str) -> str | None:
    """The verb of "ok emailed okafor" (the first word that is not filler), stemmed."""
    words = (w.strip(".,!?;:'\"()").lower() for w in text.replace("/", " ").split())
    return next((_stem(w) for w in words if w and w not in STOP_WORDS), None)


def _content_words(text: str) -> set[str]:
    words = (w.strip(".,!?;:'\"()").lower() for w in text.replace("/", " ").split())
    return {_stem(w) for w in words if w and w not in STOP_WORDS}


def complete(session: Session, commitment: Commitment) -> Commitment:
    commitment.status = "done"
    commitment.completed_at = utcnow()
    session.flush()
    return commitment
