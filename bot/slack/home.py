"""The App Home tab: my partnerships and their current step, my open commitments
(overdue first), stalled goals, and the latest chart of each partnership
(bot/slack/home_charts.py). Published when opened and after each turn."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import OperationalError

from bot import dates, status
from bot.knowledge import knowledge
from bot.slack import home_charts
from bot.slack.blocking import run_blocking
from bot.slack.people import SlackPerson
from bot.slack.render import escape
from bot.store import repository
from bot.store.db import DatabaseUnavailable, session_scope

logger = logging.getLogger(__name__)


def _section(title: str, lines: list[str], empty: str) -> list[dict]:
    body = "\n".join(f"• {line}" for line in lines) if lines else f"_{empty}_"
    return [{"type": "header", "text": {"type": "plain_text", "text": title}},
            {"type": "section", "text": {"type": "mrkdwn", "text": body[:3000]}}]


def home_blocks(person: SlackPerson, now: datetime | None = None) -> list[dict]:
    now = now or datetime.now(timezone.utc)
    today = dates.today_in(person.tz, now)
    steps = {s["id"]: s["name"] for s in knowledge().steps}
    with session_scope() as session:
        me = repository.person_for(session, person.identity)
        partnerships = [f"*{escape(p.name)}*: {steps.get(p.current_step, 'all steps answered')}"
                        for p in repository.partnerships_of(session, me)]
        commitments = []
        for c in repository.open_commitments(session, me):
            due = dates.format_date(c.due_date) if c.due_date else "no due date"
            late = " *(overdue)*" if c.due_date and c.due_date < today else ""
            commitments.append(f"{escape(c.text)}: due {due}{late}")
        stalled = [f"{escape(g.description)}" for g in repository.stalled_goals(session, me, now)]
        blocks = (_section("My partnerships", partnerships, "None yet. Message me \"start a partnership with ...\".")
                  + _section("My open commitments", commitments, "Nothing open.")
                  + _section("Stalled goals", stalled, "None stalled."))
        if me.is_leader:
            blocks += _section("Every partnership in the workspace", workspace_standings(session, me, now, today),
                               "No partnerships in this workspace yet.")
        blocks += home_charts.section(session, me)
    return blocks


def workspace_standings(session, leader, now: datetime, today) -> list[str]:
    """For a leader: each partnership in the workspace, whose it is, and how it stands."""
    return [escape(status.line(status.standing(p, now, today, leader.workspace.stall_days), with_owner=True))
            for p in repository.visible_partnerships(session, leader)]


async def publish(client: AsyncWebClient, person: SlackPerson) -> None:
    try:
        blocks = await run_blocking(home_blocks, person)
        try:
            await client.views_publish(user_id=person.user, view={"type": "home", "blocks": blocks})
        except SlackApiError:
            if (without := home_charts.without_charts(blocks)) is None:
                raise
            await client.views_publish(user_id=person.user, view={"type": "home", "blocks": without})
    except (DatabaseUnavailable, OperationalError, SlackApiError):
        logger.exception("could not refresh the App Home of %s", person.user)
