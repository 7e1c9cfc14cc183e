"""The terminal chat: the same conversation as in Slack, for trying the coach locally.

Buttons are shown as numbered choices; typing the number picks one."""

from __future__ import annotations

import getpass

from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory
from rich.console import Console
from rich.markup import escape
from tzlocal import get_localzone_name

from bot.config import Settings
from bot.engine import EngineClient, Reply, take_turn

GOODBYES = {"bye", "goodbye", "quit", "exit"}


def local_identity(settings: Settings) -> dict:
    user = getpass.getuser()
    return {"team": "local", "user": user, "user_name": user,
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


def run(settings: Settings, client: EngineClient, console: Console | None = None) -> None:
    console = console or Console()
    identity = local_identity(settings)
    sender = f"local:{identity['user']}"
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    prompt = PromptSession(history=FileHistory(str(settings.data_dir / "chat_history")))
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
