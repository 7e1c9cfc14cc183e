"""What happens to a message Slack did not take: refused for good (an unknown or
deactivated user, a channel the app is not in, blocks Slack rejects) it is recorded as
failed and never sent again; anything else (network, Slack's 5xx, rate limits the
client's own retries did not outlast) is tried again later, waiting longer each time,
and given up after MAX_ATTEMPTS."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

# Slack's `error` for a request that will never succeed as it is.
PERMANENT_ERRORS = frozenset({
    "invalid_blocks", "invalid_blocks_format", "invalid_arguments", "invalid_attachments", "msg_too_long",
    "no_text", "too_many_attachments", "user_not_found", "users_not_found", "user_not_visible",
    "account_inactive", "user_disabled", "channel_not_found", "not_in_channel", "is_archived",
    "cannot_dm_bot", "restricted_action", "restricted_action_read_only_channel",
    "restricted_action_thread_only_channel", "restricted_action_non_threadable_channel", "ekm_access_denied",
    "messages_tab_disabled", "team_access_not_granted", "duplicate_channel_not_found",
})
# After the 1st, 2nd, 3rd and 4th failure; the 5th gives up.
BACKOFF = (timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1), timedelta(hours=4))
MAX_ATTEMPTS = len(BACKOFF) + 1


class SendRefused(Exception):
    """Slack answered, but not ok: `reason` is its error code."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def permanent(self) -> bool:
        return self.reason in PERMANENT_ERRORS


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
