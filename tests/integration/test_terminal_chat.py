"""`coach chat` as a user runs it: in a terminal, starting and stopping its own engine
and action server, with data that survives from one chat to the next."""

from __future__ import annotations

import os
import socket
import sys
import time

import pexpect
import pytest

from bot.config import PROJECT_ROOT

pytestmark = pytest.mark.integration
ENGINE_PORT, ACTIONS_PORT = 5107, 5157


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def press_ctrl_d(chat: pexpect.spawn) -> None:
    time.sleep(0.5)  # let the prompt take the terminal before the key arrives
    chat.send("\x04")


def open_chat(data_dir) -> pexpect.spawn:
    env = {**os.environ, "COACH_DATA_DIR": str(data_dir), "DATABASE_URL": f"sqlite:///{data_dir / 'coach.db'}",
           "ENGINE_PORT": str(ENGINE_PORT), "ACTIONS_PORT": str(ACTIONS_PORT), "COACH_TZ": "America/Chicago",
           "TERM": "dumb", "COLUMNS": "200", "COACH_USER_NAME": "Sgt. Test"}
    chat = pexpect.spawn(sys.executable, ["-m", "bot.cli", "chat"], cwd=str(PROJECT_ROOT), env=env,
                         encoding="utf-8", timeout=240, dimensions=(50, 200))
    chat.expect("you> ")
    return chat


def test_a_commitment_made_in_one_chat_is_listed_in_the_next(tmp_path):
    chat = open_chat(tmp_path)
    chat.sendline("I'll call the principal by Friday")
    chat.expect("Got it: you'll call the principal by ", timeout=60)
    chat.expect("you> ")
    press_ctrl_d(chat)  # Ctrl-D leaves
    chat.expect(pexpect.EOF, timeout=60)
    chat.close()
    assert chat.exitstatus == 0
    assert not listening(ENGINE_PORT) and not listening(ACTIONS_PORT), "a process outlived the chat"

    chat = open_chat(tmp_path)
    chat.sendline("what have I committed to?")
    chat.expect("1. call the principal, due ", timeout=60)
    chat.expect("you> ")
    chat.sendline("bye")
    chat.expect("Goodbye", timeout=60)
    chat.expect(pexpect.EOF, timeout=60)
    chat.close()
    assert chat.exitstatus == 0
    assert not listening(ENGINE_PORT) and not listening(ACTIONS_PORT)


def test_buttons_are_picked_by_number(tmp_path):
    chat = open_chat(tmp_path)
    chat.sendline("hello")
    chat.expect(r"3\. My commitments", timeout=60)
    chat.expect("you> ")
    chat.sendline("3")
    chat.expect("You have no open commitments", timeout=60)
    chat.expect("you> ")
    press_ctrl_d(chat)
    chat.expect(pexpect.EOF, timeout=60)


def test_coach_up_runs_until_ctrl_c_and_leaves_nothing_behind(tmp_path):
    env = {**os.environ, "COACH_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'coach.db'}",
           "ENGINE_PORT": str(ENGINE_PORT), "ACTIONS_PORT": str(ACTIONS_PORT), "TERM": "dumb", "COLUMNS": "200"}
    env.pop("SLACK_BOT_TOKEN", None)
    up = pexpect.spawn(sys.executable, ["-m", "bot.cli", "up"], cwd=str(PROJECT_ROOT), env=env,
                       encoding="utf-8", timeout=240)
    up.expect("Running: actions, engine")
    assert listening(ENGINE_PORT) and listening(ACTIONS_PORT)
    up.sendintr()  # Ctrl-C
    up.expect("Stopped.", timeout=60)
    up.expect(pexpect.EOF, timeout=30)
    assert not listening(ENGINE_PORT) and not listening(ACTIONS_PORT)
