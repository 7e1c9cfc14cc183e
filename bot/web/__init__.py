"""Web pages served beside the Slack app (bot/slack/__main__.py), for people outside
Slack: today the partner health check (checkup.py), rendered by pages.py."""
