"""Reads and writes of the coach's records. Actions and the nudge scheduler use these;
nothing else builds queries. Every function is scoped to one workspace."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import names
from bot.store import history
from bot.store.models import (
    Commitment, Goal, Partnership, PartnershipMember, Person, StepAnswer, Workspace, utcnow,
)


@dataclass(frozen=True)
class Identity:
    """Who is talking, and in which workspace (Slack team, or "local")."""

    workspace: str
    user: str
    display_name: str | None = None
    timezone: str | None = None
    is_admin: bool | None = None  # a Slack workspace admin or owner; None when not known


class PartnershipLookupError(LookupError):
    """A partnership named by a user that can't be given to them; `name` is what they said."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


class UnknownPartnership(PartnershipLookupError):
    def __init__(self, name: str, known: list[str]):
        super().__init__(name)
        self.known = known  # the ones they may see


class AmbiguousPartnership(PartnershipLookupError):
    def __init__(self, name: str, candidates: list[str]):
        super().__init__(name)
        self.candidates = candidates


class NotYourPartnership(PartnershipLookupError):
    """It exists in their workspace, but they neither own it, are members, nor lead."""

    def __init__(self, name: str, owner: str):
        super().__init__(name)
        self.owner = owner


def _get_or_add(session: Session, query, new):
    """The row `query` finds, else `new` added. When another process or thread adds
    the same row at the same moment, its row is used instead."""
    found = session.scalar(query)
    if found is not None:
        return found
    session.add(new)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()  # callers look people up first in a session: nothing else is lost
        return session.scalar(query)
    return new


def person_for(session: Session, who: Identity) -> Person:
    """The person talking, created on first contact; call it first in a session.
    Every action call asks: for someone known whose details are unchanged, it is one
    query and nothing to write."""
    person = session.scalar(select(Person).join(Workspace, Person.workspace_id == Workspace.id)
                            .where(Workspace.external_id == who.workspace, Person.external_id == who.user))
    if person is None:
        workspace = _get_or_add(session, select(Workspace).where(Workspace.external_id == who.workspace),
                                Workspace(external_id=who.workspace))
        person = _get_or_add(
            session, select(Person).where(Person.workspace_id == workspace.id, Person.external_id == who.user),
            Person(workspace_id=workspace.id, external_id=who.user))
    _update_details(session, person, who)
    return person


def _update_details(session: Session, person: Person, who: Identity) -> None:
    """Take the name, time zone and admin flag Slack gave; a detail not given is kept."""
    given = {"display_name": who.display_name or None, "timezone": who.timezone or None, "slack_admin": who.is_admin}
    changed = {name: value for name, value in given.items() if value is not None and getattr(person, name) != value}
    for name, value in changed.items():
        setattr(person, name, value)
    if changed:
        session.flush()


def _works_on(person: Person):
    """Owns it or was added to it."""
    membership = select(PartnershipMember.partnership_id).where(PartnershipMember.person_id == person.id)
    return or_(Partnership.owner_id == person.id, Partnership.id.in_(membership))


def _latest_first(session: Session, person: Person, *conditions) -> list[Partnership]:
    return list(session.scalars(select(Partnership)
                                .where(Partnership.workspace_id == person.workspace_id, *conditions)
                                .order_by(Partnership.updated_at.desc())))


def partnerships_of(session: Session, person: Person) -> list[Partnership]:
    """The partnerships the person works on: ones they own or were added to, latest first."""
    return _latest_first(session, person, _works_on(person))


def visible_partnerships(session: Session, person: Person) -> list[Partnership]:
    """What the person may see: every partnership in the workspace for a leader, else the
    ones they own, were added to or sponsor."""
    if person.is_leader:
        return _latest_first(session, person)
    return _latest_first(session, person, or_(_works_on(person), Partnership.sponsor_id == person.id))


def can_see(person: Person, partnership: Partnership) -> bool:
    """The rule visible_partnerships applies, for one partnership already loaded."""
    if partnership.workspace_id != person.workspace_id:
        return False
    return (person.is_leader or person.id in (partnership.owner_id, partnership.sponsor_id)
            or person in partnership.members)


def partnership_by_id(session: Session, person: Person, partnership_id: int | None) -> Partnership | None:
    if partnership_id is None:
        return None
    found = session.get(Partnership, int(partnership_id))
    return found if found and can_see(person, found) else None


def matching_partnerships(candidates: list[Partnership], name: str) -> list[Partnership]:
    """The candidates `name` means, best first: an exact name alone; else every one whose
    name or partner contains it (or is contained in it); else the closest spelling."""
    wanted = " ".join(name.lower().split())
    if not wanted:
        return []
    exact = ([p for p in candidates if p.name.lower() == wanted]
             or [p for p in candidates if p.partner.lower() == wanted])
    if exact:
        return exact[:1]
    containing = [p for p in candidates
                  if any(wanted in key or key in wanted for key in (p.name.lower(), p.partner.lower()))]
    if containing:
        return containing
    keys = {key: p for p in candidates for key in (p.name.lower(), p.partner.lower())}
    return [keys[key] for key in difflib.get_close_matches(wanted, list(keys), n=1, cutoff=0.6)]


