"""Block Kit for what the nudge scheduler (bot/nudges/) sends: nudges (what is overdue,
stalled or behind pace, since when, on which partnership, with Done / Snooze a week /
Report a blocker / Post an update), sponsors' digests, blocker escalations, and channel
digests.

Every message keeps within Slack's limits (render.py): a nudge shows its first
ITEMS_WITH_BUTTONS items with buttons and counts the rest, which the App Home lists; a
digest packs whole lines into sections and counts what does not fit. Nothing is cut in
the middle of an item."""

from __future__ import annotations

import json

from bot.dates import format_date
from bot.nudges.escalation import Escalation
from bot.nudges.stalled import StalledItem
from bot.slack.render import BLOCKS_PER_MESSAGE, SECTION_LIMIT, escape

BUTTONS = [("nudge_done", "Done"), ("nudge_snooze", "Snooze a week"),
           ("nudge_blocker", "Report a blocker"), ("nudge_update", "Post an update")]
# 1 + 2 blocks each + a line for the rest stays under 50 blocks, and a DM stays readable.
ITEMS_WITH_BUTTONS = 20
MESSAGE_TEXT_LIMIT = 40_000  # Slack's limit for a message's text; held for all its blocks' text too
ITEM_TEXT_LIMIT = 300        # a commitment or goal pasted at length is shortened, never the list
ELSEWHERE = "open my App Home (Partnership Coach → Home) to see them all"


def short(text: str, limit: int = ITEM_TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def describe(item: StalledItem) -> str:
    where = f" on the *{escape(short(item.partnership))}* partnership" if item.partnership else ""
    what = escape(short(item.text))
    if item.kind == "commitment":
        return f"Your commitment to *{what}*{where} was due {format_date(item.since)}."
    if item.kind == "blocker":
        return f"The blocker *{what}*{where} has been open since {format_date(item.since)}."
    if item.kind == "pace":
        return f"The goal *{what}*{where} is behind pace: {escape(short(item.detail or ''))}."
    return f"The goal *{what}*{where} has had no progress note since {format_date(item.since)}."


def item_block_id(item: StalledItem) -> str:
    return f"nudge:{item.kind}:{item.item_id}"


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _more(count: int, where: str = ELSEWHERE) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": f"…and {count} more — {where}."}]}


def nudge_blocks(message_id: int, items: list[StalledItem]) -> list[dict]:
    count = f"{len(items)} things have" if len(items) > 1 else "One thing has"
    blocks: list[dict] = [_section(f"{count} stalled:")]
    for item in items[:ITEMS_WITH_BUTTONS]:
        value = json.dumps({"m": message_id, "k": item.kind, "i": item.item_id})
        blocks.append(_section(describe(item)))
        blocks.append({"type": "actions", "block_id": item_block_id(item), "elements": [
            {"type": "button", "action_id": action_id, "text": {"type": "plain_text", "text": label},
             "value": value} for action_id, label in BUTTONS]})
    if len(items) > ITEMS_WITH_BUTTONS:
        blocks.append(_more(len(items) - ITEMS_WITH_BUTTONS))
    return blocks


def packed(lines: list[str], blocks_free: int, chars_free: int = MESSAGE_TEXT_LIMIT) -> tuple[list[dict], int]:
    """Whole lines packed into sections of at most SECTION_LIMIT characters, using at most
    `blocks_free` blocks and `chars_free` characters; (the sections, how many lines fit)."""
    sections: list[str] = []
    used = 0
    for shown, line in enumerate(lines):
        line = short(line, SECTION_LIMIT)
        if used + len(line) + 1 > chars_free:
            return [_section(text) for text in sections], shown
        if sections and len(sections[-1]) + 1 + len(line) <= SECTION_LIMIT:
            sections[-1] += "\n" + line
        elif len(sections) < blocks_free:
            sections.append(line)
        else:
            return [_section(text) for text in sections], shown
        used += len(line) + 1
    return [_section(text) for text in sections], len(lines)


def _listing(header: str, intro: str, lines: list[str], rest_where: str) -> list[dict]:
    """A header and lines under it, within a message's limits; what does not fit is counted."""
    head = [{"type": "header", "text": {"type": "plain_text", "text": header}}]
    room = BLOCKS_PER_MESSAGE - len(head) - 1  # one left for "…and N more"
    sections, shown = packed([intro, *lines], room, MESSAGE_TEXT_LIMIT - len(header) - 200)
    shown = max(shown - 1, 0)  # the intro is not an item
    return head + sections + ([_more(len(lines) - shown, rest_where)] if shown < len(lines) else [])


def digest_blocks(items: list[StalledItem]) -> list[dict]:
    lines = [f"• {describe(item).replace('Your commitment', 'A commitment')}" for item in items]
    return _listing("Weekly partnership digest",
                    "Overdue commitments, stalled goals and goals behind pace on the partnerships you sponsor:", lines,
                    "open my App Home or ask me \"which partnerships are stalled?\"")


def channel_digest_blocks(title: str, lines: list[str]) -> list[dict]:
    """How every partnership stands, for a channel; `lines` are status lines, unescaped."""
    return _listing("Weekly partnership standings", escape(title), [f"• {escape(line)}" for line in lines],
                    "see them all with `/coach status`")


def resolved(blocks: list[dict], block_id: str, outcome: str) -> list[dict]:
    """The nudge's blocks with one item's buttons replaced by what was done."""
    return [{"type": "context", "elements": [{"type": "mrkdwn", "text": outcome}]}
            if b.get("block_id") == block_id else b for b in blocks]


ESCALATION_BLOCK = "escalation"


def escalation_text(e: Escalation) -> str:
    return f"A blocker on the {e.partnership} partnership has been open for {e.open_days} days"


def escalation_blocks(e: Escalation) -> list[dict]:
    blocks = [_section(f"A blocker on the *{escape(short(e.partnership))}* partnership you sponsor has been open "
                       f"for {e.open_days} days (reported by <@{e.reporter_user}> on {format_date(e.reported)}):\n"
                       f">{escape(short(e.text, 2000))}")]
    if e.advice:
        lines = [f"• {line[2:]}" if line.startswith("- ") else line for line in map(escape, e.advice)]
        blocks += packed(lines, 3)[0]
    else:
        blocks.append(_section("The knowledge base has no advice for this kind of barrier."))
    if e.handled:
        by = f" by {escape(e.handled_by)}" if e.handled_by else ""
        return blocks + [{"type": "context", "elements": [
            {"type": "mrkdwn", "text": f"Marked handled{by} on {format_date(e.handled)}."}]}]
    value = json.dumps({"m": e.message_id, "n": e.note_id})
    buttons = [("escalation_handled", "Mark handled")]
    if e.asked_to_talk:
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": f"<@{e.reporter_user}> knows you want to talk about it: message them."}]})
    else:
        buttons.insert(0, ("escalation_reply", short(f"Reply to {e.reporter}", 75)))
    return blocks + [{"type": "actions", "block_id": ESCALATION_BLOCK, "elements": [
        {"type": "button", "action_id": action_id, "text": {"type": "plain_text", "text": label}, "value": value}
        for action_id, label in buttons]}]
