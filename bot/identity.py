"""Signed identity: the Slack app and the terminal chat sign who is talking; the action
server believes a message's team, user and admin flag only when the signature holds.

The engine's REST channel takes metadata from any caller, so the signature, not the
caller, is what vouches for it. A signature is an HMAC-SHA256, keyed by the identity
secret, over the identity fields and the moment of signing."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

FIELDS = ("team", "user", "user_name", "tz", "is_admin")
# Long enough for a slow turn (engine queue, replicas' clocks a little apart), short
# enough that metadata copied out of a log or a tracker soon stops vouching for anyone.
MAX_AGE_SECONDS = 300


def _digest(metadata: dict, issued_at: int, secret: str) -> str:
    signed = {**{name: metadata.get(name) for name in FIELDS}, "issued_at": issued_at}
    canonical = json.dumps(signed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()


def sign(metadata: dict, secret: str, now: float | None = None) -> dict:
    """`metadata` with `issued_at` and `signature` added."""
    issued_at = int(time.time() if now is None else now)
    return {**metadata, "issued_at": issued_at, "signature": _digest(metadata, issued_at, secret)}


def verify(metadata: dict | None, secret: str, now: float | None = None) -> bool:
    """True when `metadata` was signed with `secret` less than MAX_AGE_SECONDS ago."""
    metadata = metadata or {}
    issued_at, signature = metadata.get("issued_at"), metadata.get("signature")
    if not isinstance(issued_at, int) or isinstance(issued_at, bool) or not isinstance(signature, str):
        return False
    if abs((time.time() if now is None else now) - issued_at) > MAX_AGE_SECONDS:
        return False
    return hmac.compare_digest(signature, _digest(metadata, issued_at, secret))
