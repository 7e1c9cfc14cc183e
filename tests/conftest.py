"""Shared fixtures: a fresh database per test, on SQLite and on PostgreSQL."""

from __future__ import annotations

import dataclasses
import os
import shutil
import uuid

import pytest
import sqlalchemy

from bot import config
from bot.store import db
from bot.store.models import Base
from tests.support.postgres import POSTGRES_SERVER

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def pytest_collection_modifyitems(items):
    """Everything under tests/integration starts real processes: `make test-fast` leaves it out."""
    for item in items:
        if "integration" in item.path.parts:
            item.add_marker(pytest.mark.integration)


def postgres_available() -> str | None:
    """None when the PostgreSQL test server answers, else the reason it does not."""
    try:
        with sqlalchemy.create_engine(POSTGRES_SERVER).connect():
            return None
    except Exception as exc:  # noqa: BLE001 - any failure to connect means: skip, and say why
        return f"no PostgreSQL server at {POSTGRES_SERVER}: {type(exc).__name__}"


@pytest.fixture(autouse=True)
def installed_settings(monkeypatch) -> config.Settings:
    """The settings an entry point would install, from the environment as the test starts;
    put back as they were after it."""
    monkeypatch.setattr(config, "_installed", config.load())
    return config.installed()


def use_database(monkeypatch, url: str) -> None:
    """The process's database is `url` for this test: for code that opens sessions itself,
    and (DATABASE_URL) for the entry points and processes the test starts."""
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(config, "_installed", dataclasses.replace(config.installed(), database_url=url))


@pytest.fixture(scope="session")
def postgres_schema():
    """A private schema on the PostgreSQL test server, dropped at the end."""
    reason = postgres_available()
    if reason:
        pytest.skip(reason)
    schema = f"coach_test_{uuid.uuid4().hex[:8]}"
    server = sqlalchemy.create_engine(POSTGRES_SERVER)
    with server.begin() as connection:
        connection.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))
    yield f"{POSTGRES_SERVER}?options=-csearch_path%3D{schema}"
    with server.begin() as connection:
        connection.execute(sqlalchemy.text(f"DROP SCHEMA {schema} CASCADE"))
    server.dispose()


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory):
    """An empty SQLite database migrated once for the session: each test gets a copy,
    which costs a file copy instead of running every migration again."""
    path = tmp_path_factory.mktemp("template") / "coach.db"
    db.engine_for(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, monkeypatch, installed_settings):
    """The URL of an empty, migrated database; the test's process uses it (use_database)."""
    if request.param == "sqlite":
        shutil.copy(request.getfixturevalue("migrated_sqlite_file"), tmp_path / "coach.db")
        url = f"sqlite:///{tmp_path / 'coach.db'}"
    else:
        url = request.getfixturevalue("postgres_schema")
        engine = db.engine_for(url)
        with engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())
    use_database(monkeypatch, url)
    db.engine_for(url)
    return url


@pytest.fixture
def database_down(monkeypatch, installed_settings) -> None:
    """The process's database does not answer."""
    use_database(monkeypatch, "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")


@pytest.fixture
def session(database_url):
    with db.session_scope(database_url) as session:
        yield session
