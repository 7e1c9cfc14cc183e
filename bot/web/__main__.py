"""Serve the partner health check pages alone (no Slack):

    python -m bot.web [--port 3000] [--host 0.0.0.0]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from aiohttp import web

from bot.web.server import ACCESS_LOG_FORMAT, AccessLogger, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.web", description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("SLACK_PORT", "3000")))
    parser.add_argument("--host", default=os.environ.get("SLACK_HOST", "0.0.0.0"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    web.run_app(build(), host=args.host, port=args.port, print=None, access_log_class=AccessLogger,
                access_log_format=ACCESS_LOG_FORMAT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
