"""Checklists: the generic formation checklist from the knowledge base, and one
partnership's, each item done, missing or at risk, computed from what is stored.

An item is *done* when its step was answered, *missing* when the step is unanswered
or skipped, and *at risk* when its step was answered but the partnership has overdue
commitments or open blockers recorded against it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from bot.knowledge import knowledge
from bot.store.models import Partnership


@dataclass(frozen=True)
class ChecklistRow:
    step: str
    item: str
    why: str
    state: str          # done | missing | at risk
    owner: str | None   # who owns an open item


def partnership_checklist(partnership: Partnership, today: date) -> list[ChecklistRow]:
    answered = {a.step_id for a in partnership.answers if a.status == "answered"}
    overdue = any(c.status == "open" and c.due_date and c.due_date < today for c in partnership.commitments)
    blocked = any(n.kind == "blocker" for n in partnership.progress_notes)
    owner = partnership.owner.shown_name
    rows = []
    for step in knowledge().steps:
        if step["id"] not in answered:
            state = "missing"
        elif overdue or blocked:
            state = "at risk"
        else:
            state = "done"
        rows += [ChecklistRow(step["name"], item["item"], item["why"], state, None if state == "done" else owner)
                 for item in step["checklist"]]
    return rows


def generic_checklist() -> list[ChecklistRow]:
    return [ChecklistRow(step["name"], item["item"], item["why"], "open", None)
            for step in knowledge().steps for item in step["checklist"]]


MARKS = {"done": "[x]", "missing": "[ ]", "at risk": "[!]", "open": "[ ]"}


def as_text(title: str, rows: list[ChecklistRow]) -> str:
    """For chat: grouped by step, one line per item."""
    lines, step, number = [title], None, 0
    for row in rows:
        if row.step != step:
            step, number = row.step, number + 1
            lines.append(f"{number}. {step}")
        owner = f" (owner: {row.owner})" if row.owner else ""
        lines.append(f"   {MARKS[row.state]} {row.item}: {row.why}{owner}")
    return "\n".join(lines)


def as_markdown(title: str, rows: list[ChecklistRow]) -> str:
    lines, step = [f"# {title}", ""], None
    for row in rows:
        if row.step != step:
            step = row.step
            lines += ["", f"## {step}", ""]
        owner = f" *(owner: {row.owner})*" if row.owner else ""
        state = "" if row.state == "open" else f" **{row.state}**"
        lines.append(f"- {MARKS[row.state]}{state} {row.item}: {row.why}{owner}")
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def as_csv(rows: list[ChecklistRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["step", "item", "why", "state", "owner"])
    writer.writerows([row.step, row.item, row.why, row.state, row.owner or ""] for row in rows)
    return out.getvalue()


def checklist_file(partnership: Partnership, today: date, file_format: str) -> tuple[str, str, str]:
    """(filename, content, title) of one partnership's checklist as Markdown or CSV."""
    rows = partnership_checklist(partnership, today)
    title = f"Checklist for the {partnership.name} partnership ({today:%d %B %Y})"
    slug = "".join(ch if ch.isalnum() else "-" for ch in partnership.name.lower()).strip("-")
    if file_format == "csv":
        return f"checklist-{slug}.csv", as_csv(rows), title
    return f"checklist-{slug}.md", as_markdown(title, rows), title
