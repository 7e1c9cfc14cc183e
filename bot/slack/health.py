"""GET /health on the Slack app's HTTP server, for load balancers and monitoring:
200 when the engine, the action server and the database all answer, else 503 with
what is down."""

from __future__ import annotations

from aiohttp import web

from bot import config
from bot.engine import EngineClient
from bot.slack.blocking import run_blocking
from bot.store import db


def checks() -> dict[str, bool]:
    settings = config.load()
    client = EngineClient.for_settings(settings)
    try:
        db.ping()
        database = True
    except Exception:  # noqa: BLE001 - any failure means "down" to a health check
        database = False
    return {"engine": client.engine_ready(), "actions": client.actions_ready(), "database": database}


async def health(_request: web.Request) -> web.Response:
    status = await run_blocking(checks)
    return web.json_response(status, status=200 if all(status.values()) else 503)
