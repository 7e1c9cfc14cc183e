"""HTTP mode: a request to the events path is checked on its raw bytes before bolt parses
it. A missing, malformed or wrong signature or timestamp gets 401; a request replayed
with the same signature within Slack's five minutes gets 401 too (per process: a replay
sent to another app process is caught for messages by the inbox, not for the file
commands); a signed body that does not parse gets 400. None leaves a traceback."""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import parse_qs

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

logger = logging.getLogger(__name__)
MAX_AGE = 300  # seconds: Slack's own replay window


def readable(body: str, content_type: str) -> bool:
    """True when bolt can parse the body into what Slack sends: a JSON object, or a form
    whose `payload`, if any, is a JSON object."""
    try:
        if content_type.startswith("application/json"):
            return isinstance(json.loads(body), dict)
        payload = parse_qs(body).get("payload")
        return payload is None or isinstance(json.loads(payload[0]), dict)
    except ValueError:
        return False


def checked(secret: str, path: str):
    verifier = SignatureVerifier(secret)
    seen: dict[str, float] = {}  # signature -> when; kept MAX_AGE, so it stays small

    @web.middleware
    async def middleware(request: web.Request, handler):
        if request.method != "POST" or request.path != path:
            return await handler(request)
        raw = (await request.read()).decode("utf-8", errors="replace")
        stamp, signature = request.headers.get("X-Slack-Request-Timestamp", ""), request.headers.get("X-Slack-Signature", "")
        if not stamp.isdigit() or abs(time.time() - int(stamp)) > MAX_AGE \
                or not verifier.is_valid(raw, stamp, signature):
            logger.warning("refused a request with a missing, stale or wrong signature from %s", request.remote)
            return web.Response(status=401, text="invalid request")
        now = time.time()
        for old in [sig for sig, when in seen.items() if now - when > MAX_AGE]:
            del seen[old]
        if signature in seen:
            logger.warning("refused a replayed request from %s", request.remote)
            return web.Response(status=401, text="replayed request")
        seen[signature] = now
        if not readable(raw, request.content_type):
            logger.warning("refused a signed request whose body does not parse")
            return web.Response(status=400, text="unreadable body")
        return await handler(request)

    return middleware
