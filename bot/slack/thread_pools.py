"""Running blocking work (engine calls, database) off the event loop.

asyncio's default pool has only a few threads on a 2-core machine, so a handful of
slow turns would queue everyone else's; turns wait on the engine, not on the CPU,
so a larger pool keeps one slow turn from holding up other users. Measured with
`make bench` at 10 users (full-stack p95 / bare engine p95, ack p99): 6 threads
1.36 / 73 ms, 16 threads 0.93 / 105 ms, 64 threads 0.90 / 132 ms. More threads
contend with the event loop that acknowledges requests, so 16 is the default
(COACH_SLACK_WORKERS)."""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor

from bot.config import SlackSettings

_turns: ThreadPoolExecutor | None = None  # made by use_workers, or on first use with the default size


def use_workers(count: int) -> None:
    """Size the pool for turns (settings.slack.workers); the app does this when it is built."""
    global _turns
    _turns = ThreadPoolExecutor(max_workers=count, thread_name_prefix="slack-turn")


# Recording a message before Slack is acknowledged (the inbox) has threads of its own, so
# an acknowledgement never waits behind turns that hold the pool while the engine thinks
# (`make bench`, 10 users: acknowledgement p50 about 200 ms when it shared the pool).
ACKNOWLEDGING = ThreadPoolExecutor(max_workers=4, thread_name_prefix="slack-ack")


async def run_blocking(function, *args):
    if _turns is None:
        use_workers(SlackSettings.workers)
    return await asyncio.get_running_loop().run_in_executor(_turns, functools.partial(function, *args))


async def run_before_ack(function, *args):
    """Blocking work on the way to acknowledging a Slack request: short, never queued behind turns."""
    return await asyncio.get_running_loop().run_in_executor(ACKNOWLEDGING, functools.partial(function, *args))
