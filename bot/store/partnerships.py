"""Partnerships and who may see them: the ones a person works on (owns or was added
to), the ones they may see (a leader every one in the workspace, a sponsor theirs), and
the one a name they typed means."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot import names
from bot.store.models import Partnership, PartnershipMember, Person, StepAnswer, Workspace, utcnow
from bot.words import matching_partnerships


class PartnershipLookupError(LookupError):
    """A partnership named by a user that can't be given to them; `name` is what they
    said, `message` what to tell them: why, and what to do instead."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


class UnknownPartnership(PartnershipLookupError):
    def __init__(self, name: str, known: list[str]):
        unknown = f"I don't know a partnership called \"{name}\""
        super().__init__(name, f"{unknown}. Yours are: {', '.join(known)}. Which one did you mean?" if known
                         else f"{unknown}, and you have none yet. Say \"start a partnership with ...\" to begin one.")
        self.known = known  # the ones they may see


class AmbiguousPartnership(PartnershipLookupError):
    def __init__(self, name: str, candidates: list[str]):
        super().__init__(name, f"\"{name}\" could be several partnerships: {', '.join(candidates)}. "
                               "Which one? Say it again with the full name.")
        self.candidates = candidates


class NotYourPartnership(PartnershipLookupError):
    """It exists in their workspace, but they neither own it, are members, nor lead."""

    def __init__(self, name: str, owner: str):
        super().__init__(name, f"The {name} partnership is {owner}'s, so I can't show it to you. "
                               f"Ask {owner} to add you (`/coach share {name} @you`), or ask a leader.")
        self.owner = owner


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


def every_partnership(session: Session, workspace: str | None = None) -> list[Partnership]:
    """Every partnership, or every one in the workspace `workspace` (its Slack team id),
    oldest first: for the command line and the export, which act for no one person."""
    query = select(Partnership).join(Workspace).order_by(Partnership.id)
    if workspace:
        query = query.where(Workspace.external_id == workspace)
    return list(session.scalars(query))


def partnerships_by_name(session: Session, workspace: Workspace) -> list[Partnership]:
    """Every partnership in the workspace, by name."""
    return list(session.scalars(select(Partnership).where(Partnership.workspace_id == workspace.id)
                                .order_by(Partnership.name)))


def sponsored():
    """SQL: the partnership has a sponsor."""
    return Partnership.sponsor_id.is_not(None)


def sponsors_in(session: Session, workspace: Workspace) -> set[int]:
    """The ids of the people sponsoring a partnership in the workspace."""
    return set(session.scalars(select(Partnership.sponsor_id).where(
        Partnership.workspace_id == workspace.id, sponsored())))


def sponsored_names(session: Session, workspace: Workspace) -> dict[int, set[str]]:
    """By sponsor id, the names of the partnerships they sponsor in the workspace."""
    rows = session.execute(select(Partnership.name, Partnership.sponsor_id).where(
        Partnership.workspace_id == workspace.id, sponsored())).all()
    names_by_sponsor: dict[int, set[str]] = defaultdict(set)
    for name, sponsor_id in rows:
        names_by_sponsor[sponsor_id].add(name)
    return names_by_sponsor


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


def name_taken(session: Session, partnership: Partnership, name: str) -> bool:
    """Whether another partnership in its workspace is called `name`, in any case."""
    return session.scalar(select(Partnership.id).where(Partnership.workspace_id == partnership.workspace_id,
                                                       func.lower(Partnership.name) == name.lower(),
                                                       Partnership.id != partnership.id)) is not None


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
