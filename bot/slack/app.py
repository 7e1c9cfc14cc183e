"""The bolt app: configured from the settings, listeners registered."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot import config
from bot.engine_client import EngineClient
from bot.slack import listeners, thread_pools
from bot.slack.conversation import Conversations


def web_client(slack: config.SlackSettings) -> AsyncWebClient:
    """A Web API client that honours Retry-After on HTTP 429, up to 5 times."""
    client = AsyncWebClient(token=slack.bot_token, base_url=slack.api_url)
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=5))
    return client


def build_app(settings: config.Settings) -> tuple[AsyncApp, Conversations]:
    """The app, and what answers its inbox (the caller starts its sweep in the event loop)."""
    thread_pools.use_workers(settings.slack.workers)
    app = AsyncApp(
        client=web_client(settings.slack),
        signing_secret=settings.slack.signing_secret or "",
        # Socket Mode has no signatures; in HTTP mode every request is verified.
        request_verification_enabled=not settings.slack.socket_mode,
    )
    conversations = Conversations(app.client, EngineClient.for_settings(settings))
    app.use(listeners.ConversationsInContext(conversations))
    listeners.register_listeners(app)
    return app, conversations
