"""Block Kit for the coach's replies: headers, bullets, source lines as context,
buttons; split under Slack's limits; user text escaped so it can never ping
@channel or forge a link."""

from __future__ import annotations

from bot.engine_client import Reply

SECTION_LIMIT = 3000      # characters in one section's text
BLOCKS_PER_MESSAGE = 50
FALLBACK_LIMIT = 3000     # the notification text
BUTTON_TITLE_LIMIT = 75
HEADER_LIMIT = 150


def escape(text: str) -> str:
    """Slack's control characters: with these escaped, <!channel> and <url|label> are inert."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _mrkdwn_line(line: str) -> str:
    stripped = line.lstrip()
    if stripped.startswith("- "):
        return line[: len(line) - len(stripped)] + "• " + stripped[2:]
    return line


def sections(lines: list[str]) -> list[dict]:
    """Consecutive lines packed into sections of at most SECTION_LIMIT characters."""
    sections, current = [], ""
    for line in lines:
        while len(line) > SECTION_LIMIT:  # one enormous line: cut it
            if current:
                sections.append(current)
                current = ""
            sections.append(line[:SECTION_LIMIT])
            line = line[SECTION_LIMIT:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > SECTION_LIMIT:
            sections.append(current)
            candidate = line
        current = candidate
    if current:
        sections.append(current)
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}} for text in sections]


def reply_blocks(reply: Reply) -> list[dict]:
    lines = [_mrkdwn_line(escape(line)) for line in reply.text.splitlines()]
    blocks: list[dict] = []
    if len(lines) > 2 and len(lines[0]) <= HEADER_LIMIT and not lines[0].startswith("•"):
        blocks.append({"type": "header", "text": {"type": "plain_text", "text": reply.text.splitlines()[0]}})
        lines = lines[1:]
    sources = [line for line in lines if line.startswith("Source: ")]
    blocks += sections([line for line in lines if not line.startswith("Source: ")])
    blocks += [{"type": "context", "elements": [{"type": "mrkdwn", "text": line[:SECTION_LIMIT]}]}
               for line in sources]
    if reply.buttons:
        blocks.append({"type": "actions", "block_id": "coach_choices", "elements": [
            {"type": "button", "action_id": f"coach_choice_{n}",
             "text": {"type": "plain_text", "text": b.get("title", "")[:BUTTON_TITLE_LIMIT]},
             "value": b.get("payload", "")[:2000]}
            for n, b in enumerate(reply.buttons[:25])
        ]})
    return blocks


def messages(replies: list[Reply]) -> list[dict]:
    """chat.postMessage arguments (text + blocks) for the replies, each under the limits."""
    result = []
    for reply in replies:
        blocks = reply_blocks(reply)
        for start in range(0, len(blocks), BLOCKS_PER_MESSAGE):
            chunk = blocks[start:start + BLOCKS_PER_MESSAGE]
            result.append({"text": escape(reply.text)[:FALLBACK_LIMIT] or "…", "blocks": chunk})
    return result


def chosen(blocks: list[dict], title: str) -> list[dict]:
    """The clicked message's blocks with its buttons replaced by what was chosen."""
    kept = [b for b in blocks if b.get("type") != "actions"]
    return kept + [{"type": "context", "elements": [{"type": "mrkdwn", "text": f"You chose: *{escape(title)}*"}]}]
