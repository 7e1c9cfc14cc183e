"""A partnership's report for people to read and pass on: the latest health check
round's results (together only) and each goal's progress, as a Markdown summary and the
charts it refers to (bot/charts.py). `coach report --out DIR` writes them to a folder;
`/coach report PARTNERSHIP` posts the summary and uploads the charts to Slack."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from bot import charts, dates, goals
from bot.store.models import Partnership
from bot.survey import results, rounds


@dataclass(frozen=True)
class Report:
    partnership: str
    summary: str                       # plain lines, for chat
    markdown: str                      # the file beside the charts
    charts: list[tuple[str, charts.Chart]] = field(default_factory=list)  # (kind: health | goal, chart)


def build(session: Session, partnership: Partnership, now: datetime) -> Report:
    lines: list[str] = []
    markdown = [f"# Report: the {partnership.name} partnership ({dates.format_date(now.date())})", "",
                "## Health check", ""]
    drawn: list[tuple[str, charts.Chart]] = []
    found = next(iter(rounds.rounds_of(session, partnership)), None)
    if found is None:
        lines.append(f"No health check round yet: `/coach checkup {partnership.name}` sends one to the partnership.")
        markdown.append(lines[-1])
    else:
        result = results.compute(session, found, now)
        lines += results.report_lines(result)
        markdown.append(results.as_markdown(result).replace("# ", "### ", 1))
        if (chart := charts.health_chart(result)) is not None:
            drawn.append(("health", chart))
            markdown += ["", _image(chart)]
    markdown += ["", "## Goals", ""]
    lines.append("Goals:")
    if not partnership.goals:
        lines.append("- none recorded yet")
        markdown.append("No goals recorded yet.")
    for goal in partnership.goals:
        notes = [n for n in partnership.progress_notes if n.goal_id == goal.id and n.kind == "progress"]
        try:
            chart = charts.goal_chart(goal, notes)
        except charts.NotChartable as missing:
            lines.append(f"- {goals.describe(goal)} (no chart: {missing})")
            markdown.append(f"- {goals.describe(goal)} (no chart: {missing})")
            continue
        drawn.append(("goal", chart))
        lines.append(f"- {goals.describe(goal)}")
        markdown += [f"### {goals.describe(goal)}", "", chart.alt_text, "", _image(chart), ""]
    return Report(partnership.name, "\n".join(lines), "\n".join(markdown).rstrip() + "\n", drawn)


def _image(chart: charts.Chart) -> str:
    alt = chart.alt_text.replace("[", "(").replace("]", ")")
    return f"![{alt}]({chart.filename})"
