"""The Slack app manifest for either way of running: Socket Mode (no public URL) or HTTP
(Slack posts to the app's public URL). `coach manifest --socket` / `--http URL` prints it;
slack-manifest.yml in the repository is the Socket Mode one, and a test keeps them equal."""

from __future__ import annotations

from urllib.parse import urlparse

import yaml

from bot.slack.listeners.commands import HINTS
from bot.slack.listeners.shortcuts import GLOBAL, ON_A_MESSAGE

EVENTS_PATH = "/slack/events"
SHORTCUTS = {  # callback id -> (name, description), at most 24 and 150 characters (Slack's limits)
    "new_partnership": ("New partnership", "Start a formal partnership with the coach"),
    "save_as_commitment": ("Save as commitment", "Keep this message as something you will do, with a due date"),
    "add_progress_note": ("Add as progress note", "Record this message as progress on one of your partnerships"),
}
SCOPES = [
    "app_mentions:read",  # @mentions in channels
    "chat:write",         # replies
    "commands",           # /coach and the shortcuts
    "im:history",         # direct messages to the coach
    "im:read",
    "im:write",           # open a DM for /coach replies and nudges
    "users:read",         # display name and time zone
    "files:write",        # checklist exports
]


class ManifestProblem(ValueError):
    """A URL that Slack would refuse; the message says why."""


def manifest(http_url: str | None = None) -> dict:
    """Socket Mode when `http_url` is None, else HTTP mode posting to `http_url`/slack/events."""
    url = _events_url(http_url) if http_url else None
    command = {"command": "/coach", "description": "Partnership Coach",
               "usage_hint": " | ".join(HINTS), "should_escape": True}
    settings = {"event_subscriptions": {"bot_events": ["app_home_opened", "app_mention", "message.im",
                                                       "user_change"]},
                "interactivity": {"is_enabled": True},
                "org_deploy_enabled": False, "socket_mode_enabled": url is None, "token_rotation_enabled": False}
    if url:
        command["url"] = url
        settings["event_subscriptions"]["request_url"] = url
        settings["interactivity"]["request_url"] = url
    return {
        "display_information": {"name": "Partnership Coach", "background_color": "#1f3a5f",
                                "description": "Coaches supervisors through forming formal community partnerships"},
        "features": {
            "app_home": {"home_tab_enabled": True, "messages_tab_enabled": True,
                         "messages_tab_read_only_enabled": False},
            "bot_user": {"display_name": "Partnership Coach", "always_online": True},
            "shortcuts": [{"name": SHORTCUTS[c][0], "type": "global" if c in GLOBAL else "message",
                           "callback_id": c, "description": SHORTCUTS[c][1]} for c in [*GLOBAL, *ON_A_MESSAGE]],
            "slash_commands": [command],
        },
        "oauth_config": {"scopes": {"bot": SCOPES}},
        "settings": settings,
    }


def _events_url(base: str) -> str:
    parsed = urlparse(base)
    if parsed.scheme != "https" or not parsed.netloc:
        raise ManifestProblem(f"{base!r} is not an https:// URL; Slack posts only to public HTTPS addresses, "
                              "e.g. https://coach.example.org")
    return base.rstrip("/") + EVENTS_PATH if not parsed.path.rstrip("/").endswith(EVENTS_PATH) else base.rstrip("/")


def as_yaml(found: dict) -> str:
    mode = "HTTP mode" if not found["settings"]["socket_mode_enabled"] else "Socket Mode"
    return (f"# Slack app manifest ({mode}), made by `coach manifest`: https://api.slack.com/apps -> Create New App\n"
            "# -> From an app manifest. `coach manifest --http https://YOUR-HOST` makes the HTTP-mode one.\n"
            + yaml.safe_dump(found, sort_keys=False, width=120))
