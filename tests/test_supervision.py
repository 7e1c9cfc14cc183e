"""`coach up` keeps serving when one process crashes: the crashed one is restarted after
a growing pause, the others are left alone, and repeated crashes end it loudly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.processes import Child, GaveUp, Supervised, supervise


def child(name: str, code: str, tmp_path: Path) -> Child:
    return Child(name, subprocess.Popen([sys.executable, "-c", code]), tmp_path / f"{name}.log")


def settle(entry: Supervised) -> None:
    entry.child.process.wait(10)


def test_a_crashed_process_is_restarted_after_a_pause_and_the_others_keep_running(tmp_path):
    said: list[str] = []
    starts: list[Child] = []

    def start_again() -> Child:
        starts.append(child("actions", "import time; time.sleep(30)", tmp_path))
        return starts[-1]
    crashing = Supervised(child("actions", "raise SystemExit(3)", tmp_path), start_again, started=0.0)
    steady = Supervised(child("engine", "import time; time.sleep(30)", tmp_path), lambda: None, started=0.0)
    settle(crashing)
    try:
        supervise([crashing, steady], said.append, backoff=(5, 10), stable_after=100, now=1.0)
        assert said == [f"actions exited (code 3); restarting in 5s (crash 1 of 2); see {tmp_path / 'actions.log'}"]
        supervise([crashing, steady], said.append, backoff=(5, 10), stable_after=100, now=3.0)
        assert starts == []  # still pausing
        supervise([crashing, steady], said.append, backoff=(5, 10), stable_after=100, now=6.0)
        assert len(starts) == 1 and crashing.child is starts[0] and said[-1] == "actions restarted"
        assert steady.child.alive()
    finally:
        for entry in (crashing, steady):
            entry.child.process.kill()


def test_a_process_that_keeps_crashing_ends_it_loudly(tmp_path):
    entry = Supervised(child("slack", "raise SystemExit(1)", tmp_path),
                       lambda: child("slack", "raise SystemExit(1)", tmp_path), started=0.0)
    clock = 0.0
    with pytest.raises(GaveUp, match="the slack process crashed 3 times in a row"):
        for _ in range(10):
            settle(entry)
            clock += 1
            supervise([entry], lambda _: None, backoff=(0, 0), stable_after=100, now=clock)


def test_a_crash_after_a_long_run_starts_the_count_afresh(tmp_path):
    entry = Supervised(child("engine", "raise SystemExit(1)", tmp_path), lambda: None, crashes=4, started=0.0)
    settle(entry)
    supervise([entry], lambda _: None, backoff=(1, 2, 5, 15, 30), stable_after=100, now=500.0)
    assert entry.crashes == 1
