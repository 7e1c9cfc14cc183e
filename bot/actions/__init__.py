"""Custom actions for the Rasa engine, one module per capability. The action server
(`python -m bot.action_server`, which adds the token check) registers every Action subclass here."""

from bot.actions import (  # noqa: F401
    agreement, assessment, changes, coaching, commitments, fallback, knowledge_answers, progress, reminders,
)
from bot.knowledge import knowledge

# Validate the knowledge base when the action server starts: a malformed or unsourced
# entry stops it with the file and entry named, rather than failing mid-conversation.
knowledge()
