"""The partner health check in Slack: `/coach checkup PARTNERSHIP [close]` (invite the
partnership, or close its round early), `/coach report PARTNERSHIP` (the results and
the charts, uploaded to the DM) and the buttons of the health check DMs."""

from __future__ import annotations

import json
import re

from bot import report
from bot.engine_client import Reply
from bot.slack import checkup_blocks, checkup_dms, home, people, render
from bot.slack.thread_pools import run_blocking
from bot.store import chart_uploads, partnerships
from bot.store.db import session_scope
from bot.store.models import utcnow
from bot.store.partnerships import PartnershipLookupError
from bot.store.people import Identity
from bot.survey import invites, rounds

CHECKUP_USAGE = ("Say which partnership: `/coach checkup PARTNERSHIP` sends its health check to everyone in it "
                 "(police and partners); `/coach checkup PARTNERSHIP close` closes the round early.")


def checkup_request(text: str) -> tuple[str, str]:
    """'checkup mercy hospital close' -> ('mercy hospital', 'close'); else the mode is 'invite'."""
    words = text.strip().split()[1:]
    mode = words.pop().lower() if words and words[-1].lower() == "close" else "invite"
    return " ".join(words), mode


def invite_or_close(identity: Identity, name: str, mode: str) -> str:
    with people.session_for(identity) as (session, me):
        partnership = partnerships.find_partnership(session, me, name)
        now = utcnow()
        if mode == "close":
            if not invites.may_invite(me, partnership):
                raise invites.NotAllowed(partnership)
            found = rounds.open_round(session, partnership, now)
            if found is None:
                return f"The {partnership.name} partnership has no health check round open."
            rounds.close_round(found, now)
            return (f"Closed the health check round of the {partnership.name} partnership: its links and buttons "
                    "no longer take answers. Say `/coach report " + partnership.name + "` for the results.")
        return "\n".join(invites.roster_lines(session, invites.invite_partnership(session, partnership, me, now)))


async def command(client, command_: dict) -> None:
    """/coach checkup PARTNERSHIP [close]: replies in the DM; members' DMs go out at once."""
    dm = await people.dm_with(client, command_["user_id"])
    name, mode = checkup_request(command_.get("text", ""))
    if not name:
        await client.chat_postMessage(channel=dm, text=CHECKUP_USAGE)
        return
    person = await people.lookup(client, command_["team_id"], command_["user_id"])
    try:
        reply = await run_blocking(invite_or_close, person.identity, name, mode)
    except partnerships.PartnershipLookupError as error:
        reply = error.message
    except invites.NotAllowed as refused:
        reply = str(refused)
    await client.chat_postMessage(channel=dm, text=render.escape(reply))
    await checkup_dms.deliver(client, command_["team_id"])


REPORT_USAGE = "Say which partnership: `/coach report PARTNERSHIP` posts its health check results and charts here."


def build_report(identity: Identity, name: str) -> tuple[int, int, report.Report]:
    with people.session_for(identity) as (session, me):
        partnership = partnerships.find_partnership(session, me, name)
        return partnership.id, me.id, report.build(session, partnership, utcnow())


def record_upload(partnership_id: int, person_id: int, kind: str, file_id: str, alt_text: str) -> None:
    with session_scope() as session:
        chart_uploads.record(session, partnership_id, person_id, kind, file_id, alt_text)


async def report_command(client, command_: dict) -> None:
    """/coach report PARTNERSHIP: the results (together only) and each chart, with its alt text, in the DM."""
    dm = await people.dm_with(client, command_["user_id"])
    name = command_.get("text", "").strip().partition(" ")[2].strip()
    if not name:
        await client.chat_postMessage(channel=dm, text=REPORT_USAGE)
        return
    person = await people.lookup(client, command_["team_id"], command_["user_id"])
    try:
        partnership_id, person_id, built = await run_blocking(build_report, person.identity, name)
    except PartnershipLookupError as error:
        await client.chat_postMessage(channel=dm, text=render.escape(error.message))
        return
    for message in render.messages([Reply(text=built.summary)]):
        await client.chat_postMessage(channel=dm, **message)
    for kind, chart in built.charts:
        uploaded = await client.files_upload_v2(channel=dm, filename=chart.filename, content=chart.png,
                                                title=chart.title, alt_txt=chart.alt_text)
        await run_blocking(record_upload, partnership_id, person_id, kind, uploaded["file"]["id"], chart.alt_text)
    if built.charts:
        await home.publish(client, person)  # the App Home shows the latest chart


async def answer(ack, body, action, client) -> None:
    """A button in a health check DM: the answer saved, the message showing what comes next."""
    await ack()
    try:
        value = json.loads(action.get("value") or "{}")
        round_id, number = int(value["r"]), int(value.get("n") or 0)
    except (ValueError, KeyError, TypeError):
        return  # not a button we made
    given = value.get("v") if action["action_id"].startswith(checkup_blocks.ANSWER_ACTION) else None
    message = await run_blocking(checkup_dms.clicked, body["team"]["id"], body["user"]["id"], round_id, number,
                                 given, utcnow())
    await client.chat_update(channel=body["channel"]["id"], ts=body["message"]["ts"], **message)


async def opened_the_page(ack) -> None:
    await ack()  # the button opens the link in the browser; nothing to do here


def register(app) -> None:
    app.action(re.compile(f"^({checkup_blocks.ANSWER_ACTION}_\\w+|{checkup_blocks.SHOW_ACTION})$"))(answer)
    app.action(checkup_blocks.LINK_ACTION)(opened_the_page)
