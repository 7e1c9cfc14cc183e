"""Custom actions for the Rasa engine, one module per capability. The action server
(`python -m rasa_sdk --actions bot.actions`) registers every Action subclass here."""

from bot.actions import coaching, commitments, fallback, knowledge_answers, progress, reminders  # noqa: F401
