"""Slack listeners, one module per kind of input; register() wires them all."""

from bot.slack.listeners import actions, commands, events, messages


def register(app, engine) -> None:
    for module in (messages, actions, commands, events):
        module.register(app, engine)
