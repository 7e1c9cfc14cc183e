"""`/coach mou PARTNERSHIP`: the draft agreement uploaded to the asker's DM, through the
real listener and Slack client against the loopback stand-in (no engine needed)."""

from __future__ import annotations

import asyncio
import io
import json

import docx
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.listeners import commands
from bot.store import partnerships, people
from bot.store.db import session_scope
from tests.support.slack_standin import SlackStandIn


@pytest.fixture(scope="module")
def server():
    return SlackStandIn().start()


@pytest.fixture
def standin(server):
    """The stand-in, with the calls of earlier tests forgotten."""
    server.calls.clear()
    server.uploads.clear()
    return server


@pytest.fixture
def partnership(database_url):
    """Mercy Hospital, owned by UOWN in T1, sponsored by USPON, shared with UMEM."""
    with session_scope(database_url) as session:
        owner = people.person_for(session, people.Identity("T1", "UOWN", "Sgt. Owen"))
        found = partnerships.create_partnership(session, owner, "Mercy Hospital", "problem")
        partnerships.save_step_answer(session, found, "problem", "Repeat overdose calls to the Eastside ER.")
        found.sponsor_id = people.person_for(session, people.Identity("T1", "USPON", "Lt. Spencer")).id
        partnerships.share_partnership(session, found, people.person_for(session, people.Identity("T1", "UMEM")))
    return "Mercy Hospital"


class App:
    """Enough of bolt's App to catch the /coach listener."""

    def command(self, name):
        def keep(listener):
            self.listener = listener
            return listener
        return keep


def slash(standin, team: str, user: str, text: str) -> list[str]:
    """Run `/coach TEXT` as `user`; return what was acknowledged."""
    app, acks = App(), []
    commands.register(app, conversations=None)

    async def ack(text=None):
        acks.append(text)

    async def respond(text=None, **_):
        acks.append(text)

    async def go():
        client = AsyncWebClient(token="xoxb-test", base_url=standin.api_url)
        await app.listener(ack, {"text": text, "team_id": team, "user_id": user, "trigger_id": "t"}, client, respond)
    asyncio.run(go())
    return acks


def uploaded(standin, user: str) -> list[tuple[dict, bytes]]:
    """(completeUploadExternal arguments, file content) of each file sent to the user's DM."""
    found = []
    for call in standin.of("files.completeUploadExternal"):
        if call.args.get("channel_id") == f"D{user}":
            files = call.args["files"]
            for f in json.loads(files) if isinstance(files, str) else files:
                found.append((call.args, standin.uploads[f["id"]]))
    return found


def dm_texts(standin, user: str) -> list[str]:
    return [c.args["text"] for c in standin.of("chat.postMessage") if c.args.get("channel") == f"D{user}"]


def test_the_owner_gets_the_draft_as_a_word_document_in_their_dm(standin, partnership):
    assert slash(standin, "T1", "UOWN", "mou mercy") == [None]
    [(args, content)] = uploaded(standin, "UOWN")
    assert args["initial_comment"].startswith("Memorandum of understanding: the Mercy Hospital partnership: a draft")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]
    assert "The common problem: Repeat overdose calls to the Eastside ER." in paragraphs
    assert "[TO COMPLETE: who at Mercy Hospital can sign for people and money (name and title)]" in paragraphs
    assert "Executive sponsor at the police agency: Lt. Spencer." in paragraphs


def test_markdown_when_asked_for(standin, partnership):
    slash(standin, "T1", "UMEM", "mou Mercy Hospital md")
    [(_, content)] = uploaded(standin, "UMEM")
    assert content.decode().startswith("# Memorandum of understanding: the Mercy Hospital partnership\n")


def test_the_sponsor_a_member_and_a_leader_may_have_it_others_may_not(standin, partnership):
    standin.admins.add("UADM")
    for user in ("USPON", "UADM"):
        slash(standin, "T1", user, "mou mercy")
        assert len(uploaded(standin, user)) == 1
    slash(standin, "T1", "UOTHER", "mou mercy")
    assert dm_texts(standin, "UOTHER") == [
        "The Mercy Hospital partnership is Sgt. Owen's, so I can't show it to you. "
        "Ask Sgt. Owen to add you (`/coach share Mercy Hospital @you`), or ask a leader."]
    slash(standin, "T2", "USTRANGE", "mou mercy")
    [unknown] = dm_texts(standin, "USTRANGE")
    assert unknown.startswith("I don't know a partnership called \"mercy\"")
    assert not uploaded(standin, "UOTHER") and not uploaded(standin, "USTRANGE")


def test_without_a_name_it_asks_which_partnership(standin, database_url):
    slash(standin, "T1", "UASK", "mou")
    [reply] = dm_texts(standin, "UASK")
    assert reply.startswith("Which partnership?") and "`/coach mou PARTNERSHIP [md]`" in reply


@pytest.mark.parametrize("text, request_", [
    ("mou truancy", ("truancy", "docx")), ("mou school district md", ("school district", "md")),
    ("mou Mercy DOCX", ("Mercy", "docx")), ("mou", ("", "docx")),
])
def test_mou_names_a_partnership_and_a_format(text, request_):
    assert commands.file_request(text, ("docx", "md")) == request_
