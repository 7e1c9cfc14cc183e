"""The action server: rasa_sdk's app for bot.actions, answering only callers that
present the shared actions token (the engine sends it as `?token=`, from the
endpoints file's `token`). GET /health stays open for health checks; it tells nothing.

    python -m bot.action_server [--port 5055] [--host 127.0.0.1]
"""

from __future__ import annotations

import argparse
import hmac
import logging
import sys
from functools import partial

from rasa_sdk.constants import DEFAULT_KEEP_ALIVE_TIMEOUT
from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic, response
from sanic.request import Request
from sanic.worker.loader import AppLoader

from bot import config

OPEN_PATHS = {"/health"}


class EngineOfOurVersion(ActionExecutor):
    """rasa_sdk's executor, for the Rasa 3.6 engine this project runs. Since rasa-sdk 3.11
    an action call without the domain is refused (HTTP 449) so that Rasa Pro resends it
    with the domain; Rasa 3.6 never resends, and sends the domain only to the form
    validators (endpoints.yml, enable_selective_domain), the only actions that read it.
    So a call without one gets the last domain seen, or none."""

    def update_and_return_domain(self, payload: dict, action_name: str) -> dict:
        if payload.get("domain"):
            self.domain = payload["domain"]
        return self.domain or {}


def build_app(settings: config.Settings) -> Sanic:
    """The server; installs `settings` as the process's, which the actions read (each
    worker process builds its own)."""
    config.install(settings)
    token = settings.actions_token
    executor = EngineOfOurVersion()
    executor.register_package("bot.actions")
    app = create_app(executor, cors_origins=None)  # no browser origin may call it
    # the engine keeps its connection open between calls (bot/engine_runtime.py)
    app.config.KEEP_ALIVE_TIMEOUT = DEFAULT_KEEP_ALIVE_TIMEOUT

    @app.middleware("request")
    async def require_token(request: Request):
        if request.path in OPEN_PATHS:
            return None
        if hmac.compare_digest(request.args.get("token") or "", token):
            return None
        return response.json({"error": "a valid token is required"}, status=401)

    return app


def main(argv: list[str] | None = None) -> int:
    from rasa_sdk import utils

    settings = config.load()
    parser = argparse.ArgumentParser(prog="python -m bot.action_server", description=__doc__)
    parser.add_argument("--port", type=int, default=settings.actions_port)
    parser.add_argument("--host", default=settings.bind_host)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    utils.update_sanic_log_level()
    logging.getLogger(__name__).info("action server on http://%s:%s", args.host, args.port)
    workers = utils.number_of_sanic_workers()
    if workers == 1:  # one process, as under rasa-sdk 3.6: signals, logs and memory are the server's own
        app = build_app(settings)
        app.prepare(host=args.host, port=args.port, single_process=True)
        Sanic.serve_single(primary=app)
        return 0
    # Several workers start through a loader that builds the app in each of them (as
    # rasa_sdk's own server does); an app built here would not be found there.
    loader = AppLoader(factory=partial(build_app, settings))
    app = loader.load()
    app.prepare(host=args.host, port=args.port, workers=workers)
    Sanic.serve(primary=app, app_loader=loader)
    return 0


if __name__ == "__main__":
    sys.exit(main())
