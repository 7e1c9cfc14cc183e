"""App Home: refreshed whenever it is opened. A person changed in Slack (role, name,
time zone): read afresh on their next message."""

from __future__ import annotations

from bot.slack import home, people


def register(app, engine) -> None:
    @app.event("app_home_opened")
    async def app_home_opened(event, body, client):
        if event.get("tab") != "home":
            return
        await home.publish(client, await people.lookup(client, body["team_id"], event["user"]))

    @app.event("user_change")
    async def user_changed(event, body):
        user = event.get("user") or {}
        people.forget(body.get("team_id") or user.get("team_id", ""), user.get("id", ""))
