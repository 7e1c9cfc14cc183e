"""The partner health check in Slack DMs: each Slack member invited to a round gets one
DM showing a statement with a button per answer; a click saves the answer (as the web
page does, through bot/survey/rounds.py) and updates the same message to the next
statement, so the DM never fills up. Only the member the DM was meant for can answer
in it; a click after the round closed stores nothing.

Invitations are recorded first (by the action server, `/coach checkup` or the CLI) and
sent from here: right after the turn or command that made them, and every
DELIVER_EVERY seconds for those made elsewhere. Each is marked sent before it is sent,
so two app processes never send the same one."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from slack_sdk.web.async_client import AsyncWebClient

from bot import dates
from bot.knowledge import knowledge
from bot.slack import checkup_blocks, people
from bot.slack.thread_pools import run_blocking
from bot.store.db import session_scope
from bot.store.models import SurveyRespondent, utcnow
from bot.store.people import Identity
from bot.survey import rounds

logger = logging.getLogger(__name__)
DELIVER_EVERY = 30  # seconds
RATINGS = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "dk": rounds.DONT_KNOW}


def dm_view(session, respondent: SurveyRespondent, number: int | None = None) -> checkup_blocks.DmView:
    """What the DM shows: statement `number`, else the first unanswered, else the thanks."""
    found = respondent.round
    answers = rounds.answers_of(respondent)
    items = rounds.items()
    base = dict(round_id=found.id, partnership=found.partnership.name,
                invited_by=found.partnership.owner.shown_name, closes=dates.format_date(rounds.closed_at(found).date()),
                minimum=rounds.minimum(session, found.partnership), link=rounds.link_for(respondent),
                total=len(items), answered=len(answers))
    if number is None or not 1 <= number <= len(items):
        upcoming = rounds.next_unanswered(answers)
        if upcoming is None:
            return checkup_blocks.DmView(**base)
        number = upcoming[0]
    item = items[number - 1]
    return checkup_blocks.DmView(**base, number=number, statement=item["statement"],
                                 domain=knowledge().domains[item["domain"]]["name"],
                                 current=answers.get(item["id"]), first=not answers)


def message_for(view: checkup_blocks.DmView) -> dict:
    return checkup_blocks.statement_message(view) if view.number else checkup_blocks.done_message(view)


def clicked(team: str, user: str, round_id: int, number: int, answer: str | None, now: datetime) -> dict:
    """A button in someone's health check DM: save the answer (if one was clicked) and
    return the message to show next."""
    with people.session_for(Identity(team, user)) as (session, me):
        try:
            respondent = rounds.respondent_for_member(session, round_id, me, now)
        except rounds.LinkRefused as refused:
            return checkup_blocks.closed_message(refused.reason)
        items = rounds.items()
        if answer is None:
            return message_for(dm_view(session, respondent, number))
        if answer not in RATINGS or not 1 <= number <= len(items):
            return message_for(dm_view(session, respondent))
        rounds.record_answer(session, respondent, items[number - 1]["id"], RATINGS[answer], now)
        answered = set(rounds.answers_of(respondent))
        after = [n for n, item in enumerate(items, start=1) if n > number and item["id"] not in answered]
        return message_for(dm_view(session, respondent, after[0] if after else None))


def _undelivered(team: str | None) -> list[tuple[int, str]]:
    with session_scope() as session:
        return [(r.id, r.person.external_id) for r in rounds.undelivered_dms(session, team, utcnow())]


def _claim(respondent_id: int) -> dict | None:
    """Mark the DM sent and return it; None when another process has it."""
    with session_scope() as session:
        if not rounds.claim_dm(session, respondent_id, utcnow()):
            return None
        return message_for(dm_view(session, session.get(SurveyRespondent, respondent_id)))


def _unclaim(respondent_id: int) -> None:
    with session_scope() as session:
        rounds.unclaim_dm(session, respondent_id)


async def deliver(client: AsyncWebClient, team: str | None = None) -> int:
    """Send the health check DMs waiting to go out (of `team`, or all); how many were sent."""
    sent = 0
    for respondent_id, user in await run_blocking(_undelivered, team):
        message = await run_blocking(_claim, respondent_id)
        if message is None:
            continue
        try:
            channel = await people.dm_with(client, user)
            await client.chat_postMessage(channel=channel, **message)
            sent += 1
        except Exception:
            logger.exception("could not send the health check DM of respondent %s", respondent_id)
            await run_blocking(_unclaim, respondent_id)
    return sent


async def deliver_forever(client: AsyncWebClient) -> None:
    """Invitations made outside the Slack app (the CLI) go out within DELIVER_EVERY seconds."""
    while True:
        try:
            await deliver(client)
        except Exception:
            logger.exception("health check DM delivery failed")
        await asyncio.sleep(DELIVER_EVERY)


async def deliver_after_turn(client: AsyncWebClient, team: str) -> None:
    """After a chat turn: the DMs it may have asked for ("send the health check to the
    partnership"); a failure here never spoils the turn."""
    try:
        await deliver(client, team)
    except Exception:
        logger.exception("health check DM delivery after a turn failed")
