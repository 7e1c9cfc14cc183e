"""Slack listeners, one module per kind of input; register() wires them all."""

from bot.slack.listeners import actions, commands, events, messages, nudges


def register(app, engine) -> None:
    for module in (messages, actions, commands, events, nudges):
        module.register(app, engine)
