"""Block Kit rendering: structure, escaping, and Slack's limits."""

from bot.engine_client import Reply
from bot.slack.render import BLOCKS_PER_MESSAGE, SECTION_LIMIT, chosen, escape, messages, reply_blocks


def test_user_text_cannot_ping_or_forge_links():
    assert escape("<!channel> see <http://evil|MOU> & more") == "&lt;!channel&gt; see &lt;http://evil|MOU&gt; &amp; more"


def test_a_long_answer_gets_a_header_bullets_and_a_source_context():
    blocks = reply_blocks(Reply(text="Supervisor buy-in\nWhat it means.\n- first\n- second\nSource: Poland 2019"))
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "Supervisor buy-in"}}
    assert blocks[1]["text"]["text"] == "What it means.\n• first\n• second"
    assert blocks[2] == {"type": "context", "elements": [{"type": "mrkdwn", "text": "Source: Poland 2019"}]}


def test_buttons_become_an_actions_block_carrying_their_payloads():
    [section, actions] = reply_blocks(Reply(text="Hello", buttons=[{"title": "My commitments",
                                                                     "payload": "/list_commitments"}]))
    assert actions["elements"][0]["value"] == "/list_commitments"
    assert actions["elements"][0]["text"]["text"] == "My commitments"


def test_long_replies_are_split_under_slacks_limits():
    text = "\n".join(f"- item {n} " + "x" * 200 for n in range(1000))
    sent = messages([Reply(text=text)])
    assert len(sent) > 1
    for message in sent:
        assert len(message["blocks"]) <= BLOCKS_PER_MESSAGE
        assert all(len(b["text"]["text"]) <= SECTION_LIMIT for b in message["blocks"] if b["type"] == "section")
    joined = "\n".join(b["text"]["text"] for m in sent for b in m["blocks"] if b["type"] == "section")
    assert "item 999" in joined  # nothing lost


def test_a_single_huge_line_is_cut_into_sections():
    blocks = reply_blocks(Reply(text="y" * (SECTION_LIMIT * 2 + 10)))
    assert [len(b["text"]["text"]) for b in blocks] == [SECTION_LIMIT, SECTION_LIMIT, 10]


def test_a_clicked_message_loses_its_buttons():
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}, {"type": "actions", "elements": []}]
    assert chosen(blocks, "My <commitments>") == [
        blocks[0], {"type": "context", "elements": [{"type": "mrkdwn", "text": "You chose: *My &lt;commitments&gt;*"}]}]
