"""The App Home tab: my partnerships and their current step, my open commitments
(earliest due first, the overdue marked), my goals that are stalled or behind pace, and
the latest chart of each partnership (bot/slack/home_charts.py); for a leader, how every
partnership stands. Published when opened, and after a turn that changed it. What counts
as overdue, stalled and behind pace is bot/standing.py's."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime, timezone

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import OperationalError

from bot import dates, partnership_status, standing
from bot.knowledge import knowledge
from bot.slack import home_charts, render
from bot.slack.people import SlackPerson, session_for
from bot.slack.render import escape
from bot.slack.thread_pools import run_blocking
from bot.store.commitments import open_commitments
from bot.store.db import DatabaseUnavailable
from bot.store.partnerships import partnerships_of, visible_partnerships

logger = logging.getLogger(__name__)


def _section(title: str, lines: list[str], empty: str) -> list[dict]:
    """A header and every line under it, in as many sections as they need: nudges send
    people here for the items a message had no room for."""
    body = render.sections([f"• {line}" for line in lines]) if lines else render.sections([f"_{empty}_"])
    return [{"type": "header", "text": {"type": "plain_text", "text": title}}, *body]


def home_blocks(person: SlackPerson, now: datetime | None = None) -> list[dict]:
    now = now or datetime.now(timezone.utc)
    steps = {s["id"]: s["name"] for s in knowledge().steps}
    with session_for(person.identity) as (session, me):
        partnerships = [f"*{escape(p.name)}*: {steps.get(p.current_step, 'all steps answered')}"
                        for p in partnerships_of(session, me)]
        commitments = []
        for c in open_commitments(session, me):
            due = dates.format_date(c.due_date) if c.due_date else "no due date"
            late = " *(overdue)*" if standing.commitment_overdue(c, now) else ""
            commitments.append(f"{escape(c.text)}: due {due}{late}")
        blocks = (_section("My partnerships", partnerships, "None yet. Message me \"start a partnership with ...\".")
                  + _section("My open commitments", commitments, "Nothing open.")
                  + _section("Goals stalled or behind pace", goals_needing_attention(session, me, now),
                             "None stalled or behind pace."))
        if me.is_leader:
            blocks += _section("Every partnership in the workspace", workspace_standings(session, me, now),
                               "No partnerships in this workspace yet.")
        blocks += home_charts.section(session, me)
    return blocks


def goals_needing_attention(session, me, now: datetime) -> list[str]:
    """The goals of my partnerships that are stalled or behind pace (bot/standing.py)."""
    mine = standing.owners_goals(session, me)
    paces = standing.goals_behind_pace(session, mine, standing.owner_today(me.timezone, now))
    lines = []
    for goal in mine:
        if standing.goal_stalled(goal, now, me.workspace.stall_days):
            lines.append(f"{escape(goal.description)}: no progress note for {standing.quiet_days(goal, now)} days")
        if goal.id in paces:
            lines.append(f"{escape(goal.description)}: behind pace, {escape(paces[goal.id].detail)}")
    return lines


def workspace_standings(session, leader, now: datetime) -> list[str]:
    """For a leader: each partnership in the workspace, whose it is, and how it stands."""
    return [escape(partnership_status.line(partnership_status.standing(p, now), with_owner=True))
            for p in visible_partnerships(session, leader)]


# What this process last published to each person's App Home, so a turn that changed
# nothing on it costs no views.publish call (Slack rate-limits them per workspace).
# Opening the tab always publishes, which also mends what another process published.
_last_published: dict[tuple[str, str], str] = {}


async def publish(client: AsyncWebClient, person: SlackPerson, only_if_changed: bool = False) -> None:
    try:
        blocks = await run_blocking(home_blocks, person)
        fingerprint = hashlib.sha256(json.dumps(blocks, sort_keys=True).encode()).hexdigest()
        if only_if_changed and _last_published.get((person.team, person.user)) == fingerprint:
            return
        try:
            await client.views_publish(user_id=person.user, view={"type": "home", "blocks": blocks})
        except SlackApiError:
            if (without := home_charts.without_charts(blocks)) is None:
                raise
            await client.views_publish(user_id=person.user, view={"type": "home", "blocks": without})
        _last_published[(person.team, person.user)] = fingerprint
    except (DatabaseUnavailable, OperationalError, SlackApiError):
        logger.exception("could not refresh the App Home of %s", person.user)
