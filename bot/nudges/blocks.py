"""Block Kit for nudges and digests: what is overdue, stalled or behind pace, since
when, on which partnership, with Done / Snooze a week / Report a blocker / Post an update."""

from __future__ import annotations

import json

from bot.dates import format_date
from bot.nudges.stalled import StalledItem
from bot.slack.render import escape

BUTTONS = [("nudge_done", "Done"), ("nudge_snooze", "Snooze a week"),
           ("nudge_blocker", "Report a blocker"), ("nudge_update", "Post an update")]


def describe(item: StalledItem) -> str:
    where = f" on the *{escape(item.partnership)}* partnership" if item.partnership else ""
    if item.kind == "commitment":
        return f"Your commitment to *{escape(item.text)}*{where} was due {format_date(item.since)}."
    if item.kind == "pace":
        return f"The goal *{escape(item.text)}*{where} is behind pace: {escape(item.detail or '')}."
    return f"The goal *{escape(item.text)}*{where} has had no progress note since {format_date(item.since)}."


def item_block_id(item: StalledItem) -> str:
    return f"nudge:{item.kind}:{item.item_id}"


def nudge_blocks(message_id: int, items: list[StalledItem]) -> list[dict]:
    count = f"{len(items)} things have" if len(items) > 1 else "One thing has"
    blocks: list[dict] = [{"type": "section", "text": {"type": "mrkdwn", "text": f"{count} stalled:"}}]
    for item in items:
        value = json.dumps({"m": message_id, "k": item.kind, "i": item.item_id})
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": describe(item)}})
        blocks.append({"type": "actions", "block_id": item_block_id(item), "elements": [
            {"type": "button", "action_id": action_id, "text": {"type": "plain_text", "text": label},
             "value": value} for action_id, label in BUTTONS]})
    return blocks


def digest_blocks(items: list[StalledItem]) -> list[dict]:
    lines = [f"• {describe(item).replace('Your commitment', 'A commitment')}" for item in items]
    return [{"type": "header", "text": {"type": "plain_text", "text": "Weekly partnership digest"}},
            {"type": "section", "text": {"type": "mrkdwn",
                                         "text": ("Overdue commitments, stalled goals and goals behind pace on "
                                                  "the partnerships you sponsor:\n" + "\n".join(lines))[:3000]}}]


def resolved(blocks: list[dict], block_id: str, outcome: str) -> list[dict]:
    """The nudge's blocks with one item's buttons replaced by what was done."""
    return [{"type": "context", "elements": [{"type": "mrkdwn", "text": outcome}]}
            if b.get("block_id") == block_id else b for b in blocks]
