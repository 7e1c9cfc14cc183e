"""A small in-memory rate limit: at most `limit` requests per `window` seconds per key.
Per process; with several app processes behind a load balancer each keeps its own."""

from __future__ import annotations

import time
from collections import deque


class RateLimit:
    def __init__(self, limit: int, window: float = 60.0, clock=time.monotonic, most_keys: int = 10_000):
        self.limit, self.window, self.clock, self.most_keys = limit, window, clock, most_keys
        self._seen: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        """Count a request for `key`; False when it is one too many for the window."""
        now = self.clock()
        if len(self._seen) > self.most_keys:
            self._forget_idle(now)
        seen = self._seen.setdefault(key, deque())
        while seen and now - seen[0] >= self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        return True

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, seen in self._seen.items() if not seen or now - seen[-1] >= self.window]:
            del self._seen[key]
