"""The engine process: `rasa run` with Rasa 3.6's per-call waste removed first.

    .venv-engine/bin/python -m bot.engine_runtime run --enable-api ...   (same arguments as `rasa`)

It runs in the engine's virtualenv, so it imports nothing of ours but this file.

1. Rasa checks every action server response with `jsonschema.validate(result, schema)`,
which first re-checks the (constant) schema against JSON Schema's own meta-schema:
about 50 ms of CPU per custom action call, most of a turn's engine time (bench/profile.py
measured it; bench/report.md, "Where a coaching turn's time goes"). The schema is checked
once here and each response is still validated against it.

2. Rasa finds each event's class by walking the whole tree of Event subclasses, for
every event it reads: the session's events on each tracker load, and each action's.
Here a type name, once found, is remembered.

3. Rasa opens a new HTTP session, so a new TCP connection (and a new one for the action
server to accept), for every action call. Here each endpoint keeps one session per
event loop, whose idle connections close after 2 s: before the action server's 5 s
keep-alive ends, so a connection is never reused just as the server closes it.

4. Rasa's SQL tracker store finds where a conversation's current session starts with
max(timestamp) over the sender's session_started events, twice a turn (load and save),
and only sender_id is indexed: it read every event of the conversation, 10 ms after
2,000 turns on SQLite. An index on (sender_id, type_name, timestamp) answers it directly.

5. Rasa's Redis lock store updates a conversation's tickets without atomicity, so two
replicas could serve one conversation at once; the updates are serialised here."""

from __future__ import annotations

import logging
import sys

logger = logging.getLogger(__name__)


def validate_action_responses_with_one_checked_schema() -> None:
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions import action

    schema = action.RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    original = action.RemoteAction._validate_action_result

    def _validate_action_result(self, result):
        try:
            validator.validate(result)
        except ValidationError:
            return original(self, result)  # Rasa's own error message for an invalid response
        return True

    action.RemoteAction._validate_action_result = _validate_action_result


def look_up_event_types_once() -> None:
    from rasa.shared.core.events import Event

    original = Event.resolve_by_type
    known: dict = {}

    def resolve_by_type(type_name, default=None):
        found = known.get(type_name)
        if found is None:
            found = original(type_name, default)  # raises for an unknown name, as before
            if found is not None and found is not default:
                known[type_name] = found
        return found

    Event.resolve_by_type = staticmethod(resolve_by_type)


class _LeftOpen:
    """`async with` around a shared session, which leaves it open."""

    def __init__(self, session):
        self.session = session

    async def __aenter__(self):
        return self.session

    async def __aexit__(self, *exc_info) -> bool:
        return False


def keep_endpoint_sessions_open(idle_seconds: float = 2.0) -> None:
    import asyncio

    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

    sessions: dict = {}

    def session(self):
        key = (id(asyncio.get_running_loop()), self.url, tuple(sorted(self.headers.items())),
               tuple(sorted(self.basic_auth.items())))
        shared = sessions.get(key)
        if shared is None or shared.closed:
            auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
            shared = sessions[key] = aiohttp.ClientSession(
                headers=self.headers, auth=auth, timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(keepalive_timeout=idle_seconds))
        return _LeftOpen(shared)

    EndpointConfig.session = session


def index_session_starts() -> None:
    from rasa.core.tracker_store import SQLTrackerStore

    original_init = SQLTrackerStore.__init__

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        add_session_start_index(self.engine, self.SQLEvent.__table__.name)

    SQLTrackerStore.__init__ = __init__


def add_session_start_index(engine, table: str) -> None:
    import sqlalchemy

    try:
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(
                f"CREATE INDEX IF NOT EXISTS ix_{table}_session_starts ON {table} (sender_id, type_name, timestamp)"))
    except sqlalchemy.exc.DBAPIError:  # another replica creating it at the same moment; it will be there
        logger.warning("could not add the session start index to %s", table, exc_info=True)


def serialise_redis_ticket_updates() -> None:
    """Rasa 3.6's RedisLockStore issues and returns tickets by reading, changing and writing
    one Redis key: two engine replicas taking messages of one conversation at the same
    moment can both get the first ticket and process at once, and one turn's events are
    lost (tests/integration/test_scale_out.py saw it). Each update runs under a short
    Redis mutex. `cleanup` calls `finish_serving`, so only the two outer calls are guarded."""
    from rasa.core.lock_store import RedisLockStore

    def guarded(method):
        def run(self, conversation_id, *args, **kwargs):
            with self.red.lock(f"{self.key_prefix}{conversation_id}:update", timeout=10, blocking_timeout=10):
                return method(self, conversation_id, *args, **kwargs)
        return run

    for name in ("issue_ticket", "cleanup"):
        setattr(RedisLockStore, name, guarded(getattr(RedisLockStore, name)))


def apply_fixes() -> None:
    validate_action_responses_with_one_checked_schema()
    look_up_event_types_once()
    keep_endpoint_sessions_open()
    index_session_starts()
    serialise_redis_ticket_updates()


def main(argv: list[str]) -> int:
    apply_fixes()
    from rasa.__main__ import main as rasa_main
    sys.argv = ["rasa", *argv]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
