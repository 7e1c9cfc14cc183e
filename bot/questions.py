"""Is a message a question? A question is answered, never stored as an answer, item,
blocker, progress note or commitment (COACHING.md, "How people really talk")."""

from __future__ import annotations

import re

FILLER = re.compile(r"^\s*(ok(ay)?|hey|so|um+|uh+|and|but|also|wait|hmm+|quick q(uestion)?|q|sorry|actually|lol|sarge|coach)"
                    r"\s*[,:.!-]*\s+", re.I)
POLITE_REQUEST = re.compile(r"^(can|could|would|will) (you|u)\b|^(please|pls|plz)\b", re.I)
OPENER = re.compile(
    r"^(what|what's|whats|why|how|how's|who|whom|whose|which|explain|any idea|anyone know|remind me what|"
    r"(when|where) (will|do|does|is|are|should|can|would|did|was)|"
    r"(do|does|did|is|are|was|were|should|shall|would|could|can|will|have|has|must|isn't|aren't|don't|doesn't) "
    r"(we|i|you|u|they|it|he|she|this|that|these|those|there|the|our|my|a|an|all|every|partners?)\b)\b", re.I)  # not "whatever"


# A question inside a longer message: "before I answer, what counts as evidence? we have CAD data".
ASKED_CLAUSE = re.compile(r"(?:^|[,.;:!?]\s*)(?:(?:ok|so|but|and|wait|quick q|also)\s+)?(?P<clause>(?:what|whats|what's|why|how|"
                          r"who|which|when|where|do|does|did|is|are|was|were|should|shall|would|could|can|will|has|have|"
                          r"must|isn't|aren't|don't|doesn't)\b[^,.;:!?]*\?)", re.I)


def is_question(text: str) -> bool:
    said = text.strip()
    while FILLER.match(said):
        said = FILLER.sub("", said, count=1)
    if POLITE_REQUEST.match(said):
        return False  # "can you delete the junk ones?" asks the coach to do something
    asked = ASKED_CLAUSE.search(said)
    return said.endswith("?") or bool(OPENER.match(said)) or (asked is not None and not POLITE_REQUEST.match(asked["clause"]))


# "never mind, remove probation", "actually drop the church": a change of mind before the request.
LEAD_IN = r"^\W*(?:(?:never\s*mind|nvm|actually|oops|wait|no|sorry|ok(?:ay)?)\b\W*)*"


