"""Only one nudge scheduler at a time, however many Slack app processes run:
a PostgreSQL advisory lock, or on SQLite a lease row that expires."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from sqlalchemy import Engine, delete, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.models import SchedulerLock

ADVISORY_KEY = 7_424_611  # any fixed number; names the nudge scheduler's locks
# Advisory locks are server-wide: the second key keeps the stores in other schemas of the
# same database (other deployments, concurrent test runs) from taking each other's lock.
SCOPE = "hashtext(current_schema() || ':' || :name)"
LEASE = timedelta(minutes=10)


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@contextmanager
def scheduler_lock(engine: Engine, name: str = "nudges") -> Iterator[bool]:
    """Yields True when this process holds the lock for the block, else False."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            held = connection.execute(text(f"SELECT pg_try_advisory_lock(:key, {SCOPE})"),
                                      {"key": ADVISORY_KEY, "name": name}).scalar()
            try:
                yield bool(held)
            finally:
                if held:
                    connection.execute(text(f"SELECT pg_advisory_unlock(:key, {SCOPE})"), {"key": ADVISORY_KEY, "name": name})
                connection.commit()
        return
    me = holder_name()
    held = _take_lease(engine, name, me)
    try:
        yield held
    finally:
        if held:
            with Session(engine) as session, session.begin():
                session.execute(delete(SchedulerLock).where(SchedulerLock.name == name, SchedulerLock.holder == me))


def _take_lease(engine: Engine, name: str, me: str) -> bool:
    now = datetime.now(timezone.utc)
    with Session(engine) as session, session.begin():
        taken = session.execute(
            update(SchedulerLock)
            .where(SchedulerLock.name == name, SchedulerLock.expires_at < now)
            .values(holder=me, expires_at=now + LEASE)
        ).rowcount
        if taken:
            return True
    try:
        with Session(engine) as session, session.begin():
            session.add(SchedulerLock(name=name, holder=me, expires_at=now + LEASE))
        return True
    except IntegrityError:  # someone else holds an unexpired lease
        return False


def release_leases(engine: Engine) -> None:
    """Give up any lease this process holds, so a restarted app doesn't make the next
    scheduler wait out the lease (SQLite; a PostgreSQL advisory lock ends with its connection)."""
    if engine.dialect.name != "postgresql":
        with Session(engine) as session, session.begin():
            session.execute(delete(SchedulerLock).where(SchedulerLock.holder == holder_name()))
