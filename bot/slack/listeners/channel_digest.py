"""/coach digest #channel weekly | /coach digest off | /coach digest: a leader has how
every partnership stands posted to a channel each week (bot/nudges/channel_digests.py).

The app must be in the channel: setting it up posts a first message there saying what
will come and who set it up, and if Slack refuses (the app is not in the channel) the
leader is told to invite it, and nothing is stored."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

from slack_sdk.errors import SlackApiError

from bot.nudges import channel_digests
from bot.slack import people, render
from bot.slack.thread_pools import run_blocking
from bot.store.people import Identity

# With the command's "escape channels" setting Slack sends #channel as <#C123|name>.
CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|([^>]*))?>")
NOT_THERE = {"not_in_channel", "channel_not_found"}
USAGE = ("`/coach digest #channel weekly` posts how every partnership stands to that channel once a week; "
         "`/coach digest off` stops it. Leaders only.")


@dataclass(frozen=True)
class Request:
    action: str               # on | off | show | unclear
    channel: str | None = None
    channel_name: str | None = None
    problem: str | None = None


def parse(text: str, here: str | None = None, here_name: str | None = None) -> Request:
    """'digest <#C1|staff> weekly' -> on C1; 'digest off' -> off everywhere; a bare
    'digest weekly' typed in a channel means that channel."""
    rest = text.strip().partition(" ")[2]
    mentioned = CHANNEL.search(rest)
    words = CHANNEL.sub(" ", rest).lower().split()
    channel, name = (mentioned.group(1), mentioned.group(2)) if mentioned else (None, None)
    if not words and not mentioned:
        return Request("show")
    if words in (["off"], ["stop"]):
        return Request("off", channel, name)
    if any(word.startswith("#") for word in words):
        return Request("unclear", problem="Pick the channel from Slack's list as you type `#`, so I get its id: "
                                          "for example `/coach digest #command-staff weekly`.")
    if words not in ([], ["weekly"]):
        return Request("unclear", problem=f"I can post the digest weekly only. {USAGE}")
    if channel is None and here and here[0] in "CG":
        channel, name = here, here_name
    if channel is None:
        return Request("unclear", problem="Which channel? Say `/coach digest #channel weekly`, "
                                          "or type `/coach digest weekly` in the channel itself.")
    return Request("on", channel, name if name and name != "privategroup" else None)


def _shown(request: Request) -> str:
    return f"<#{request.channel}>"


async def digest(client, command) -> None:
    dm = (await client.conversations_open(users=command["user_id"]))["channel"]["id"]
    request = parse(command.get("text", ""), command.get("channel_id"), command.get("channel_name"))
    who = await people.lookup(client, command["team_id"], command["user_id"])
    if request.action == "unclear":
        await client.chat_postMessage(channel=dm, text=request.problem)
        return
    if not await run_blocking(_is_leader, who.identity):
        await client.chat_postMessage(channel=dm, text="Only leaders can set up or stop a channel digest: it shows "
                                                       "every partnership in the workspace. " + USAGE)
        return
    if request.action == "show":
        await client.chat_postMessage(channel=dm, text=await run_blocking(_running, who.identity))
        return
    if request.action == "off":
        await client.chat_postMessage(channel=dm, text=await run_blocking(_stop, who.identity, request.channel))
        return
    try:
        await client.chat_postMessage(channel=request.channel, text=(
            f"<@{command['user_id']}> set up the weekly partnership digest here: once a week I'll post how every "
            "partnership in the workspace stands. `/coach digest off` stops it."))
    except SlackApiError as error:
        await client.chat_postMessage(channel=dm, text=_refusal(request, error.response.get("error", "")))
        return
    already = await run_blocking(_set_up, who.identity, request)
    await client.chat_postMessage(channel=dm, text=(
        f"The weekly digest already goes to {_shown(request)}." if already else
        f"Done: how every partnership stands will be posted in {_shown(request)} once a week, the first "
        "within the hour on a working day. `/coach digest off` stops it."))


def _refusal(request: Request, error: str) -> str:
    where = _shown(request)
    if error in NOT_THERE:
        return (f"I'm not in {where}, so I can't post the digest there. Add me to the channel first "
                f"(type `/invite @Partnership Coach` in it), then run `/coach digest` again. Nothing is set up yet.")
    if error == "is_archived":
        return f"{where} is archived, so I can't post there. Nothing is set up."
    return f"Slack didn't let me post in {where} ({render.escape(error or 'no reason given')}). Nothing is set up."


def _is_leader(identity: Identity) -> bool:
    with people.session_for(identity) as (_, me):
        return me.is_leader


def _set_up(identity: Identity, request: Request) -> bool:
    with people.session_for(identity) as (session, me):
        _, already = channel_digests.set_up(session, me, request.channel, request.channel_name, "weekly",
                                            datetime.now(timezone.utc))
        return already


def _stop(identity: Identity, channel: str | None) -> str:
    with people.session_for(identity) as (session, me):
        stopped = channel_digests.stop(session, me, channel, datetime.now(timezone.utc))
        if not stopped:
            return "No channel digest was running" + (f" in <#{channel}>." if channel else ".")
        return f"Stopped the weekly digest in {', '.join(f'<#{d.channel}>' for d in stopped)}."


def _running(identity: Identity) -> str:
    with people.session_for(identity) as (session, me):
        found = channel_digests.running(session, me)
        if not found:
            return f"No channel gets the digest. {USAGE}"
        return f"The weekly digest goes to {', '.join(f'<#{d.channel}>' for d in found)}. {USAGE}"
