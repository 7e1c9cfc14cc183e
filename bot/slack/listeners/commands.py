"""/coach help | checklist | status | commitments | new [partner]."""

from __future__ import annotations

from bot.slack.conversation import Place, converse

SUBCOMMANDS = {
    "help": "/help",
    "checklist": "/request_checklist",
    "status": "/partnership_status",
    "commitments": "/list_commitments",
}
USAGE = "Usage: `/coach help`, `/coach checklist`, `/coach status`, `/coach commitments`, `/coach new [partner]`."


def as_message(text: str) -> str | None:
    """What typing the subcommand stands for; None when it is unknown."""
    word, _, rest = text.strip().partition(" ")
    word = word.lower() or "help"
    if word == "new":
        return f"I want to start a partnership with {rest.strip()}" if rest.strip() else "/start_partnership"
    return SUBCOMMANDS.get(word)


def register(app, engine) -> None:
    @app.command("/coach")
    async def coach(ack, command, client):
        message = as_message(command.get("text", ""))
        if message is None:
            await ack(text=f"I don't know `{command.get('text', '').strip()}`. {USAGE}")
            return
        await ack()
        # Replies go to the DM with the coach, where the conversation continues.
        dm = (await client.conversations_open(users=command["user_id"]))["channel"]["id"]
        await converse(client, engine, Place(command["team_id"], command["user_id"], dm), message,
                       f"command:{command.get('trigger_id')}")
