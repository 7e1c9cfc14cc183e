"""Shortcuts, the listeners called directly: what each puts in the conversation."""

from __future__ import annotations

import asyncio

from bot.slack.conversation import Place
from bot.slack.listeners import shortcuts
from tests.support.listeners import dm_texts


def body(callback_id: str, **more) -> dict:
    return {"callback_id": callback_id, "trigger_id": "trig1", "team": {"id": "T1"}, "user": {"id": "U1"}, **more}


def test_new_partnership_starts_one_in_the_dm(ack, client, context, conversations):
    asyncio.run(shortcuts.global_shortcut(ack=ack, body=body("new_partnership"), client=client, context=context))
    assert ack.calls == [{}]
    assert conversations.received == [(Place("T1", "U1", "DU1"), "shortcut:trig1", "/start_partnership")]


def test_save_as_commitment_takes_what_the_person_was_asked_to_do(ack, client, context, conversations):
    asyncio.run(shortcuts.message_shortcut(ack=ack, client=client, context=context, body=body(
        "save_as_commitment", message={"text": "Sarge, can you call the DA by Friday?"})))
    assert conversations.received == [(Place("T1", "U1", "DU1"), "shortcut:trig1",
                                       '/make_commitment{"confirmed": "call the DA by Friday"}')]


def test_a_message_without_words_is_not_saved_and_the_person_is_told(ack, client, standin, context, conversations):
    asyncio.run(shortcuts.message_shortcut(ack=ack, client=client, context=context, body=body(
        "add_progress_note", message={"text": "  "})))
    assert ack.calls == [{}] and conversations.received == []
    assert dm_texts(standin, "U1") == [shortcuts.EMPTY]
