"""Who a Slack user is (display name, time zone, admin or not), from users.info, cached
for CACHE_SECONDS; Slack's `user_change` event (a profile edit, a role change, a
deactivation) drops the cached entry at once. And the person behind them in our records
(session_for)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.orm import Session

from bot.store.db import session_scope
from bot.store.models import Person
from bot.store.people import Identity, person_for

CACHE_SECONDS = 300  # an admin demoted in Slack loses leader access within five minutes
_cache: dict[tuple[str, str], tuple[float, SlackPerson]] = {}


@dataclass(frozen=True)
class SlackPerson:
    team: str
    user: str
    name: str | None
    tz: str | None
    is_admin: bool | None = None  # None when Slack did not say

    @property
    def identity(self) -> Identity:
        return Identity(self.team, self.user, self.name, self.tz, self.is_admin)


async def lookup(client: AsyncWebClient, team: str, user: str) -> SlackPerson:
    cached = _cache.get((team, user))
    if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    try:
        info = (await client.users_info(user=user))["user"]
    except SlackApiError:  # unknown to Slack or no permission: carry on without the details
        return SlackPerson(team, user, None, None)
    profile = info.get("profile") or {}
    person = SlackPerson(team, user, profile.get("display_name") or info.get("real_name") or info.get("name"),
                         info.get("tz"), bool(info.get("is_admin") or info.get("is_owner")))
    _cache[(team, user)] = (time.monotonic(), person)
    return person


def forget(team: str, user: str) -> None:
    """Slack says this person changed: read them afresh next time."""
    _cache.pop((team, user), None)


async def dm_with(client: AsyncWebClient, user: str) -> str:
    """The id of the app's direct-message channel with `user` (opened if need be)."""
    return (await client.conversations_open(users=user))["channel"]["id"]


@contextmanager
def session_for(identity: Identity) -> Iterator[tuple[Session, Person]]:
    """A session, and the person behind `identity` in it (recorded on first contact):
    `with session_for(person.identity) as (session, me): ...`. Blocking: run it with
    bot/slack/thread_pools.py."""
    with session_scope() as session:
        yield session, person_for(session, identity)
