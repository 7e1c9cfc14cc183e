"""What happens to a message the sender could not deliver: refused for good (in Slack an
unknown or deactivated user, a channel the app is not in, blocks Slack rejects: the
sender says which, bot/slack/nudge_sender.py) it is recorded as failed and never sent
again; anything else (network, Slack's 5xx, rate limits the client's own retries did not
outlast) is tried again later, waiting longer each time, and given up after MAX_ATTEMPTS."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

# After the 1st, 2nd, 3rd and 4th failure; the 5th gives up.
BACKOFF = (timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1), timedelta(hours=4))
MAX_ATTEMPTS = len(BACKOFF) + 1


class SendRefused(Exception):
    """The recipient's side answered, but not ok: `reason` is its error code; `permanent`
    when the same message can never succeed."""

    def __init__(self, reason: str, permanent: bool = False):
        super().__init__(reason)
        self.reason, self.permanent = reason, permanent


@dataclass(frozen=True)
class Outcome:
    """What to do after a failed attempt: give up (`retry_at` None) or try again then."""

    reason: str
    permanent: bool
    retry_at: datetime | None


def after_failure(error: Exception, attempts: int, now: datetime) -> Outcome:
    """`attempts` counts the one that just failed."""
    if isinstance(error, SendRefused):
        reason, permanent = error.reason, error.permanent
    else:
        reason, permanent = f"{type(error).__name__}: {error}"[:200], False
    if permanent or attempts >= MAX_ATTEMPTS:
        return Outcome(reason, permanent, None)
    return Outcome(reason, False, now + BACKOFF[attempts - 1])


def describe(what: str, outcome: Outcome, attempts: int, now: datetime) -> str:
    """The line `coach nudge --once` prints for a failure."""
    if outcome.permanent:
        return f"{what} failed permanently: {outcome.reason} — not retried"
    if outcome.retry_at is None:
        return f"{what} failed {attempts} times, given up: {outcome.reason}"
    at, today = outcome.retry_at.astimezone(timezone.utc), now.astimezone(timezone.utc).date()
    when = f"{at:%H:%M} UTC" if at.date() == today else f"{at:%H:%M} UTC on {at:%d %b}"
    return f"{what} failed, will retry at {when}: {outcome.reason}"
