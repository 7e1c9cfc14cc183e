"""The health check in Slack, its listeners called directly: `/coach checkup`,
`/coach report` and the buttons of a health check DM."""

from __future__ import annotations

import asyncio

from bot.slack import checkup_blocks
from bot.slack.listeners import checkup
from tests.support.listeners import dm_texts


def slash(client, listener, text: str, user: str = "UOWN") -> None:
    asyncio.run(listener(client, {"text": text, "team_id": "T1", "user_id": user}))


def first_statement(standin, user: str) -> dict:
    """The health check DM `user` was sent."""
    [call] = [c for c in standin.of("chat.postMessage") if c.args.get("channel") == f"D{user}"]
    return call.args


def press(ack, client, user: str, message: dict, action_id: str, value: str) -> None:
    body = {"team": {"id": "T1"}, "user": {"id": user}, "channel": {"id": f"D{user}"},
            "message": {"ts": "1700000000.000001", **message}}
    asyncio.run(checkup.answer(ack=ack, body=body, action={"action_id": action_id, "value": value}, client=client))


def test_the_owner_invites_the_partnership_and_its_members_get_the_first_statement(client, standin, partnership):
    slash(client, checkup.command, "checkup mercy")
    roster, own_statement = dm_texts(standin, "UOWN")
    assert roster.startswith("Opened the health check of the Mercy Hospital partnership")
    assert "- UMEM, police: not answered yet" in roster.splitlines()
    assert own_statement == dm_texts(standin, "UMEM")[0] == \
        "Health check of the Mercy Hospital partnership: statement 1 of 20"


def test_without_a_partnership_it_says_how_and_a_member_may_not_close_the_round(client, standin, partnership):
    slash(client, checkup.command, "checkup")
    slash(client, checkup.command, "checkup mercy close", user="UMEM")
    assert dm_texts(standin, "UOWN") == [checkup.CHECKUP_USAGE]
    assert dm_texts(standin, "UMEM") == [
        "Only Sgt. Owen, who owns the Mercy Hospital partnership, or a leader can send its health check."]


def test_an_answer_button_saves_and_shows_the_next_statement(ack, client, standin, partnership):
    slash(client, checkup.command, "checkup mercy")
    sent = first_statement(standin, "UMEM")
    [button] = [e for b in sent["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == f"{checkup_blocks.ANSWER_ACTION}_4"]
    press(ack, client, "UMEM", sent, button["action_id"], button["value"])
    [update] = standin.of("chat.update")
    assert ack.calls == [{}] and update.args["channel"] == "DUMEM"
    assert update.args["text"] == "Health check of the Mercy Hospital partnership: statement 2 of 20"


def test_a_button_we_did_not_make_is_acknowledged_and_nothing_changes(ack, client, standin, database_url):
    press(ack, client, "UMEM", {"text": "?"}, f"{checkup_blocks.ANSWER_ACTION}_4", "not json")
    assert ack.calls == [{}] and standin.of("chat.update") == []


def test_the_report_of_a_partnership_nobody_has_is_refused_with_the_names_known(client, standin, partnership):
    slash(client, checkup.report_command, "report nowhere")
    [reply] = dm_texts(standin, "UOWN")
    assert reply.startswith("I don't know a partnership called \"nowhere\"") and "Mercy Hospital" in reply
    assert standin.of("files.completeUploadExternal") == []
