"""Sends nudges as Slack DMs, waiting out rate limits (429 + Retry-After)."""

from __future__ import annotations

import os

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.slack.app import api_base_url


class SlackSender:
    def __init__(self, token: str | None = None):
        self.client = WebClient(token=token or os.environ["SLACK_BOT_TOKEN"], base_url=api_base_url())
        self.client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=5))

    def send(self, user: str, text: str, blocks: list[dict]) -> tuple[str, str]:
        channel = self.client.conversations_open(users=user)["channel"]["id"]
        posted = self.client.chat_postMessage(channel=channel, text=text, blocks=blocks)
        return channel, posted["ts"]
