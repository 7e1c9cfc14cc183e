"""The database going down after the Slack app first connected must not kill the
listener after Slack was acknowledged: the message is still handled and answered."""

from __future__ import annotations

import asyncio

import sqlalchemy

from bot.slack.conversation import first_delivery
from bot.store import db


def test_a_database_that_went_down_still_lets_the_message_through(database_url, monkeypatch):
    assert asyncio.run(first_delivery("Ev-before")) is True  # connected and migrated: the app is running
    broken = sqlalchemy.create_engine("postgresql+psycopg://postgres@127.0.0.1:1/test", pool_pre_ping=False)

    class Down:
        def __call__(self):
            return sqlalchemy.orm.Session(broken)

    monkeypatch.setattr(db, "_session_factory", lambda url: Down())
    assert asyncio.run(first_delivery("Ev-during-outage")) is True  # handled, and answered by the engine path
