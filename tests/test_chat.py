"""The terminal chat's rendering: buttons become numbered choices."""

from rich.console import Console

from bot.chat import resolve_choice, show
from bot.engine import Reply

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
