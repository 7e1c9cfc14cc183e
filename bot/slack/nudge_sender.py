"""Says in Slack what the nudge scheduler hands over: each nudge, digest and escalation
rendered (nudge_blocks.py) and sent as a DM, each channel digest posted to its channel,
waiting out rate limits (429 + Retry-After). Slack's refusals become SendRefused with
Slack's error code and whether it is for good (PERMANENT_ERRORS), so the scheduler can
tell a refusal for good from a failure worth retrying."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.nudges.delivery import SendRefused
from bot.nudges.escalation import Escalation
from bot.nudges.stalled import StalledItem
from bot.slack import nudge_blocks

# Slack's `error` for a request that will never succeed as it is.
PERMANENT_ERRORS = frozenset({
    "invalid_blocks", "invalid_blocks_format", "invalid_arguments", "invalid_attachments", "msg_too_long",
    "no_text", "too_many_attachments", "user_not_found", "users_not_found", "user_not_visible",
    "account_inactive", "user_disabled", "channel_not_found", "not_in_channel", "is_archived",
    "cannot_dm_bot", "restricted_action", "restricted_action_read_only_channel",
    "restricted_action_thread_only_channel", "restricted_action_non_threadable_channel", "ekm_access_denied",
    "messages_tab_disabled", "team_access_not_granted", "duplicate_channel_not_found",
})


class SlackNudgeSender:
    """The scheduler's sender (bot.nudges.scheduler.Sender) for Slack."""

    def __init__(self, token: str, api_url: str):
        self.client = WebClient(token=token, base_url=api_url)
        self.client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=5))

    # What the scheduler sends, in its terms.

    def nudge(self, user: str, message_id: int, items: list[StalledItem]) -> tuple[str, str]:
        return self.send(user, f"{len(items)} partnership item(s) have stalled",
                         nudge_blocks.nudge_blocks(message_id, items))

    def digest(self, user: str, items: list[StalledItem]) -> tuple[str, str]:
        return self.send(user, "Weekly partnership digest", nudge_blocks.digest_blocks(items))

    def escalation(self, user: str, escalation: Escalation) -> tuple[str, str]:
        return self.send(user, nudge_blocks.escalation_text(escalation), nudge_blocks.escalation_blocks(escalation))

    def channel_digest(self, channel: str, title: str, lines: list[str]) -> str:
        return self.post(channel, "Weekly partnership standings", nudge_blocks.channel_digest_blocks(title, lines))

    # Slack's Web API.

    def send(self, user: str, text: str, blocks: list[dict]) -> tuple[str, str]:
        """DM `user`; (channel, ts) of the message."""
        try:
            channel = self.client.conversations_open(users=user)["channel"]["id"]
            return channel, self.client.chat_postMessage(channel=channel, text=text, blocks=blocks)["ts"]
        except SlackApiError as error:
            raise refused(error) from error

    def post(self, channel: str, text: str, blocks: list[dict]) -> str:
        """Post in a channel the app is in; the message's ts."""
        try:
            return self.client.chat_postMessage(channel=channel, text=text, blocks=blocks)["ts"]
        except SlackApiError as error:
            raise refused(error) from error


def refused(error: SlackApiError) -> SendRefused:
    data = error.response.data if isinstance(error.response.data, dict) else {}
    return refusal(str(data.get("error") or f"http_{error.response.status_code}")[:200])


def refusal(reason: str) -> SendRefused:
    """Slack's `error` code as the scheduler's SendRefused, saying whether it is for good."""
    return SendRefused(reason, permanent=reason in PERMANENT_ERRORS)
