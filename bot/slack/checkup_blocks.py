"""Block Kit for the partner health check in Slack: one statement per DM message with
a button for each answer (the message is updated to the next statement as they are
clicked), the thank-you, and the charts on the App Home."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.slack.render import escape

ANSWERS = [("1", "1 Strongly disagree"), ("2", "2 Disagree"), ("3", "3 Neither"), ("4", "4 Agree"),
           ("5", "5 Strongly agree"), ("dk", "Don't know")]
WORDS = {0: "Don't know", 1: "1 (strongly disagree)", 2: "2 (disagree)", 3: "3 (neither agree nor disagree)",
         4: "4 (agree)", 5: "5 (strongly agree)"}
ANSWER_ACTION = "checkup_answer"    # + _1 ... _dk
SHOW_ACTION = "checkup_show"        # another statement ("Back", "Change")
LINK_ACTION = "checkup_web"         # the link button: Slack sends an action for it too, acknowledged only


@dataclass(frozen=True)
class DmView:
    round_id: int
    partnership: str
    invited_by: str
    closes: str
    minimum: int
    link: str
    total: int
    answered: int
    number: int | None = None        # the statement shown; None once everything is answered
    statement: str = ""
    domain: str = ""
    current: int | None = None       # this statement's earlier answer
    first: bool = False              # nothing answered yet: say what this is


def _value(view: DmView, **extra) -> str:
    return json.dumps({"r": view.round_id, **extra}, separators=(",", ":"))


def statement_message(view: DmView) -> dict:
    lines = []
    if view.first:
        lines.append(f"{escape(view.invited_by)} asks everyone in the *{escape(view.partnership)}* partnership, police "
                     f"and partners, how well it is working: {view.total} statements, about five minutes. Your "
                     f"answers are only ever shown together, once at least {view.minimum} people have answered.")
    lines.append(f"*Statement {view.number} of {view.total}* ({escape(view.domain)})\n>{escape(view.statement)}")
    if view.current is not None:
        lines.append(f"Your answer so far: {WORDS[view.current]}")
    text = "\n\n".join(lines)
    buttons = [{"type": "button", "action_id": f"{ANSWER_ACTION}_{value}", "text": {"type": "plain_text", "text": words},
                "value": _value(view, n=view.number, v=value)} for value, words in ANSWERS]
    more = [{"type": "button", "action_id": LINK_ACTION, "url": view.link,
             "text": {"type": "plain_text", "text": "Answer on a web page instead"}}]
    if view.number and view.number > 1:
        more.insert(0, {"type": "button", "action_id": SHOW_ACTION, "text": {"type": "plain_text", "text": "Back"},
                        "value": _value(view, n=view.number - 1)})
    return {"text": f"Health check of the {view.partnership} partnership: statement {view.number} of {view.total}",
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}},
                       {"type": "actions", "block_id": f"checkup:{view.round_id}:{view.number}", "elements": buttons},
                       {"type": "actions", "block_id": f"checkup_more:{view.round_id}:{view.number}", "elements": more},
                       {"type": "context", "elements": [{"type": "mrkdwn", "text":
                        f"How much do you agree? Open until {escape(view.closes)}. No one sees who said what."}]}]}


def done_message(view: DmView) -> dict:
    text = (f"Thank you: all {view.total} statements of the {escape(view.partnership)} health check answered. "
            f"You can change any answer until {escape(view.closes)}.")
    return {"text": f"Thank you: the {view.partnership} health check is answered.",
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}},
                       {"type": "actions", "block_id": f"checkup_done:{view.round_id}", "elements": [
                           {"type": "button", "action_id": SHOW_ACTION, "value": _value(view, n=1),
                            "text": {"type": "plain_text", "text": "Go through my answers"}},
                           {"type": "button", "action_id": LINK_ACTION, "url": view.link,
                            "text": {"type": "plain_text", "text": "See them on a web page"}}]}]}


def closed_message(reason: str) -> dict:
    text = ("This health check has closed, so answers can no longer be given or changed. Nothing was saved."
            if reason != "forged" else "This health check isn't yours to answer, so nothing was saved.")
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def chart_blocks(partnership: str, charts: list[tuple[str, str, str]]) -> list[dict]:
    """Image blocks for a partnership's latest charts: (title, Slack file id, alt text)."""
    return [{"type": "image", "slack_file": {"id": file_id}, "alt_text": alt[:2000],
             "title": {"type": "plain_text", "text": f"{partnership}: {title}"[:2000]}}
            for title, file_id, alt in charts]
