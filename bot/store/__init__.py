"""Persistence: the SQLAlchemy models (models.py), sessions and migrations (db.py), and
the reads and writes of the coach's records, one module per subject: people (who is
talking), roles, workspaces, partnerships (and who may see them), commitments, blockers,
assessments (health checks rated alone), history (what was added, changed, removed, so
it can be undone), inbox (Slack messages, each recorded once), chart_uploads,
reminder_preferences, nudge_log (the nudges, digests and escalations recorded and sent,
and the answers to them), channel_digests and scheduler_lock (one nudge scheduler at a
time: a PostgreSQL advisory lock, or a lease row on SQLite).

Where queries are built: here. Code elsewhere asks these modules for records, follows
the relationships of the records it has, fetches a row by its id (session.get) and adds
new records, but builds no select, insert, update or delete of its own (bot/nudges/stalled.py
narrows bot/standing.py's scans with clauses these modules give). The exceptions:

- bot/standing.py says what overdue, stalled and behind pace mean twice, in Python for
  records already loaded and in SQL for a whole workspace, side by side so that the two
  cannot drift apart; the nudge pass's scans of a workspace are there too.
- bot/survey/rounds.py is the partner health check's own store: its rounds,
  respondents and answers are read and written only there.

(Rasa's tracker tables are the engine's, not the coach's records: bot/engine_runtime.py
indexes them.) tests/test_dependencies.py fails when a module elsewhere imports
SQLAlchemy's statement builders.
"""
