"""The database: one engine per URL, migrated to the latest schema on first use."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot import config

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached; the user should try again shortly."""


MIGRATION_LOCK_KEY = 7_424_610  # PostgreSQL advisory lock serialising migrations
_engines_lock = threading.Lock()


def migrate(engine: Engine, attempts: int = 3) -> None:
    """Bring the schema up to the latest Alembic revision.

    Several processes (action server, Slack app, scheduler) may start at once: on
    PostgreSQL they queue on an advisory lock; on SQLite the loser of a race finds the
    tables made and retries, and then has nothing left to do."""
    alembic_cfg = Config()
    alembic_cfg.set_main_option("script_location", str(MIGRATIONS))
    for attempt in range(1, attempts + 1):
        try:
            with engine.begin() as connection:
                if engine.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                alembic_cfg.attributes["connection"] = connection
                command.upgrade(alembic_cfg, "head")
            return
        except OperationalError:
            if attempt == attempts:
                raise
            time.sleep(0.5 * attempt)


def _enable_sqlite_foreign_keys(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def engine_for(url: str) -> Engine:
    """One engine per URL for the process, created (and migrated) once even when
    several threads ask at the same moment."""
    with _engines_lock:
        return _engine_for(url)


@cache
def _engine_for(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        _enable_sqlite_foreign_keys(engine)
    migrate(engine)
    return engine


@cache
def _session_factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(engine_for(url), expire_on_commit=False)


def ping(url: str | None = None) -> None:
    """Ask the database a trivial question; raises when it does not answer."""
    with session_scope(url) as session:
        session.execute(text("SELECT 1"))


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back on error; on the
    process's database (config.installed()) unless given another."""
    url = url or config.installed().database_url
    try:
        factory = _session_factory(url)
    except Exception as exc:  # the first connection (and migration) failed
        _session_factory.cache_clear()
        _engine_for.cache_clear()
        raise DatabaseUnavailable(str(exc)) from exc
    session = factory()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()
