"""Checklists: the generic formation checklist from the knowledge base, and one
partnership's, each item done, missing or at risk, computed from what is stored.

Each item is *done*, *open* or *at risk* as the answers showed it (bot/step_review.py):
done only on evidence or the person's confirmation, at risk only where a red flag or
an open blocker touches the item's own factors."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from bot import briefing, step_review
from bot.knowledge import knowledge
from bot.store.models import Partnership


@dataclass(frozen=True)
class ChecklistRow:
    step: str
    item: str
    why: str
    state: str          # done | open | at risk
    owner: str | None   # who owns an open item


def partnership_checklist(partnership: Partnership, today: date) -> list[ChecklistRow]:
    current = step_review.states(partnership)
    owner = partnership.owner.shown_name
    return [ChecklistRow(step["name"], item["item"], item["why"], current[item["id"]],
                         None if current[item["id"]] == "done" else owner)
            for step in knowledge().steps for item in step["checklist"]]


def generic_checklist() -> list[ChecklistRow]:
    return [ChecklistRow(step["name"], item["item"], item["why"], "open", None)
            for step in knowledge().steps for item in step["checklist"]]


MARKS = {"done": "[x]", "at risk": "[!]", "open": "[ ]"}


def as_text(title: str, rows: list[ChecklistRow]) -> str:
    """For chat: grouped by step, one line per item."""
    lines, step, number = [title], None, 0
    for row in rows:
        if row.step != step:
            step, number = row.step, number + 1
            lines.append(f"{number}. {step}")
        owner = f" (owner: {row.owner})" if row.owner else ""
        lines.append(f"   {MARKS[row.state]} {row.item.rstrip('.')} - {row.why}{owner}")
    return "\n".join(lines)


def for_chat(title: str, rows: list[ChecklistRow]) -> str:
    """One partnership's checklist in a chat message: each step with how much is done, and
    its items without their reasons (those are in the exported file)."""
    lines, number = [title], 0
    for step in dict.fromkeys(row.step for row in rows):
        items = [row for row in rows if row.step == step]
        number += 1
        lines.append(f"{number}. {step} ({sum(r.state == 'done' for r in items)} of {len(items)} done)")
        lines += [f"   {MARKS[row.state]} {row.item.rstrip('.')}" for row in items]
    return "\n".join(lines)


def as_markdown(title: str, rows: list[ChecklistRow]) -> str:
    lines, step = [f"# {title}", ""], None
    for row in rows:
        if row.step != step:
            step = row.step
            lines += ["", f"## {step}", ""]
        owner = f" *(owner: {row.owner})*" if row.owner else ""
        state = "" if row.state == "open" else f" **{row.state}**"
        lines.append(f"- {MARKS[row.state]}{state} {row.item.rstrip('.')} - {row.why}{owner}")
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def as_csv(rows: list[ChecklistRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["step", "item", "why", "state", "owner"])
    writer.writerows([row.step, row.item, row.why, row.state, row.owner or ""] for row in rows)
    return out.getvalue()


def checklist_file(partnership: Partnership, today: date, now: datetime, file_format: str) -> tuple[str, str, str]:
    """(filename, content, title) of one partnership's checklist as Markdown (the
    briefing for command staff, as of `now`, then the items) or CSV (the items only)."""
    rows = partnership_checklist(partnership, today)
    title = f"Checklist for the {partnership.name} partnership ({today:%d %B %Y})"
    slug = "".join(ch if ch.isalnum() else "-" for ch in partnership.name.lower()).strip("-")
    if file_format == "csv":
        return f"checklist-{slug}.csv", as_csv(rows), title
    summary = briefing.as_markdown(briefing.briefing(partnership, today, now))
    return f"checklist-{slug}.md", f"{summary}\n{as_markdown(title, rows)}", title
