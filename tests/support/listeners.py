"""Calling Slack listeners directly, as bolt would: stand-ins for `ack` and `respond`
that record what they were given, and for the Conversations that answers the inbox."""

from __future__ import annotations


class Recorded:
    """An `ack` or `respond`: each call's arguments, `text` included when given."""

    def __init__(self):
        self.calls: list[dict] = []

    async def __call__(self, text: str | None = None, **kwargs) -> None:
        self.calls.append({"text": text, **kwargs} if text is not None else kwargs)

    @property
    def texts(self) -> list[str | None]:
        return [call.get("text") for call in self.calls]


class RecordedConversations:
    """What the listeners hand the conversation: messages received, conversations answered."""

    def __init__(self):
        self.received: list[tuple] = []  # (place, event id, text)
        self.answered: list[str] = []

    async def receive(self, place, event_id: str, text: str) -> None:
        self.received.append((place, event_id, text))

    async def answer_waiting(self, conversation: str) -> None:
        self.answered.append(conversation)


def dm_texts(standin, user: str) -> list[str]:
    """What the app posted in its DM with `user` (the stand-in's DM ids are D + the user id)."""
    return [c.args["text"] for c in standin.of("chat.postMessage") if c.args.get("channel") == f"D{user}"]
