"""App Home: refreshed whenever it is opened. A person changed in Slack (role, name,
time zone): read afresh on their next message."""

from __future__ import annotations

from bot.slack import home, people


async def app_home_opened(event, body, client) -> None:
    if event.get("tab") != "home":
        return
    await home.publish(client, await people.lookup(client, body["team_id"], event["user"]))


async def user_changed(event, body) -> None:
    user = event.get("user") or {}
    people.forget(body.get("team_id") or user.get("team_id", ""), user.get("id", ""))


def register(app) -> None:
    app.event("app_home_opened")(app_home_opened)
    app.event("user_change")(user_changed)
