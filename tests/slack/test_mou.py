"""`/coach mou PARTNERSHIP`: the draft agreement uploaded to the asker's DM, through the
real listener and Slack client against the loopback stand-in (no engine needed)."""

from __future__ import annotations

import asyncio
import io
import json

import docx
import pytest

from bot.slack.listeners import commands
from tests.support.listeners import Recorded, dm_texts


def slash(client, team: str, user: str, text: str) -> list[str]:
    """Run `/coach TEXT` as `user`; return what was acknowledged."""
    acks = Recorded()
    asyncio.run(commands.coach(ack=acks, command={"text": text, "team_id": team, "user_id": user, "trigger_id": "t"},
                               client=client, respond=acks, context={}))
    return acks.texts


def uploaded(standin, user: str) -> list[tuple[dict, bytes]]:
    """(completeUploadExternal arguments, file content) of each file sent to the user's DM."""
    found = []
    for call in standin.of("files.completeUploadExternal"):
        if call.args.get("channel_id") == f"D{user}":
            files = call.args["files"]
            for f in json.loads(files) if isinstance(files, str) else files:
                found.append((call.args, standin.uploads[f["id"]]))
    return found


def test_the_owner_gets_the_draft_as_a_word_document_in_their_dm(standin, client, partnership):
    assert slash(client, "T1", "UOWN", "mou mercy") == [None]
    [(args, content)] = uploaded(standin, "UOWN")
    assert args["initial_comment"].startswith("Memorandum of understanding: the Mercy Hospital partnership: a draft")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]
    assert "The common problem: Repeat overdose calls to the Eastside ER." in paragraphs
    assert "[TO COMPLETE: who at Mercy Hospital can sign for people and money (name and title)]" in paragraphs
    assert "Executive sponsor at the police agency: Lt. Spencer." in paragraphs


def test_markdown_when_asked_for(standin, client, partnership):
    slash(client, "T1", "UMEM", "mou Mercy Hospital md")
    [(_, content)] = uploaded(standin, "UMEM")
    assert content.decode().startswith("# Memorandum of understanding: the Mercy Hospital partnership\n")


def test_the_sponsor_a_member_and_a_leader_may_have_it_others_may_not(standin, client, partnership):
    standin.admins.add("UADM")
    for user in ("USPON", "UADM"):
        slash(client, "T1", user, "mou mercy")
        assert len(uploaded(standin, user)) == 1
    slash(client, "T1", "UOTHER", "mou mercy")
    assert dm_texts(standin, "UOTHER") == [
        "The Mercy Hospital partnership is Sgt. Owen's, so I can't show it to you. "
        "Ask Sgt. Owen to add you (`/coach share Mercy Hospital @you`), or ask a leader."]
    slash(client, "T2", "USTRANGE", "mou mercy")
    [unknown] = dm_texts(standin, "USTRANGE")
    assert unknown.startswith("I don't know a partnership called \"mercy\"")
    assert not uploaded(standin, "UOTHER") and not uploaded(standin, "USTRANGE")


def test_without_a_name_it_asks_which_partnership(standin, client, database_url):
    slash(client, "T1", "UASK", "mou")
    [reply] = dm_texts(standin, "UASK")
    assert reply.startswith("Which partnership?") and "`/coach mou PARTNERSHIP [md]`" in reply


@pytest.mark.parametrize("text, request_", [
    ("mou truancy", ("truancy", "docx")), ("mou school district md", ("school district", "md")),
    ("mou Mercy DOCX", ("Mercy", "docx")), ("mou", ("", "docx")),
])
def test_mou_names_a_partnership_and_a_format(text, request_):
    assert commands.file_request(text, ("docx", "md")) == request_
