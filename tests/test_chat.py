"""The terminal chat: buttons become numbered choices; the name shown for its user."""

import pwd
from dataclasses import replace

import pytest
from rich.console import Console

from bot import chat, config
from bot.chat import local_identity, resolve_choice, show
from bot.engine_client import Reply

BUTTONS = [{"title": "Start a partnership", "payload": "/start_partnership"},
           {"title": "My commitments", "payload": "/list_commitments"}]


def test_buttons_are_numbered_across_replies():
    console = Console(record=True, width=100)
    offered = show(console, [Reply(text="Hello [there]", buttons=BUTTONS[:1]), Reply(text="", buttons=BUTTONS[1:])])
    output = console.export_text()
    assert offered == BUTTONS
    assert "coach Hello [there]" in output  # markup in replies is shown literally
    assert "1. Start a partnership" in output and "2. My commitments" in output


def test_a_number_picks_the_button_and_anything_else_is_sent_as_typed():
    assert resolve_choice("2", BUTTONS) == "/list_commitments"
    assert resolve_choice(" 1 ", BUTTONS) == "/start_partnership"
    assert resolve_choice("3", BUTTONS) == "3"
    assert resolve_choice("I'll call the principal by Friday", BUTTONS) == "I'll call the principal by Friday"


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.delenv("COACH_USER_NAME", raising=False)
    monkeypatch.setattr(chat.getpass, "getuser", lambda: "root")
    account(monkeypatch, "root")
    return replace(config.load(), data_dir=tmp_path / "data", timezone="America/Chicago")


def account(monkeypatch, full_name: str):
    """The computer account's full name (its GECOS field) is `full_name`."""
    entry = pwd.struct_passwd(("root", "x", 0, 0, full_name, "/root", "/bin/bash"))
    monkeypatch.setattr(chat.pwd, "getpwnam", lambda login: entry)


def never_asked() -> str:
    raise AssertionError("asked for a name it already had")


def test_the_name_comes_from_coach_user_name_first(settings, monkeypatch):
    account(monkeypatch, "Dana R,,,")
    named = replace(settings, user_name="Sgt. Dana Reyes")  # COACH_USER_NAME (tests/test_config.py)
    assert local_identity(named, never_asked)["user_name"] == "Sgt. Dana Reyes"


def test_else_the_accounts_full_name(settings, monkeypatch):
    account(monkeypatch, "Dana Reyes,Room 4,555-0100,")
    identity = local_identity(settings, never_asked)
    assert (identity["user"], identity["user_name"]) == ("root", "Dana Reyes")


def test_else_the_name_is_asked_once_and_remembered(settings):
    assert local_identity(settings, lambda: "  Sgt.  Dana Reyes ")["user_name"] == "Sgt. Dana Reyes"
    assert local_identity(settings, never_asked)["user_name"] == "Sgt. Dana Reyes"
    assert (settings.data_dir / "user_name").read_text().strip() == "Sgt. Dana Reyes"


def test_the_login_is_never_shown_as_the_name(settings):
    assert local_identity(settings, lambda: "")["user_name"] == "Terminal user"
    assert not (settings.data_dir / "user_name").exists()  # asked again next time
