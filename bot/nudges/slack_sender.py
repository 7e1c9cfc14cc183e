"""Sends nudges as Slack DMs (and channel digests to their channel), waiting out rate
limits (429 + Retry-After). Slack's refusals become SendRefused with Slack's error code,
so the scheduler can tell a refusal for good from a failure worth retrying."""

from __future__ import annotations

import os

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.nudges.delivery import SendRefused
from bot.slack.app import api_base_url


class SlackSender:
    def __init__(self, token: str | None = None):
        self.client = WebClient(token=token or os.environ["SLACK_BOT_TOKEN"], base_url=api_base_url())
        self.client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=5))

    def send(self, user: str, text: str, blocks: list[dict]) -> tuple[str, str]:
        """DM `user`; (channel, ts) of the message."""
        try:
            channel = self.client.conversations_open(users=user)["channel"]["id"]
            return channel, self.client.chat_postMessage(channel=channel, text=text, blocks=blocks)["ts"]
        except SlackApiError as error:
            raise refused(error) from error

    def post(self, channel: str, text: str, blocks: list[dict]) -> str:
        """Post in a channel the app is in; the message's ts."""
        try:
            return self.client.chat_postMessage(channel=channel, text=text, blocks=blocks)["ts"]
        except SlackApiError as error:
            raise refused(error) from error


def refused(error: SlackApiError) -> SendRefused:
    data = error.response.data if isinstance(error.response.data, dict) else {}
    return SendRefused(str(data.get("error") or f"http_{error.response.status_code}")[:200])
