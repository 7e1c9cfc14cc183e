import asyncio

import pytest

from bot.slack.conversation import Place
from bot.slack.listeners import commands
from bot.slack.listeners.commands import as_message
from bot.store import partnerships, people
from bot.store.db import session_scope
from tests.support.listeners import dm_texts


@pytest.mark.parametrize("text, message", [
    ("", "/help"), ("help", "/help"), ("checklist", "/request_checklist"), ("STATUS", "/partnership_status"),
    ("commitments", "/list_commitments"), ("new", "/start_partnership"),
    ("new Mercy Hospital", "I want to start a partnership with Mercy Hospital"), ("dance", None),
])
def test_subcommands_stand_for_what_the_user_would_type(text, message):
    assert as_message(text) == message


@pytest.mark.parametrize("text, request_", [
    ("export truancy csv", ("truancy", "csv")), ("export school district", ("school district", "md")),
    ("export", ("", "md")), ("export Mercy MD", ("Mercy", "md")),
])
def test_export_names_a_partnership_and_a_format(text, request_):
    from bot.slack.listeners.commands import file_request
    assert file_request(text, ("md", "csv")) == request_


# -- /coach, called as bolt would ---------------------------------------------------

def coach(ack, respond, client, context, text: str, user: str = "U1", channel: str = "C1") -> None:
    asyncio.run(commands.coach(ack=ack, respond=respond, client=client, context=context, command={
        "text": text, "team_id": "T1", "user_id": user, "channel_id": channel, "trigger_id": "trig1"}))


def test_a_subcommand_typed_in_a_channel_goes_to_the_conversation_in_the_dm(ack, respond, client, context,
                                                                           conversations):
    coach(ack, respond, client, context, "status")
    assert ack.texts == [None]
    assert respond.calls == [{"text": commands.ELSEWHERE, "response_type": "ephemeral"}]
    assert conversations.received == [(Place("T1", "U1", "DU1"), "command:trig1", "/partnership_status")]


def test_typed_in_the_dm_it_says_nothing_where_it_was_typed(ack, respond, client, context, conversations):
    coach(ack, respond, client, context, "new Mercy Hospital", channel="DU1")
    assert respond.calls == []
    assert conversations.received == [(Place("T1", "U1", "DU1"), "command:trig1",
                                       "I want to start a partnership with Mercy Hospital")]


def test_an_unknown_subcommand_is_answered_with_the_usage_and_goes_nowhere(ack, respond, client, context,
                                                                          conversations):
    coach(ack, respond, client, context, "dance <b>")
    assert ack.texts == [f"I don't know `dance &lt;b&gt;`. {commands.USAGE}"]
    assert respond.calls == [] and conversations.received == []


def test_the_owner_shares_and_the_person_added_is_told(ack, respond, client, context, standin, partnership):
    coach(ack, respond, client, context, "share mercy <@UNEW|new>", user="UOWN")
    assert ack.texts == [None]
    assert dm_texts(standin, "UOWN") == [
        "Added Sgt. UNEW to the Mercy Hospital partnership: they can now see its checklist and status."]
    assert dm_texts(standin, "UNEW") == [
        "Sgt. UOWN added you to the Mercy Hospital partnership. "
        "Ask me \"status of the Mercy Hospital partnership\" to see where it stands."]
    coach(ack, respond, client, context, "share mercy <@UNEW>", user="UOWN")
    assert dm_texts(standin, "UOWN")[-1] == "Sgt. UNEW can already see the Mercy Hospital partnership."
    assert len(dm_texts(standin, "UNEW")) == 1


def test_a_member_may_not_share_and_nobody_is_added(ack, respond, client, context, standin, partnership):
    coach(ack, respond, client, context, "share mercy <@UNEW>", user="UMEM")
    assert dm_texts(standin, "UMEM") == [
        "Only Sgt. Owen, who owns the Mercy Hospital partnership, or a leader can share it."]
    assert dm_texts(standin, "UNEW") == []
    with session_scope() as session:
        assert [p.name for p in partnerships.partnerships_of(
            session, people.person_for(session, people.Identity("T1", "UNEW")))] == []


def test_share_without_someone_mentioned_says_how(ack, respond, client, context, standin):
    coach(ack, respond, client, context, "share mercy", user="UOWN")
    assert dm_texts(standin, "UOWN") == ["Say which partnership and who, for example "
                                         "`/coach share truancy @sgt.rivera`."]
