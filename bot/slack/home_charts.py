"""The App Home's charts: the latest chart uploaded for the person (`/coach report`) of
each partnership they may see, as image blocks referencing the Slack file by id (Block
Kit's slack_file object, which needs no public URL)."""

from __future__ import annotations

from bot.slack import checkup_blocks
from bot.store import chart_uploads

TITLES = {"health": "health check", "goal": "goal progress"}


def section(session, person) -> list[dict]:
    latest = chart_uploads.latest_for(session, person)
    if not latest:
        return []
    blocks = [{"type": "header", "text": {"type": "plain_text", "text": "Latest charts"}}]
    for partnership, upload in latest:
        blocks += checkup_blocks.chart_blocks(partnership.name, [(TITLES.get(upload.kind, upload.kind),
                                                                  upload.file_id, upload.alt_text)])
    return blocks


def without_charts(blocks: list[dict]) -> list[dict] | None:
    """The Home without its charts (a chart's file deleted in Slack must not blank the
    whole Home); None when there were none to leave out."""
    kept = [b for b in blocks if b.get("type") != "image"
            and not (b.get("type") == "header" and b["text"]["text"] == "Latest charts")]
    return kept if len(kept) != len(blocks) else None
