"""`coach up` as people run it: one process killed, the rest keep serving and the
killed one comes back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from bot import config
from bot.config import PROJECT_ROOT
from bot.engine_client import EngineClient, take_turn

pytestmark = pytest.mark.integration
ENGINE_PORT, ACTIONS_PORT = 5209, 5259


def wait_for(check, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


def test_a_killed_action_server_is_restarted_and_the_conversation_carries_on(tmp_path):
    env = {**os.environ, "COACH_DATA_DIR": str(tmp_path), "ENGINE_PORT": str(ENGINE_PORT),
           "ACTIONS_PORT": str(ACTIONS_PORT), "DATABASE_URL": f"sqlite:///{tmp_path / 'coach.db'}"}
    env.pop("SLACK_BOT_TOKEN", None)
    up = subprocess.Popen([sys.executable, "-m", "bot.cli", "up"], cwd=PROJECT_ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    os.environ.update(COACH_DATA_DIR=str(tmp_path))
    try:
        settings = config.load()
        client = EngineClient(f"http://127.0.0.1:{ENGINE_PORT}", f"http://127.0.0.1:{ACTIONS_PORT}",
                              engine_token=settings.engine_token, identity_secret=settings.identity_secret)
        said: list[str] = []
        threading.Thread(target=lambda: said.extend(iter(up.stdout.readline, "")), daemon=True).start()
        # "Running:" is printed once coach up has seen both ready and is watching them
        assert wait_for(lambda: any("Running:" in line for line in said), 240), f"coach up did not start: {said}"
        who = {"team": "local", "user": "sup", "user_name": "Sgt. Sup", "tz": "America/Chicago"}
        actions = subprocess.run(["pgrep", "-f", f"bot.action_server .*--port {ACTIONS_PORT}"], capture_output=True,
                                 text=True).stdout.split()
        assert actions, "no action server found"
        os.kill(int(actions[0]), signal.SIGKILL)
        assert wait_for(lambda: not client.actions_ready(), 10)
        assert wait_for(client.actions_ready, 120), f"the action server was not restarted: {said}"
        assert up.poll() is None  # coach up itself kept running
        replies = take_turn(client, "local:sup", "I'll call the principal by Friday", who)
        assert replies[0].text.startswith("Got it: you'll call the principal by")
    finally:
        up.send_signal(signal.SIGINT)
        up.wait(60)
    output = "".join(said)
    assert "actions exited (code -9); restarting in 1s" in output
    assert "actions restarted" in output
