"""/coach help | checklist | status | commitments | new [partner] | export NAME [csv] | mou NAME [md] |
share NAME @user | digest #channel weekly (bot/slack/listeners/channel_digest.py) | checkup NAME [close] |
report NAME (these two: bot/slack/listeners/checkup.py)."""

from __future__ import annotations

from bot import agreement, checklists, dates, sharing
from bot.slack import people, render
from bot.slack.conversation import Place
from bot.slack.listeners import checkup
from bot.slack.listeners.channel_digest import digest
from bot.slack.thread_pools import run_blocking
from bot.store import partnerships
from bot.store.models import utcnow
from bot.words import MENTION

SUBCOMMANDS = {
    "help": "/help",
    "checklist": "/request_checklist",
    "status": "/partnership_status",
    "commitments": "/list_commitments",
}
# Every subcommand, as people see it: in the usage reply and the manifest's usage hint.
HINTS = ("help", "checklist", "status", "commitments", "new [partner]", "export PARTNERSHIP [csv]",
         "mou PARTNERSHIP [md]", "share PARTNERSHIP @someone", "digest #channel weekly", "digest off",
         "checkup PARTNERSHIP [close]", "report PARTNERSHIP")
USAGE = "Usage: " + ", ".join(f"`/coach {hint}`" for hint in HINTS) + "."
ELSEWHERE = "I've replied in your DM with me, where we can carry on."


def as_message(text: str) -> str | None:
    """What typing the subcommand stands for; None when it is unknown."""
    word, _, rest = text.strip().partition(" ")
    word = word.lower() or "help"
    if word == "new":
        return f"I want to start a partnership with {rest.strip()}" if rest.strip() else "/start_partnership"
    return SUBCOMMANDS.get(word)


async def coach(ack, command, client, respond, context) -> None:
    """/coach SUBCOMMAND: answered here (ANSWERED_HERE), or put in the conversation as
    what typing it stands for."""
    word = command.get("text", "").strip().split(" ")[0].lower()
    if word in ANSWERED_HERE:
        await ack()
        await ANSWERED_HERE[word](client, command)
        return
    message = as_message(command.get("text", ""))
    if message is None:
        await ack(text=f"I don't know `{render.escape(command.get('text', '').strip()[:100])}`. {USAGE}")
        return
    await ack()
    # Replies go to the DM with the coach, where the conversation continues; used
    # elsewhere, the command says so where it was typed (only its author sees that).
    dm = await people.dm_with(client, command["user_id"])
    if command.get("channel_id") != dm:
        await respond(text=ELSEWHERE, response_type="ephemeral")
    await context["conversations"].receive(Place(command["team_id"], command["user_id"], dm),
                                           f"command:{command.get('trigger_id')}", message)


def file_request(text: str, formats: tuple[str, ...]) -> tuple[str, str]:
    """'export truancy csv' -> ('truancy', 'csv'): the partnership named and the format
    asked for, else the first of `formats`."""
    words, file_format = text.strip().split()[1:], formats[0]
    if words and words[-1].lower() in formats:
        file_format = words.pop().lower()
    return " ".join(words), file_format


async def export_checklist(client, command) -> None:
    """Upload one partnership's checklist to the DM, as a file to hand to command staff."""
    name, file_format = file_request(command.get("text", ""), ("md", "csv"))
    await upload_partnership_file(client, command, name, lambda partnership, today: checklists.checklist_file(
        partnership, today, utcnow(), file_format), ", ready to hand to command staff.")


async def upload_partnership_file(client, command, name: str, make_file, comment: str) -> None:
    """Upload a file made from one partnership's records to the person's DM, when they may see it."""
    dm = await people.dm_with(client, command["user_id"])
    if not name:
        await client.chat_postMessage(channel=dm, text=f"Which partnership? {USAGE}")
        return
    person = await people.lookup(client, command["team_id"], command["user_id"])
    try:
        filename, content, title = await run_blocking(_partnership_file, person, name, make_file)
    except partnerships.PartnershipLookupError as error:
        await client.chat_postMessage(channel=dm, text=render.escape(error.message))
        return
    await client.files_upload_v2(channel=dm, filename=filename, content=content, title=title,
                                 initial_comment=f"{title}{comment}")


def _partnership_file(person: people.SlackPerson, name: str, make_file) -> tuple[str, bytes | str, str]:
    with people.session_for(person.identity) as (session, me):
        return make_file(partnerships.find_partnership(session, me, name), dates.today_in(person.tz))


async def upload_agreement(client, command) -> None:
    """Upload the partnership's draft agreement (MOU) to the DM, written from its records."""
    name, file_format = file_request(command.get("text", ""), ("docx", "md"))
    await upload_partnership_file(client, command, name, lambda partnership, today: agreement.draft_file(
        partnership, today, file_format), ": a draft written from your records. Fill in each \"TO COMPLETE\" "
                                          "with your partners before anyone signs.")


async def share(client, command) -> None:
    """Add someone to a partnership: they then see it as its owner does. Owners and leaders may."""
    dm = await people.dm_with(client, command["user_id"])
    text = command.get("text", "")
    mentioned = MENTION.findall(text)
    name = MENTION.sub("", text).strip().partition(" ")[2].strip()  # what follows "share"
    if len(mentioned) != 1 or not name:
        await client.chat_postMessage(channel=dm, text="Say which partnership and who, for example "
                                                       "`/coach share truancy @sgt.rivera`.")
        return
    sharer = await people.lookup(client, command["team_id"], command["user_id"])
    member = await people.lookup(client, command["team_id"], mentioned[0])
    try:
        shared, added = await run_blocking(_share, sharer, name, member)
    except partnerships.PartnershipLookupError as error:
        reply, notice = error.message, None
    except sharing.NotAllowed as refused:
        reply, notice = str(refused), None
    else:
        reply, notice = _shared(sharer.name or "A colleague", member.name or mentioned[0], shared, added)
    await client.chat_postMessage(channel=dm, text=render.escape(reply))
    if notice:
        their_dm = await people.dm_with(client, mentioned[0])
        await client.chat_postMessage(channel=their_dm, text=render.escape(notice))


def _share(sharer: people.SlackPerson, name: str, member: people.SlackPerson) -> tuple[str, bool]:
    """The name of the partnership shared, and whether `member` was added to it."""
    with people.session_for(sharer.identity) as (session, me):
        partnership, added = sharing.share(session, me, name, member.identity)
        return partnership.name, added


def _shared(sharer: str, member: str, partnership: str, added: bool) -> tuple[str, str | None]:
    """What the sharer is told, and what the person added is told (None: nothing)."""
    if not added:
        return f"{member} can already see the {partnership} partnership.", None
    return (f"Added {member} to the {partnership} partnership: they can now see its checklist and status.",
            f"{sharer} added you to the {partnership} partnership. "
            f"Ask me \"status of the {partnership} partnership\" to see where it stands.")


# Subcommands answered by the Slack app itself rather than through the conversation.
ANSWERED_HERE = {"export": export_checklist, "mou": upload_agreement, "share": share, "digest": digest,
                 "checkup": checkup.command, "report": checkup.report_command}


def register(app) -> None:
    app.command("/coach")(coach)
