"""App Home opened and a person changed in Slack, the listeners called directly."""

from __future__ import annotations

import asyncio

from bot.slack.listeners import events


def test_opening_the_home_tab_publishes_my_home(client, standin, partnership):
    asyncio.run(events.app_home_opened(event={"user": "UOWN", "tab": "home"}, body={"team_id": "T1"}, client=client))
    [published] = standin.of("views.publish")
    assert published.args["user_id"] == "UOWN"
    texts = [b.get("text", {}).get("text", "") for b in published.args["view"]["blocks"]]
    assert "My partnerships" in texts and any("*Mercy Hospital*" in text for text in texts)


def test_opening_the_messages_tab_publishes_nothing(client, standin, database_url):
    asyncio.run(events.app_home_opened(event={"user": "UOWN", "tab": "messages"}, body={"team_id": "T1"},
                                       client=client))
    assert standin.calls == []


def test_a_person_changed_in_slack_is_read_afresh(client, standin, database_url):
    async def open_home():
        await events.app_home_opened(event={"user": "UOWN", "tab": "home"}, body={"team_id": "T1"}, client=client)

    asyncio.run(open_home())
    asyncio.run(open_home())
    assert len(standin.of("users.info")) == 1  # the second time from the cache
    asyncio.run(events.user_changed(event={"user": {"id": "UOWN", "team_id": "T1"}}, body={"team_id": "T1"}))
    asyncio.run(open_home())
    assert len(standin.of("users.info")) == 2
