"""Slack listeners, one module per kind of input; register() wires them all."""

from bot.slack.conversation import Conversations
from bot.slack.listeners import checkup, commands, events, messages, nudges, shortcuts


def register(app, engine) -> Conversations:
    """Wire every listener; return what answers the inbox (its sweep is started by the app)."""
    conversations = Conversations(app.client, engine)
    messages.register(app, conversations)
    commands.register(app, conversations)
    shortcuts.register(app, conversations)
    for module in (events, nudges):
        module.register(app, engine)
    checkup.register(app)
    return conversations
