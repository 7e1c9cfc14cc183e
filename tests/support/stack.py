"""One user talking to a running engine and action server in integration tests."""

from __future__ import annotations

import uuid

from bot.engine_client import take_turn


class Conversation:
    """One user talking to a stack; say() returns the reply texts."""

    def __init__(self, stack):  # tests/integration/conftest.py Stack
        self.stack = stack
        self.user = f"U{uuid.uuid4().hex[:8]}"
        self.sender = f"T-int:{self.user}"
        self.metadata = {"team": "T-int", "user": self.user, "user_name": "Sgt. Test", "tz": "America/Chicago"}

    def say(self, text: str) -> str:
        return "\n".join(r.text for r in take_turn(self.stack.client, self.sender, text, self.metadata))
