"""Run the Slack app: Socket Mode when SLACK_APP_TOKEN is set, else the HTTP Events API.
Either way the port also serves GET /health and the partner health check page
(/checkup/..., bot/web/checkup.py).

    python -m bot.slack [--port 3000] [--path /slack/events]
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import logging
import sys
import threading
from datetime import datetime, timezone

from bot import config
from bot.slack.app import build_app


def start_nudge_scheduler(settings: config.Settings) -> None:
    """Run a nudge pass every settings.nudge_every seconds in the background (none when 0).
    Several app processes may do this: the scheduler lock lets one pass run at a time."""
    if settings.nudge_every <= 0:
        return
    from bot.nudges.loop import run_forever
    from bot.nudges.scheduler import run_pass
    from bot.slack.nudge_sender import SlackNudgeSender

    sender = SlackNudgeSender(settings.slack.bot_token, settings.slack.api_url)
    threading.Thread(target=run_forever, name="nudge-scheduler", daemon=True, args=(
        lambda: run_pass(settings.database_url, sender, datetime.now(timezone.utc)), settings.nudge_every)).start()
    atexit.register(release_on_exit, settings.database_url)


def release_on_exit(database_url: str) -> None:
    from bot.store.db import engine_for
    from bot.store.scheduler_lock import release_leases

    try:
        release_leases(engine_for(database_url))
    except Exception:
        logging.getLogger(__name__).exception("could not release the scheduler lease")


async def run_socket_mode(app, conversations, settings: config.Settings, port: int) -> None:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    from bot.slack import checkup_dms
    from bot.slack.health import health_check
    from bot.web import server

    asyncio.ensure_future(conversations.sweep_forever())  # what a stopped process left unanswered
    asyncio.ensure_future(checkup_dms.deliver_forever(app.client))  # health check DMs invited from the CLI
    pages = server.build()  # Slack needs no port here; the health check page and /health do
    pages.router.add_get("/health", health_check(settings))
    try:
        await server.start(pages, settings.slack.host, port)
    except OSError as error:  # Slack itself needs no port in Socket Mode: carry on without the page
        logging.getLogger(__name__).warning("not serving the health check page and /health on port %s: %s",
                                            port, error)
    # The handler's aiohttp session must be made inside the running event loop.
    await AsyncSocketModeHandler(app, settings.slack.app_token).start_async()


def run_http(app, conversations, settings: config.Settings, port: int, path: str) -> None:
    """Bolt's own aiohttp server, plus GET /health."""
    from aiohttp import web

    from bot.slack import checkup_dms
    from bot.slack.health import health_check
    from bot.slack.verify import checked
    from bot.web import checkup
    from bot.web import server as pages

    async def start_sweep(_server) -> None:  # what a stopped process left unanswered
        asyncio.ensure_future(conversations.sweep_forever())
        asyncio.ensure_future(checkup_dms.deliver_forever(app.client))  # health check DMs invited from the CLI

    server = app.web_app(path=path, port=port)
    server.middlewares.append(checked(settings.slack.signing_secret, path))  # before bolt parses anything
    server.router.add_get("/health", health_check(settings))
    checkup.add_routes(server)  # the partner health check page (bot/web/checkup.py)
    server.on_startup.append(start_sweep)
    web.run_app(server, host=settings.slack.host, port=port, print=None,
                access_log_class=pages.AccessLogger, access_log_format=pages.ACCESS_LOG_FORMAT)


def main(argv: list[str] | None = None) -> int:
    settings = config.install(config.load())
    parser = argparse.ArgumentParser(prog="python -m bot.slack", description=__doc__)
    parser.add_argument("--port", type=int, default=settings.slack_port)
    parser.add_argument("--path", default=settings.slack.path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    missing = [] if settings.slack.bot_token else ["SLACK_BOT_TOKEN"]
    if not settings.slack.socket_mode and not settings.slack.signing_secret:
        missing.append("SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)")
    if missing:
        print(f"Missing environment: {', '.join(missing)}. See README, 'Slack'.", file=sys.stderr)
        return 2
    app, conversations = build_app(settings)
    start_nudge_scheduler(settings)
    if settings.slack.socket_mode:
        asyncio.run(run_socket_mode(app, conversations, settings, args.port))
    else:
        run_http(app, conversations, settings, args.port, args.path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
