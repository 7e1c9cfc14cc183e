"""Knowledge questions as users ask them, through the real engine and action server."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("question, answer_starts", [
    ("What makes a partnership work?", "What makes a partnership work. The research puts two first: purpose "
                                       "and strategy."),
    ("What are the common barriers?", "What makes partnerships fail."),
    ("How do I get buy-in from my lieutenants?", "Supervisor buy-in and motivation (Success factor"),
    ("how do I handle conflicting interests?", "Conflicting interests (Barrier"),
    ("why commit resources before we engage?", "Committing resources before engaging (Success factor"),
    ("What happened with the Detroit 300?", "Detroit Police Department and the Detroit 300 (successful)"),
    ("why did the family engagement program fail?", "Queensland Police Family Engagement Services program "
                                                    "(unsuccessful)"),
    ("Is putting an officer in a school a partnership?", "Verdict: "),
    ("What is this based on?", "Inter-Organizational Collaboration Model"),
    ("what about trust between agencies?", "Trust and social capital"),
])
def test_questions_get_answers_from_the_knowledge_base(conversation, question, answer_starts):
    answer = conversation.say(question)
    assert answer.startswith(answer_starts), answer[:300]
    if not answer.startswith("What makes"):
        assert "Source: " in answer


def test_tell_me_more_goes_deeper(conversation):
    conversation.say("what makes a partnership work?")
    assert conversation.say("tell me more").startswith("Purpose (Success factor")


def test_a_knowledge_question_mid_step_returns_to_the_step(conversation):
    conversation.say("I want to start a partnership with the transit authority")
    answer = conversation.say("what does buy-in mean?")
    assert answer.startswith("Supervisor buy-in and motivation")
    assert "Step 1 of 9: The common problem" in answer
    assert "Saved for the common problem." in conversation.say("Assaults on buses doubled since spring")


def test_gibberish_gets_a_way_forward_never_a_confident_wrong_answer(conversation):
    # The model reads keyboard mashing as unsure (fallback) or as off-topic; either reply
    # says what the coach is for. Since 2026-11-26's training data it is the latter.
    ways_forward = ("Sorry, I'm not sure what you meant. Did you mean:", "I still didn't catch that.",
                    "That's outside what I can help with.")
    for nonsense in ("asdf qwer zxcv", "zzkj vbnm ploo"):
        assert conversation.say(nonsense).startswith(ways_forward)
