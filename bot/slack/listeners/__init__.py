"""Slack listeners, one module per subject, each a set of module-level callbacks that
its register(app) wires; register_listeners() wires them all.

Bolt fills a callback's arguments by name (ack, body, client, ...). What a callback
needs of ours, the Conversations that answers the inbox, is in `context`, put there for
every request by the ConversationsInContext middleware."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.async_middleware import AsyncMiddleware

from bot.slack.conversation import Conversations
from bot.slack.listeners import checkup, commands, events, messages, nudges, shortcuts


class ConversationsInContext(AsyncMiddleware):
    """Hands every listener the Conversations as context["conversations"]."""

    def __init__(self, conversations: Conversations):
        self.conversations = conversations

    async def async_process(self, *, req, resp, next):
        req.context["conversations"] = self.conversations
        return await next()


def register_listeners(app: AsyncApp) -> None:
    for module in (messages, commands, shortcuts, events, nudges, checkup):
        module.register(app)
