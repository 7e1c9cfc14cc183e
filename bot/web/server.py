"""The web pages' own aiohttp server, for when no Slack HTTP server is running: Socket
Mode (the Slack app listens on SLACK_PORT for the pages alone) and
`python -m bot.web` (the pages without Slack, e.g. for the terminal chat)."""

from __future__ import annotations

from aiohttp import web

from bot.web import checkup

MAX_BODY = 16 * 1024  # a form with one answer is a few dozen bytes


def build(clock=None) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY)
    checkup.add_routes(app, clock)
    return app


async def start(app: web.Application, host: str, port: int) -> web.AppRunner:
    """Start serving `app` in the running event loop; the runner stops it."""
    runner = web.AppRunner(app, access_log_format='%a "%r" %s %b %Tfs')
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
