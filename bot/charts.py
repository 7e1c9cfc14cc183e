"""Pictures of how a partnership stands, as PNG bytes, each with the alt text that says
the same in words:

- the health check by domain: police against partners (or everyone, while a side has
  too few answers), on the 1-5 scale with the Wilder bands shaded and their
  thresholds marked (2.9 or less a concern, 3.0-3.9 borderline, 4.0 or more a strength);
- a goal's progress: baseline at the start, each progress note with a figure, the
  target at its date, and the straight pace line from baseline to target.

matplotlib with the Agg backend, through Figure objects only (no pyplot state), so
charts can be drawn from several threads at once."""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from datetime import date

import matplotlib

matplotlib.use("Agg")
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure

from bot import dates, goals
from bot.survey.results import RoundResult

POLICE_COLOUR, PARTNER_COLOUR, EVERYONE_COLOUR = "#0b4f8a", "#c45a00", "#3d3d3d"  # apart in colour and lightness
BANDS = [(1.0, 3.0, "#f6d5d5", "Concern (2.9 or less)"), (3.0, 4.0, "#f7ecc8", "Borderline (3.0-3.9)"),
         (4.0, 5.0, "#d7ecd9", "Strength (4.0 or more)")]
DPI = 150


@dataclass(frozen=True)
class Chart:
    filename: str
    title: str
    png: bytes
    alt_text: str


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, bbox_inches="tight")
    return out.getvalue()


# -- the health check ---------------------------------------------------------------

