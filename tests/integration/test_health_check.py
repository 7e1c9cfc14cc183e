"""A health check through the real engine: buttons 1-5, a typed rating out of range,
and the report."""

from __future__ import annotations

import pytest

from bot import assessment
from bot.engine_client import take_turn
from bot.knowledge import knowledge

pytestmark = pytest.mark.integration


def test_a_health_check_by_buttons_with_a_bad_rating_on_the_way(conversation):
    conversation.say("I want to start a partnership with the county mental health board")
    reply = conversation.say("run a health check on the mental health board partnership")
    assert "rate 20 statements" in reply and "Statement 1 of 20" in reply
    assert "Ratings go from 1 (strongly disagree) to 5" in conversation.say("7")
    total = len(knowledge().assessment["items"])
    for n in range(total):
        replies = take_turn(conversation.stack.client, conversation.sender,
                            f'/assess_partnership{{"number": "{4 if n % 2 else 2}"}}', conversation.metadata)
    report = "\n".join(r.text for r in replies)
    expected = {item["id"]: 4 if n % 2 else 2 for n, item in enumerate(knowledge().assessment["items"])}
    assert report == assessment.report(expected)
