"""GET /health on the Slack app's HTTP server, for load balancers and monitoring:
200 when the engine, the action server and the database all answer, else 503 with
what is down."""

from __future__ import annotations

from aiohttp import web

from bot import config
from bot.engine_client import EngineClient
from bot.slack.thread_pools import run_blocking
from bot.store import db


def checks(settings: config.Settings) -> dict[str, bool]:
    client = EngineClient.for_settings(settings)
    try:
        db.ping(settings.database_url)
        database = True
    except Exception:  # noqa: BLE001 - any failure means "down" to a health check
        database = False
    return {"engine": client.engine_ready(), "actions": client.actions_ready(), "database": database}


def health_check(settings: config.Settings):
    """The GET /health handler for a process with these settings."""

    async def health(_request: web.Request) -> web.Response:
        status = await run_blocking(checks, settings)
        return web.json_response(status, status=200 if all(status.values()) else 503)

    return health
