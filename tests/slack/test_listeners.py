"""The wiring (bot/slack/listeners/__init__.py): a request dispatched through bolt, in
process, reaches the right callback with the Conversations in its context."""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import listeners
from bot.slack.conversation import Place


def dispatch(standin, conversations, body: str, content_type: str):
    async def go():
        app = AsyncApp(client=AsyncWebClient(token="xoxb-test", base_url=standin.api_url),
                       request_verification_enabled=False)
        app.use(listeners.ConversationsInContext(conversations))
        listeners.register_listeners(app)
        response = await app.async_dispatch(AsyncBoltRequest(body=body, headers={"content-type": [content_type]}))
        await asyncio.gather(*(asyncio.all_tasks() - {asyncio.current_task()}))  # bolt answers after the ack
        return response
    return asyncio.run(go())


def test_a_slash_command_reaches_the_conversation_through_the_context(standin, conversations):
    form = {"command": "/coach", "text": "checklist", "team_id": "T1", "user_id": "U1", "channel_id": "DU1",
            "trigger_id": "trig1", "response_url": standin.response_url()}
    response = dispatch(standin, conversations, urlencode(form), "application/x-www-form-urlencoded")
    assert response.status == 200
    assert conversations.received == [(Place("T1", "U1", "DU1"), "command:trig1", "/request_checklist")]