def health_chart(result: RoundResult) -> Chart | None:
    """The round's domain averages; None while too few have answered to show any."""
    shown = [d for d in result.domains if d.average is not None]
    if not result.shown or not shown:
        return None
    if result.sides_shown:
        series = [(f"Police ({result.police_answered} answered)", [d.police for d in shown], POLICE_COLOUR, ""),
                  (f"Partners ({result.partner_answered} answered)", [d.partner for d in shown], PARTNER_COLOUR, "//")]
    else:
        series = [(f"Everyone ({result.answered} answered; police and partners apart once each side has "
                   f"{result.minimum})", [d.average for d in shown], EVERYONE_COLOUR, "")]
    figure = Figure(figsize=(8.5, 2.2 + 0.75 * len(shown)), layout="constrained")
    axes = figure.subplots()
    for low, high, colour, label in BANDS:
        axes.axvspan(low, high, color=colour, zorder=0, label=label)
    # The verdict changes at 3.0 and 4.0: "2.9 or less" and "3.9 or less" in Wilder's one decimal.
    for threshold, said in ((3.0, "2.9 | 3.0"), (4.0, "3.9 | 4.0")):
        axes.axvline(threshold, color="#1b1b1b", linestyle="--", linewidth=1, zorder=1)
        axes.annotate(said, (threshold, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 3),
                      textcoords="offset points", ha="center", va="bottom", fontsize=9)
    height = 0.8 / len(series)
    for n, (label, values, colour, hatch) in enumerate(series):
        places = [row + (n - (len(series) - 1) / 2) * height for row in range(len(shown))]
        drawn = [(place, value) for place, value in zip(places, values) if value is not None]
        bars = axes.barh([p for p, _ in drawn], [v - 1 for _, v in drawn], left=1, height=height * 0.9,
                         color=colour, hatch=hatch, edgecolor="white", label=label, zorder=2)
        axes.bar_label(bars, labels=[f"{v:.2f}" for _, v in drawn], padding=3, fontsize=9,
                       bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    axes.set_yticks(range(len(shown)), [_row_label(d, result.sides_shown) for d in shown])
    axes.invert_yaxis()
    axes.set_xlim(1, 5.35)
    axes.set_xticks([1, 2, 3, 4, 5])
    axes.set_xlabel("Average rating (1 = strongly disagree, 5 = strongly agree; \"don't know\" left out)")
    axes.set_title(f"Health check of the {result.partnership} partnership\n"
                   f"{result.answered} of {result.invited} answered, round "
                   f"{'open until' if result.still_open else 'closed'} {_day(result.closes_at.date())}",
                   fontsize=12, pad=18)
    figure.legend(loc="outside lower center", ncol=3, fontsize=8, frameon=False)
    png = _png(figure)
    return Chart("health-check.png", f"Health check of the {result.partnership} partnership", png,
                 health_alt_text(result))


def _row_label(domain, sides_shown: bool) -> str:
    if domain.flagged:
        return f"{domain.name}\n(apart by {domain.gap:.2f})"
    if sides_shown and (domain.police is None or domain.partner is None):
        return f"{domain.name}\n({'police' if domain.police is None else 'partners'}: too few ratings)"
    return domain.name


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def health_alt_text(result: RoundResult) -> str:
    parts = []
    for d in result.domains:
        if d.average is None:
            parts.append(f"{d.name} not shown (too few ratings)")
        elif result.sides_shown and d.police is not None and d.partner is not None:
            parts.append(f"{d.name} police {d.police:.2f}, partners {d.partner:.2f}"
                         + (f" ({d.gap:.2f} apart)" if d.flagged else ""))
        else:
            parts.append(f"{d.name} {d.average:.2f} ({d.verdict})")
    who = "police against partners" if result.sides_shown else "everyone together"
    text = (f"Bar chart of the health check of the {result.partnership} partnership by domain, average rating from "
            f"1 to 5, {who}, {result.answered} answered: " + "; ".join(parts)
            + ". Wilder bands: 2.9 or less a concern, 3.0 to 3.9 borderline, 4.0 or more a strength.")
    return text[:2000]


# -- a goal's progress --------------------------------------------------------------

@dataclass(frozen=True)
class GoalSeries:
    title: str
    unit: str | None
    start: date
    baseline: float
    target_date: date
    target: float
    progress: list[tuple[date, float]]


class NotChartable(ValueError):
    """What a goal lacks to be drawn, in words."""


def _relative(said: str, baseline: float, unit: str | None) -> float:
    """"-30%" of 120 calls -> 84; "-5" of 18% -> 13; "+50" of 200 -> 250."""
    amount = goals.number_in(said) or 0.0
    if said.strip().endswith("%") and unit != "%":
        return baseline * (1 + amount / 100)
    return baseline + amount


def goal_series(goal, notes) -> GoalSeries:
    """The figures to draw; NotChartable when the goal has no baseline, target or date."""
    baseline = goals.number_in(goal.baseline)
    if baseline is None:
        raise NotChartable("no baseline figure")
    if not goal.target or goals.number_in(goal.target) is None:
        raise NotChartable("no target figure")
    if goal.target_date is None:
        raise NotChartable("no target date")
    target = (_relative(goal.target.lstrip("+"), baseline, goal.unit) if goal.target.startswith(("-", "+"))
              else goals.number_in(goal.target))
    progress = []
    for note in sorted(notes, key=lambda n: (n.created_at, n.id)):
        value = _reported(goal, note.text, baseline)
        if value is not None:
            progress.append((note.created_at.date(), value))
    return GoalSeries(goals.title(goal), goal.unit, goal.created_at.date(), baseline, goal.target_date, target, progress)


def _reported(goal, said: str, baseline: float) -> float | None:
    """The level a progress note reports: "down 12%" from the baseline, or "now at 14%"."""
    change = goals.REPORTED_CHANGE.search(said)
    if change:
        falling = change["dir"].lower() in ("down", "fell", "dropped", "decreased", "reduced", "cut", "lower")
        return _relative(("-" if falling else "+") + goals.tidy(change["n"]), baseline, goal.unit)
    if not re.search(goals.NUM, said):
        return None
    try:
        return goals._in_goal_unit(said, goal)  # "down to 4 hrs" on a goal in minutes is 240
    except (ValueError, TypeError):
        return None


def pace_at(series: GoalSeries, day: date) -> float:
    """Where the straight line from baseline to target stands on `day`."""
    span = (series.target_date - series.start).days or 1
    return series.baseline + (series.target - series.baseline) * (day - series.start).days / span


def _figure_text(value: float, unit: str | None) -> str:
    number = f"{value:,.1f}".rstrip("0").rstrip(".")
    return f"{number}%" if unit == "%" else f"{number} {unit}" if unit else number


def goal_chart(goal, notes) -> Chart:
    """NotChartable when the goal lacks a baseline, a target or a date."""
    series = goal_series(goal, notes)
    figure = Figure(figsize=(8.5, 5.0), layout="constrained")
    axes = figure.subplots()
    start, end = date2num(series.start), date2num(series.target_date)
    axes.plot([start, end], [series.baseline, series.target], linestyle="--", color="#595959", linewidth=1.5,
              label="Pace needed (straight line from baseline to target)")
    axes.plot([start], [series.baseline], marker="o", markersize=9, linestyle="none", color=EVERYONE_COLOUR,
              label=f"Baseline {_figure_text(series.baseline, series.unit)} ({_day(series.start)})")
    if series.progress:
        axes.plot([start] + [date2num(d) for d, _ in series.progress],
                  [series.baseline] + [v for _, v in series.progress], marker="s", markersize=7,
                  color=POLICE_COLOUR, linewidth=2, label="Progress reported")
    axes.plot([end], [series.target], marker="*", markersize=16, linestyle="none", color=PARTNER_COLOUR,
              label=f"Target {_figure_text(series.target, series.unit)} by {_day(series.target_date)}")
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.set_xlabel("Date")
    axes.set_ylabel(textwrap.fill(f"{series.title} ({series.unit})" if series.unit else series.title, 40))
    axes.grid(True, color="#d0d0d0", linewidth=0.6)
    axes.set_title(f"Goal: {series.title}", fontsize=12)
    figure.legend(loc="outside lower center", ncol=2, fontsize=8, frameon=False)
    slug = re.sub(r"[^a-z0-9]+", "-", series.title.lower()).strip("-")[:40] or "goal"
    return Chart(f"goal-{goal.id}-{slug}.png", f"Goal: {series.title}", _png(figure), goal_alt_text(series))


def goal_alt_text(series: GoalSeries) -> str:
    unit = series.unit
    text = (f"Line chart of the goal {series.title}: baseline {_figure_text(series.baseline, unit)} on "
            f"{dates.format_date(series.start)}, target {_figure_text(series.target, unit)} by "
            f"{dates.format_date(series.target_date)}, with a dashed straight pace line between them. ")
    if not series.progress:
        return (text + "No progress with a figure reported yet.")[:2000]
    reported = [f"{_figure_text(v, unit)} on {_day(day)} (pace {_figure_text(pace_at(series, day), unit)})"
                for day, v in series.progress]
    day, value = series.progress[-1]
    towards = series.target - series.baseline
    ahead = (value - pace_at(series, day)) * (1 if towards >= 0 else -1)
    standing = "on pace" if abs(ahead) < 1e-9 else "ahead of pace" if ahead > 0 else "behind pace"
    return (text + "Reported: " + "; ".join(reported) + f". The latest figure is {standing}.")[:2000]
