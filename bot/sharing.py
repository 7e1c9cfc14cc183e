"""Sharing a partnership: its owner, or a leader, adds someone to it, who then sees it
as its owner does (`/coach share PARTNERSHIP @someone`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.store import partnerships, people
from bot.store.models import Partnership, Person


class NotAllowed(Exception):
    """Only the partnership's owner or a leader may share it."""

    def __init__(self, partnership: Partnership):
        super().__init__(f"Only {partnership.owner.shown_name}, who owns the {partnership.name} partnership, "
                         "or a leader can share it.")


def may_share(person: Person, partnership: Partnership) -> bool:
    return partnership.owner_id == person.id or person.is_leader


def share(session: Session, sharer: Person, name: str, member: people.Identity) -> tuple[Partnership, bool]:
    """Add the person behind `member` to the partnership `sharer` calls `name`: the
    partnership, and False when they could see it already (its owner, or added before).
    Raises PartnershipLookupError when the sharer can't see it, NotAllowed when they may not share it."""
    partnership = partnerships.find_partnership(session, sharer, name)
    if not may_share(sharer, partnership):
        raise NotAllowed(partnership)
    return partnership, partnerships.share_partnership(session, partnership, people.person_for(session, member))
