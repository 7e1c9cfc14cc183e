"""What the scheduler tests share: a sender that records and fails on cue, and Slack's
message limits checked."""

from __future__ import annotations

from bot.slack.nudge_sender import SlackNudgeSender


class ScriptedSender(SlackNudgeSender):
    """The Slack nudge sender with Slack's Web API replaced: it records what is sent;
    `failures` maps a Slack user or channel to what each attempt
    raises (an exception, or None to succeed), in order; the last one repeats."""

    def __init__(self, failures: dict[str, list] | None = None):
        self.sent: list[tuple[str, str, list]] = []
        self.attempts: dict[str, int] = {}
        self.failures = failures or {}

    def _attempt(self, to: str) -> None:
        n = self.attempts.get(to, 0)
        self.attempts[to] = n + 1
        script = self.failures.get(to)
        if script and (error := script[min(n, len(script) - 1)]) is not None:
            raise error

    def send(self, user, text, body):
        self._attempt(user)
        self.sent.append((user, text, body))
        return f"D{user}", f"{len(self.sent)}.0001"

    def post(self, channel, text, body):
        self._attempt(channel)
        self.sent.append((channel, text, body))
        return f"{len(self.sent)}.0001"


def assert_within_slack_limits(text: str, body: list[dict]) -> None:
    assert len(body) <= 50 and len(text) <= 40_000
    for block in body:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        for element in block.get("elements", []):
            if element.get("type") == "button":
                assert len(element["text"]["text"]) <= 75 and len(element["value"]) <= 2000
            elif "text" in element:
                assert len(element["text"]) <= 3000
