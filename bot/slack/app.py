"""The bolt app: configured from the environment, listeners registered."""

from __future__ import annotations

import os

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot import config
from bot.engine import EngineClient
from bot.slack import listeners
from bot.slack.conversation import Conversations

DEFAULT_API_URL = "https://slack.com/api/"


def api_base_url() -> str:
    return os.environ.get("SLACK_API_URL", DEFAULT_API_URL).rstrip("/") + "/"


def web_client(token: str) -> AsyncWebClient:
    """A Web API client that honours Retry-After on HTTP 429, up to 5 times."""
    client = AsyncWebClient(token=token, base_url=api_base_url())
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=5))
    return client


def build_app(settings: config.Settings | None = None) -> tuple[AsyncApp, Conversations]:
    """The app, and what answers its inbox (the caller starts its sweep in the event loop)."""
    settings = settings or config.load()
    app = AsyncApp(
        client=web_client(os.environ["SLACK_BOT_TOKEN"]),
        signing_secret=os.environ.get("SLACK_SIGNING_SECRET", ""),
        # Socket Mode has no signatures; in HTTP mode every request is verified.
        request_verification_enabled=not os.environ.get("SLACK_APP_TOKEN"),
    )
    conversations = Conversations(app.client, EngineClient.for_settings(settings))
    app.use(listeners.ConversationsInContext(conversations))
    listeners.register_listeners(app)
    return app, conversations
