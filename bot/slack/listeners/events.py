"""App Home: refreshed whenever it is opened."""

from __future__ import annotations

from bot.slack import home, people


def register(app, engine) -> None:
    @app.event("app_home_opened")
    async def app_home_opened(event, body, client):
        if event.get("tab") != "home":
            return
        await home.publish(client, await people.lookup(client, body["team_id"], event["user"]))