def find_partnership(session: Session, person: Person, name: str) -> Partnership:
    """The partnership in the person's workspace that `name` means (typos forgiven).

    Raises UnknownPartnership when nothing matches, AmbiguousPartnership when several
    of theirs do, and NotYourPartnership when it exists but is someone else's."""
    matches = matching_partnerships(_latest_first(session, person), name)
    visible = [p for p in matches if can_see(person, p)]
    if len(visible) > 1:
        raise AmbiguousPartnership(name, sorted(p.name for p in visible))
    if visible:
        return visible[0]
    if matches:
        raise NotYourPartnership(matches[0].name, matches[0].owner.shown_name)
    raise UnknownPartnership(name, sorted(p.name for p in visible_partnerships(session, person)))


def share_partnership(session: Session, partnership: Partnership, member: Person) -> bool:
    """Add `member` to the partnership; False when they own it or were added already."""
    if member.id == partnership.owner_id or member in partnership.members:
        return False
    partnership.members.append(member)
    session.flush()
    return True


def create_partnership(session: Session, owner: Person, partner: str, first_step: str) -> Partnership:
    """A new partnership; `partner` is cleaned (bot/names.py), NameTooLong when it can't be kept."""
    partner = names.clean(partner)
    name = partner
    taken = {p.name.lower() for p in session.scalars(
        select(Partnership).where(Partnership.workspace_id == owner.workspace_id)
    )}
    suffix = 2
    while name.lower() in taken:
        name = f"{partner} ({suffix})"
        suffix += 1
    partnership = Partnership(
        workspace_id=owner.workspace_id, owner_id=owner.id, name=name, partner=partner,
        current_step=first_step,
    )
    session.add(partnership)
    session.flush()
    return partnership


def save_step_answer(session: Session, partnership: Partnership, step_id: str, answer: str | None,
                     status: str = "answered") -> StepAnswer:
    existing = next((a for a in partnership.answers if a.step_id == step_id), None)
    if existing is None:
        existing = StepAnswer(step_id=step_id)
        partnership.answers.append(existing)
    existing.answer, existing.status = answer, status
    partnership.updated_at = utcnow()
    session.flush()
    return existing


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


ROLES = ("leader", "supervisor")
SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


class RoleError(ValueError):
    """A role change that can't be made; the message says why and what to do."""


def _workspace_named(session: Session, external_id: str | None) -> Workspace:
    """The workspace `external_id` names, or the only one there is."""
    workspaces = session.scalars(select(Workspace).order_by(Workspace.external_id)).all()
    if external_id is not None:
        found = [w for w in workspaces if w.external_id == external_id]
        if not found:
            raise RoleError(f"No workspace '{external_id}'. Known: {', '.join(w.external_id for w in workspaces) or 'none'}.")
        return found[0]
    if len(workspaces) != 1:
        raise RoleError("Say which workspace with --workspace: "
                        f"{', '.join(w.external_id for w in workspaces) or 'none has talked to the coach yet'}.")
    return workspaces[0]


def set_role(session: Session, workspace: str | None, user: str, role: str) -> Person:
    """Give `user` (a Slack user id, or a display name already known) `role` in the workspace."""
    if role not in ROLES:
        raise RoleError(f"Unknown role '{role}'. Roles: {', '.join(ROLES)}.")
    ws = _workspace_named(session, workspace)
    people = session.scalars(select(Person).where(Person.workspace_id == ws.id)).all()
    found = ([p for p in people if p.external_id == user]
             or [p for p in people if (p.display_name or "").lower() == user.lower()])
    if len(found) > 1:
        raise RoleError(f"Several people are called '{user}': use their Slack user id "
                        f"({', '.join(p.external_id for p in found)}).")
    if not found and not SLACK_USER_ID.match(user):
        raise RoleError(f"No one called '{user}' has talked to the coach in {ws.external_id}. "
                        "Use their Slack user id (U...), from their Slack profile.")
    person = found[0] if found else person_for(session, Identity(ws.external_id, user))
    person.role = role
    session.flush()
    return person


def leaders(session: Session, workspace: str | None = None) -> list[Person]:
    query = (select(Person).join(Workspace)
             .where(or_(Person.role == "leader", Person.slack_admin.is_(True)))
             .order_by(Workspace.external_id, Person.external_id))
    if workspace:
        query = query.where(Workspace.external_id == workspace)
    return list(session.scalars(query))
