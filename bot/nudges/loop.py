"""Nudge passes, one every so often for as long as the process runs: the Slack app's
background thread and `coach nudge` both run this loop. A pass that fails (the database
away, a bug) is logged, and the next pass runs as usual."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import NoReturn

from bot.nudges.scheduler import PassReport

logger = logging.getLogger(__name__)


def run_forever(one_pass: Callable[[], PassReport], every: float,
                on_report: Callable[[PassReport], None] = lambda report: None,
                sleep: Callable[[float], None] = time.sleep) -> NoReturn:
    """Run `one_pass`, hand its report to `on_report`, wait `every` seconds; again."""
    while True:
        try:
            on_report(one_pass())
        except Exception:
            logger.exception("nudge pass failed")
        sleep(every)
