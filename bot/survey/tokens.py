"""Personal links to the health check page: a token tied to one respondent and one
round, signed with an HMAC-SHA256 and expiring when the round closes.

The key is COACH_SURVEY_SECRET when set, else derived from the identity secret (from the
environment, or made once in the data folder: bot/config.py), so every process that may
issue or check links (action server, Slack app, CLI) agrees on it without a new secret
to distribute. Changing either secret invalidates every link handed out."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timezone

from bot import config

DEFAULT_PUBLIC_URL = "http://localhost:{port}"


class LinkError(ValueError):
    """A link that can't be used: `reason` is "forged" (or damaged) or "expired"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LinkClaim:
    respondent_id: int
    round_id: int
    expires_at: datetime


def secret_key(settings: config.Settings | None = None) -> bytes:
    settings = settings or config.installed()
    if settings.survey_secret:
        return settings.survey_secret.encode()
    identity = settings.identity_secret
    return hmac.new(identity.encode(), b"partnership-coach survey links v1", hashlib.sha256).digest()


def _signature(body: str, key: bytes) -> str:
    digest = hmac.new(key, body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def make_token(respondent_id: int, round_id: int, expires_at: datetime, key: bytes | None = None) -> str:
    body = f"{respondent_id}.{round_id}.{int(expires_at.timestamp())}"
    return f"{body}.{_signature(body, key or secret_key())}"


def read_token(token: str, now: datetime, key: bytes | None = None) -> LinkClaim:
    """What a token vouches for; LinkError when it was not made with our key or has expired."""
    parts = token.split(".")
    if len(parts) != 4 or not all(part.isdigit() for part in parts[:3]) or len(token) > 200:
        raise LinkError("forged")
    body = ".".join(parts[:3])
    if not hmac.compare_digest(parts[3], _signature(body, key or secret_key())):
        raise LinkError("forged")
    expires_at = datetime.fromtimestamp(int(parts[2]), timezone.utc)
    if now >= expires_at:
        raise LinkError("expired")
    return LinkClaim(int(parts[0]), int(parts[1]), expires_at)


def public_url() -> str:
    """Where people outside Slack open the page: COACH_PUBLIC_URL (e.g. https://coach.example.org),
    else this machine's Slack app port."""
    settings = config.installed()
    return (settings.public_url or DEFAULT_PUBLIC_URL.format(port=settings.slack_port)).rstrip("/")


def link(token: str) -> str:
    return f"{public_url()}/checkup/{token}"
