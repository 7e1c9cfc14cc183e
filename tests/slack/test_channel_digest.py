"""`/coach digest`, its listener called directly: leaders only, and the app must be in
the channel before anything is stored."""

from __future__ import annotations

import asyncio

from bot.slack.listeners import channel_digest
from tests.support.listeners import dm_texts


def digest(client, text: str, user: str = "ULEAD", channel: str = "DULEAD") -> None:
    asyncio.run(channel_digest.digest(client, {"text": text, "team_id": "T1", "user_id": user,
                                               "channel_id": channel, "channel_name": "directmessage"}))


def in_channel(standin, channel: str) -> list[str]:
    return [c.args["text"] for c in standin.of("chat.postMessage") if c.args.get("channel") == channel]


def test_a_leader_sets_it_up_the_channel_is_told_and_it_stops_on_request(client, standin, database_url):
    standin.admins.add("ULEAD")
    digest(client, "digest <#CSTAFF|command-staff> weekly")
    assert in_channel(standin, "CSTAFF") == [
        "<@ULEAD> set up the weekly partnership digest here: once a week I'll post how every partnership in "
        "the workspace stands. `/coach digest off` stops it."]
    digest(client, "digest")
    digest(client, "digest off")
    done, running, stopped = dm_texts(standin, "ULEAD")
    assert done.startswith("Done: how every partnership stands will be posted in <#CSTAFF> once a week")
    assert running == f"The weekly digest goes to <#CSTAFF>. {channel_digest.USAGE}"
    assert stopped == "Stopped the weekly digest in <#CSTAFF>."


def test_someone_not_a_leader_is_refused_and_nothing_is_posted(client, standin, database_url):
    digest(client, "digest <#CSTAFF|command-staff> weekly", user="UOFC", channel="DUOFC")
    assert dm_texts(standin, "UOFC") == [
        "Only leaders can set up or stop a channel digest: it shows every partnership in the workspace. "
        + channel_digest.USAGE]
    assert in_channel(standin, "CSTAFF") == []


def test_a_channel_the_app_is_not_in_asks_for_an_invitation_and_stores_nothing(client, standin, database_url):
    standin.admins.add("ULEAD")
    standin.refusals["CSTAFF"] = "not_in_channel"
    digest(client, "digest <#CSTAFF|command-staff> weekly")
    digest(client, "digest")
    refused, running = dm_texts(standin, "ULEAD")
    assert refused.startswith("I'm not in <#CSTAFF>, so I can't post the digest there. Add me to the channel first")
    assert running == f"No channel gets the digest. {channel_digest.USAGE}"
