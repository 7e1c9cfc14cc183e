"""The web pages' own aiohttp server, for when no Slack HTTP server is running: Socket
Mode (the Slack app listens on SLACK_PORT for the pages alone) and
`python -m bot.web` (the pages without Slack, e.g. for the terminal chat)."""

from __future__ import annotations

import re

from aiohttp import web, web_log

from bot.web import checkup

MAX_BODY = 16 * 1024  # a form with one answer is a few dozen bytes
ACCESS_LOG_FORMAT = '%a "%r" %s %b %Tfs'  # the last field: seconds to answer
LINK_IN_PATH = re.compile(r"/checkup/[^\s?]+")


class AccessLogger(web_log.AccessLogger):
    """aiohttp's access log without the health check links' tokens: each is one
    respondent's key to their answers, and logs are read by more people than they are."""

    def _format_line(self, request, response, time):
        return [(key, LINK_IN_PATH.sub("/checkup/[link]", value) if isinstance(value, str) else value)
                for key, value in super()._format_line(request, response, time)]


def build(clock=None) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY)
    checkup.add_routes(app, clock)
    return app


async def start(app: web.Application, host: str, port: int) -> web.AppRunner:
    """Start serving `app` in the running event loop; the runner stops it."""
    runner = web.AppRunner(app, access_log_class=AccessLogger, access_log_format=ACCESS_LOG_FORMAT)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
