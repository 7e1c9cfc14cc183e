"""Direct messages, @mentions and the coach's buttons, the listeners called directly:
recorded in the inbox before Slack is acknowledged, then answered."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from bot.slack.listeners import messages
from bot.store import inbox
from bot.store.db import DatabaseUnavailable
from tests.support.listeners import dm_texts

DM = {"type": "event_callback", "team_id": "T1", "event_id": "Ev1",
      "event": {"type": "message", "channel_type": "im", "channel": "DU1", "user": "U1", "text": "hello",
                "ts": "1700000000.000100"}}


def before_acknowledging(client, context, body: dict, headers: dict | None = None):
    """The middleware's answer, and whether it let the request through to the listeners."""
    passed = []

    async def next_():
        passed.append(True)

    async def go():
        answer = await messages.record_before_acknowledging(
            req=SimpleNamespace(headers=headers or {}), body=body, context=context, client=client, next=next_)
        await asyncio.gather(*(asyncio.all_tasks() - {asyncio.current_task()}))  # what it left running
        return answer
    return asyncio.run(go()), bool(passed)


def test_a_direct_message_is_recorded_then_answered_once(client, context, conversations, database_url):
    assert before_acknowledging(client, context, DM) == (None, True)
    assert context["inbox_new"] and context["inbox_conversation"] == "T1:U1"
    asyncio.run(messages.answer(context))
    retried = {"conversations": conversations}
    before_acknowledging(client, retried, DM, {"x-slack-retry-num": "1"})
    asyncio.run(messages.answer(retried))
    assert conversations.answered == ["T1:U1"]  # Slack's retry is not answered again


def test_a_message_that_cannot_be_recorded_is_refused_and_the_person_told_once(client, standin, context, conversations,
                                                                              monkeypatch):
    def down(*_):
        raise DatabaseUnavailable("down")
    monkeypatch.setattr(inbox, "receive", down)
    response, passed = before_acknowledging(client, context, DM)
    assert response.status == 503 and not passed
    before_acknowledging(client, context, DM, {"x-slack-retry-num": "1"})
    assert dm_texts(standin, "U1") == [messages.NOT_RECORDED]
    assert conversations.answered == []


def test_a_choice_shows_what_was_chosen_and_is_answered(ack, client, standin, context, conversations):
    context.update(inbox_new=True, inbox_conversation="T1:U1")
    body = {"channel": {"id": "DU1"}, "message": {"ts": "1700000000.000200", "text": "Which one?", "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": "Which one?"}},
        {"type": "actions", "elements": [{"type": "button", "action_id": "coach_choice_0"}]}]}}
    asyncio.run(messages.choice(ack=ack, body=body, action={"text": {"text": "Mercy Hospital"}}, client=client,
                                context=context))
    [update] = standin.of("chat.update")
    assert update.args["blocks"][1]["elements"][0]["text"] == "You chose: *Mercy Hospital*"
    assert ack.calls == [{}] and conversations.answered == ["T1:U1"]


def test_a_second_click_changes_nothing(ack, client, standin, context, conversations):
    context.update(inbox_new=False, inbox_conversation="T1:U1")
    asyncio.run(messages.choice(ack=ack, body={}, action={}, client=client, context=context))
    assert ack.calls == [{}] and standin.calls == [] and conversations.answered == []
