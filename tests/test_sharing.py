"""Who may share a partnership (bot/sharing.py): its owner or a leader; the person added
then sees it as its owner does."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import sharing
from bot.store import partnerships, people
from bot.store.models import Person
from bot.store.people import Identity


@pytest.fixture
def mercy(session):
    owner = people.person_for(session, Identity("T1", "UOWN", "Sgt. Owen"))
    found = partnerships.create_partnership(session, owner, "Mercy Hospital", "problem")
    partnerships.share_partnership(session, found, people.person_for(session, Identity("T1", "UMEM")))
    return found


def person(session, user: str, **details):
    return people.person_for(session, Identity("T1", user, **details))


def test_the_owner_and_a_leader_may_share_a_member_and_the_sponsor_may_not(session, mercy):
    mercy.sponsor_id = person(session, "USPON").id
    assert sharing.may_share(person(session, "UOWN"), mercy)
    assert sharing.may_share(person(session, "UADM", is_admin=True), mercy)
    assert not sharing.may_share(person(session, "UMEM"), mercy)
    assert not sharing.may_share(person(session, "USPON"), mercy)


def test_sharing_adds_the_person_once(session, mercy):
    shared, added = sharing.share(session, person(session, "UOWN"), "mercy", Identity("T1", "UNEW"))
    assert shared is mercy and added
    assert sharing.share(session, person(session, "UADM", is_admin=True), "Mercy Hospital",
                         Identity("T1", "UNEW")) == (mercy, False)
    assert [p.name for p in partnerships.partnerships_of(session, person(session, "UNEW"))] == ["Mercy Hospital"]


def test_a_member_is_refused_with_who_may_and_nobody_is_recorded(session, mercy):
    with pytest.raises(sharing.NotAllowed) as refused:
        sharing.share(session, person(session, "UMEM"), "mercy", Identity("T1", "UNEW"))
    assert str(refused.value) == "Only Sgt. Owen, who owns the Mercy Hospital partnership, or a leader can share it."
    assert [p.external_id for p in mercy.members] == ["UMEM"]
    assert session.scalar(select(Person).where(Person.external_id == "UNEW")) is None


def test_someone_who_cannot_see_it_gets_the_lookup_error(session, mercy):
    with pytest.raises(partnerships.NotYourPartnership):
        sharing.share(session, person(session, "UOTHER"), "mercy", Identity("T1", "UNEW"))
