"""The terminal chat: the same conversation as in Slack, for trying the coach locally.

Buttons are shown as numbered choices; typing the number picks one."""

from __future__ import annotations

import getpass
import pwd
from collections.abc import Callable

from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory
from rich.console import Console
from rich.markup import escape
from tzlocal import get_localzone_name

from bot.config import Settings
from bot.engine_client import EngineClient, Reply, take_turn

GOODBYES = {"bye", "goodbye", "quit", "exit"}
NO_NAME = "Terminal user"  # when they would not say; asked again next time


def account_full_name(login: str) -> str | None:
    """The full name on the computer account (GECOS), when it says more than the login."""
    try:
        gecos = pwd.getpwnam(login).pw_gecos
    except KeyError:
        return None
    name = gecos.split(",")[0].strip()
    return name if name and name.lower() != login.lower() else None


def user_name(settings: Settings, ask: Callable[[], str]) -> str:
    """The name shown as the owner of what this person records: COACH_USER_NAME, else the
    account's full name, else the one they gave at their first chat, else asked now and
    remembered in the data folder. Never the login, which is often "root"."""
    remembered = settings.data_dir / "user_name"
    name = (settings.user_name or account_full_name(getpass.getuser())
            or (remembered.read_text().strip() if remembered.exists() else ""))
    if name:
        return name
    name = " ".join(ask().split())
    if name:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        remembered.write_text(name + "\n")
    return name or NO_NAME


def local_identity(settings: Settings, ask: Callable[[], str] = lambda: "") -> dict:
    user = getpass.getuser()
    return {"team": "local", "user": user, "user_name": user_name(settings, ask),
            "tz": settings.timezone or get_localzone_name()}


def show(console: Console, replies: list[Reply]) -> list[dict]:
    """Print the replies; return the buttons offered, in the order numbered."""
    buttons: list[dict] = []
    for reply in replies:
        if reply.text:
            console.print("[bold cyan]coach[/]", escape(reply.text), highlight=False)
        for button in reply.buttons:
            buttons.append(button)
            console.print(f"   [bold]{len(buttons)}[/]. {escape(button.get('title', ''))}", highlight=False)
    return buttons


def resolve_choice(text: str, buttons: list[dict]) -> str:
    """A number picks the matching button's payload; anything else is sent as typed."""
    if text.strip().isdigit() and 0 < int(text) <= len(buttons):
        return buttons[int(text) - 1]["payload"]
    return text


def ask_name(prompt: PromptSession) -> str:
    try:
        return prompt.prompt("What's your name? (shown as the owner of your partnerships and commitments) ")
    except (EOFError, KeyboardInterrupt):
        return ""


def run(settings: Settings, client: EngineClient, console: Console | None = None) -> None:
    console = console or Console()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    prompt = PromptSession(history=FileHistory(str(settings.data_dir / "chat_history")))
    identity = local_identity(settings, lambda: ask_name(prompt))
    sender = f"local:{identity['user']}"
    console.print("Partnership Coach. Type \"help\" to see what I can do; Ctrl-D or \"bye\" to leave.")
    buttons: list[dict] = []
    while True:
        try:
            text = prompt.prompt("you> ")
        except (EOFError, KeyboardInterrupt):
            console.print("Goodbye.")
            return
        message = resolve_choice(text, buttons)
        buttons = show(console, take_turn(client, sender, message, identity))
        if text.strip().lower().strip(".!") in GOODBYES:
            return
