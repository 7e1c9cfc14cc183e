"""Custom actions for the Rasa engine, one module per capability. The action server
(`python -m bot.action_server`, which adds the token check) registers every Action subclass here.

Action modules are siblings: each may use the package's plumbing (context.py, guard.py) and
the domain modules in bot/, never another action module. What two of them share lives in
bot/ (commitments.py, formation.py, knowledge_answers.py, list_steps.py, notes.py, ...)."""

from bot.actions import (  # noqa: F401 - imported to register every action with rasa_sdk
    affirm,
    agreement,
    assessment,
    changes,
    coaching,
    commitments,
    fallback,
    knowledge_answers,
    progress,
    reminders,
    session,
    undo,
)
from bot.knowledge import knowledge

# Validate the knowledge base when the action server starts: a malformed or unsourced
# entry stops it with the file and entry named, rather than failing mid-conversation.
knowledge()