# Requests to the coach that are never an answer to a step, whatever the model made of
# them, and the action that serves each. Checked in order.
REQUEST_ROUTES = [
    (re.compile(LEAD_IN + r"(undo|scratch that|strike that|take (that|it) back|remove|delete|drop|erase|get rid of|"
                r"take (the |that )?\w+ (out|off))\b|\bthat'?s not an? (blocker|stakeholder|goal|commitment)\b|"
                r"\b(undo|scratch) that\b", re.I), "action_undo"),
    (re.compile(r"^\s*(change|rename|move|push|update|correct|fix|reword) (the|my|that|this|it)\b|"
                r"^\W*((actually|wait|no|oops|sorry|sry)\W*\s*)*make (it|that)\b|"
                r"^\s*call (it|this|the partnership)\b|^\s*rename\b|"
                r"^\W*((wtf|ugh|no|wait|actually|ok|so)\W*\s*)*(the\s+)?contact\s+(at|for|with)\b.{1,60}\b(is|should be)\b|"
                r"\b(change|set|update|fix) the partner\b|"
                r"^\W*(no,?\s+|actually,?\s+)?the partner is (just|only|really|actually)\b|"
                r"\b(contact|name|date|target|deadline)\b.{0,40}\b(is|should be|was)\b.{1,60}\bnot\b|"
                r"\bwrong (date|name|contact|number)\b|"
                r"^\W*((wait|no|oops|sorry|actually|sry)\W*\s*)*i meant\b.*\b(mon|tues?|wed|thu|thurs|fri|sat|sun|jan|feb|"
                r"mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.I), "action_change_answer"),
    (re.compile(r"\bchecklist\b|^\W*((show|give|send|pull up)( me)? )?(the |a |my )?(briefing|summary)\b|^\W*brief me\b",
                re.I), "action_request_checklist"),
    (re.compile(r"\bon the hook\b|^\W*(show |list )?(me )?my (open )?(commitments|to-?dos?|tasks)\W*$", re.I),
     "action_list_commitments"),
    (re.compile(r"^\W*(status|how are we doing|where do we stand)\W*$", re.I), "action_partnership_status"),
    (re.compile(r"\b(what'?s|whats) next\b|\bwhere (am|was) i\b|\bshow me what you have\b|"
                r"^\s*(go back|back) to\b|^\s*(redo|revisit)\b|^\W*(no\W+)?step\s*\d\b|"
                r"\b(jump|skip( ahead)?|go) to (the )?(formal |common |written )?(step|problem|stakeholders?|goals?|"
                r"resources|buy.?in|barriers|agreement|mou|review)\b", re.I), "action_next_step"),
    (re.compile(r"^\W*(can (you|u) |could you |pls |please )?(draft|write up|write|start) (the|an|a|our|my)? ?"
                r"(mou|agreement|memorandum)\b|\b(mou|agreement|memorandum) template\b|"
                r"\btemplate (for|of) (the |an? |our )?(mou|agreement|memorandum)\b|"
                r"\b(can (you|u)|could (you|u)|pls|please) (give|send|show) (me|us) (a|an|the) (template|sample)\b",
                re.I), "action_draft_agreement"),
]


def request_action(text: str) -> str | None:
    """The action that serves `text` when it is a request to the coach, else None."""
    return next((action for pattern, action in REQUEST_ROUTES if pattern.search(text)), None)


# "stop", "stop the health check, ill finish later" during a step or a health check: leave
# it for now; "stop reminding me" is about the reminders.
LEAVE = re.compile(r"^\W*(stop|quit|exit|cancel|pause|enough|done for now|that'?s enough)\b|\bstop (the|this)\b|"
                   r"\bfinish (it |this )?later\b|\bstop (here|there|for now)\b|\b(got|getting) a call\b|"
                   r"\bgotta (go|run|roll)\b|\bbrb\b|\b(pick|continue) (it |this )?(up )?later\b", re.I)
ABOUT_REMINDERS = re.compile(r"\b(remind\w*|nudg\w*|messag\w*|ping\w*|notif\w*|dm\w*)\b", re.I)


def leaving(text: str) -> bool:
    return bool(LEAVE.search(text)) and not ABOUT_REMINDERS.search(text)


# "switch to housing authority", "lets work on the county housing authority partnership", and
# "how do i switch between my partnerships": about which partnership, never a step's answer.
LEADING = r"^\W*(?:(?:ok(?:ay)?|so|actually|hey|can we|can i|could we|pls|please|let'?s|lets|i want to|i'?d like to|" \
          r"id like to|i wanna|wanna|now)\W+)*"
SWITCH = re.compile(LEADING + r"(?:switch|change|swap|move|go|jump|flip|get)\s+(?:over\s+|back\s+)?to\s+(?P<name>.+?)\W*$|"
                    + LEADING + r"(?:work on|pick up|continue with|resume)\s+(?P<other>.+?)\W*$", re.I)
HOW_TO_SWITCH = re.compile(r"\b(switch|swap|change|move|go|jump)(ing)?\b.*\b(between|other|another|different)\b.*"
                           r"\bpartnerships?\b|\b(other|another|different) partnership\b", re.I)


def asks_how_to_switch(text: str) -> bool:
    """"how do i switch between my partnerships", "can we do the other partnership"."""
    return bool(HOW_TO_SWITCH.search(text)) and not SWITCH.match(text)


SWITCH_REQUEST = re.compile(LEADING + r"(?:switch|swap|flip)\s+(?:over\s+|back\s+)?to\b|\b(?:work on|switch to|go to|"
                            r"move to|pick up|swap to)\s+(?:the\s+|my\s+|our\s+)?[\w\s'&.-]{2,60}?\s+partnership\b", re.I)


def switch_request(text: str) -> bool:
    """Asks to work on another partnership, or how to (action_next_step does it)."""
    return bool(SWITCH_REQUEST.search(text)) or asks_how_to_switch(text)
