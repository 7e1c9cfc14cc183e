"""Serve the partner health check pages alone (no Slack):

    python -m bot.web [--port 3000] [--host 0.0.0.0]
"""

from __future__ import annotations

import argparse
import logging
import sys

from aiohttp import web

from bot import config
from bot.web.server import ACCESS_LOG_FORMAT, AccessLogger, build


def main(argv: list[str] | None = None) -> int:
    settings = config.install(config.load())
    parser = argparse.ArgumentParser(prog="python -m bot.web", description=__doc__)
    parser.add_argument("--port", type=int, default=settings.slack_port)
    parser.add_argument("--host", default=settings.slack.host)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    web.run_app(build(), host=args.host, port=args.port, print=None, access_log_class=AccessLogger,
                access_log_format=ACCESS_LOG_FORMAT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
