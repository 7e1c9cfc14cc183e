"""The settings: every variable read into one typed Settings, secrets kept out of its repr."""

from __future__ import annotations

import pytest

from bot import config

SECRETS = {"SLACK_BOT_TOKEN": "xoxb-very-secret", "SLACK_APP_TOKEN": "xapp-very-secret",
           "SLACK_SIGNING_SECRET": "signing-very-secret", "COACH_SURVEY_SECRET": "survey-very-secret",
           "COACH_IDENTITY_SECRET": "identity-very-secret", "COACH_ACTIONS_TOKEN": "actions-very-secret",
           "COACH_ENGINE_TOKEN": "engine-very-secret",
           "DATABASE_URL": "postgresql+psycopg://coach:db-very-secret@db/coach",
           "REDIS_URL": "redis://:redis-very-secret@redis:6379/0"}


@pytest.fixture
def environment(monkeypatch):
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    for name, value in {"SLACK_API_URL": "http://127.0.0.1:9/api", "SLACK_HOST": "127.0.0.2",
                        "SLACK_PATH": "/events", "SLACK_PORT": "3100", "COACH_SLACK_WORKERS": "6",
                        "COACH_NUDGE_EVERY": "60", "COACH_INBOX_LEASE": "2.5",
                        "COACH_PUBLIC_URL": "https://coach.example.org", "COACH_USER_NAME": " Sgt. Dana Reyes ",
                        "ENGINE_URL": "http://engine:5005", "ACTIONS_URL": "http://actions:5055"}.items():
        monkeypatch.setenv(name, value)


def test_every_variable_has_its_place(environment):
    settings = config.load()
    assert (settings.slack.bot_token, settings.slack.app_token, settings.slack.signing_secret) == (
        "xoxb-very-secret", "xapp-very-secret", "signing-very-secret")
    assert settings.slack.socket_mode
    assert (settings.slack.api_url, settings.slack.host, settings.slack.path, settings.slack.workers) == (
        "http://127.0.0.1:9/api/", "127.0.0.2", "/events", 6)
    assert (settings.slack_port, settings.nudge_every, settings.inbox_lease) == (3100, 60, 2.5)
    assert (settings.public_url, settings.survey_secret, settings.user_name) == (
        "https://coach.example.org", "survey-very-secret", "Sgt. Dana Reyes")
    assert (settings.engine_url, settings.actions_url) == ("http://engine:5005", "http://actions:5055")
    assert (settings.identity_secret, settings.actions_token, settings.engine_token) == (
        "identity-very-secret", "actions-very-secret", "engine-very-secret")


def test_the_defaults_are_the_embedded_setup(monkeypatch, tmp_path):
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_API_URL", "SLACK_PORT", "COACH_NUDGE_EVERY",
                 "ENGINE_PORT", "ENGINE_URL", "COACH_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    settings = config.load()
    assert settings.database_url == f"sqlite:///{tmp_path / 'coach.db'}"
    assert settings.slack.bot_token is None and not settings.slack.socket_mode
    assert (settings.slack.api_url, settings.slack_port, settings.nudge_every) == ("https://slack.com/api/", 3000, 900)
    assert settings.engine_url == "http://127.0.0.1:5005" and settings.public_url is None


def test_no_secret_shows_in_the_settings_repr(environment):
    shown = repr(config.load())
    assert "very-secret" not in shown
    assert "slack=SlackSettings(" in shown and "127.0.0.2" in shown  # the rest is there to read


def test_code_that_cannot_be_handed_the_settings_finds_those_installed(monkeypatch):
    monkeypatch.setattr(config, "_installed", None)
    with pytest.raises(RuntimeError, match="config.install"):
        config.installed()
    settings = config.load()
    assert config.install(settings) is settings and config.installed() is settings
