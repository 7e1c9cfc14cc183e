"""`coach manifest` for both ways of running, parsed as Slack would read it."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from bot.cli import app
from bot.slack.listeners import commands, shortcuts

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(app, ["manifest", *args])


def urls(found: dict) -> list[str]:
    return [found["features"]["slash_commands"][0].get("url"), found["settings"]["event_subscriptions"].get("request_url"),
            found["settings"]["interactivity"].get("request_url")]


def test_the_http_manifest_sends_everything_to_the_apps_public_url_and_not_over_a_socket():
    result = run("--http", "https://coach.pd.example.gov/")
    found = yaml.safe_load(result.stdout)
    assert result.exit_code == 0 and found["settings"]["socket_mode_enabled"] is False
    assert urls(found) == ["https://coach.pd.example.gov/slack/events"] * 3


def test_the_socket_manifest_uses_the_socket_and_names_no_url():
    found = yaml.safe_load(run("--socket").stdout)
    assert found["settings"]["socket_mode_enabled"] is True and urls(found) == [None] * 3


def test_the_repositorys_manifest_is_the_socket_mode_one():
    assert yaml.safe_load((ROOT / "slack-manifest.yml").read_text()) == yaml.safe_load(run("--socket").stdout)


def test_the_usage_hint_names_every_subcommand_the_app_answers():
    hint = yaml.safe_load(run("--socket").stdout)["features"]["slash_commands"][0]["usage_hint"]
    answered = {*commands.SUBCOMMANDS, "new", *commands.ANSWERED_HERE}
    assert {part.split()[0] for part in hint.split(" | ")} == answered


def test_every_shortcut_the_app_handles_is_in_the_manifest_and_fits_slacks_limits():
    listed = yaml.safe_load(run("--socket").stdout)["features"]["shortcuts"]
    assert {s["callback_id"] for s in listed} == {*shortcuts.GLOBAL, *shortcuts.ON_A_MESSAGE}
    assert all(len(s["name"]) <= 24 and len(s["description"]) <= 150 for s in listed)


def test_a_url_slack_would_refuse_is_refused_with_the_reason():
    result = run("--http", "http://10.0.0.5:3000")
    assert result.exit_code == 2 and "not an https:// URL" in result.stderr


def test_one_mode_must_be_chosen():
    assert run().exit_code == 2 and run("--socket", "--http", "https://x.org").exit_code == 2
