"""The partner health check in chat: "send the health check to the partnership" opens a
round (or continues the open one) and invites everyone the records know; "what were the
health check results?" gives the latest round's results, together only. Reached from
action_start_assessment (the words are read as assess_partnership); the Slack app sends
the members' DMs after the turn (bot/slack/checkup_dms.py)."""

from __future__ import annotations

import re

from rasa_sdk.events import SlotSet

from bot.actions.context import current_partnership, latest_text
from bot.store import partnerships
from bot.store.models import utcnow
from bot.survey import invites, results, rounds

# "send the health check to the partnership", "share the assessment with our partners",
# "invite everyone to the checkup", "get the partners to do the health check too"
WHO = (r"(?:all\s+|every\s*one\s+in\s+|every\s*body\s+in\s+|the\s+|our\s+|my\s+)*(?:partners?|partnership|"
       r"every\s*one|every\s*body|team|stakeholders|members|[\w'&.-]+(?:\s+[\w'&.-]+){0,5}\s+partnership)\b")
CHECK = r"(?:health\s*-?\s*check|check-?up|assessment|survey)"
SEND = re.compile(rf"\b(?:send|share|circulate|distribute|forward|roll\s+out|open)\b[^.?!]{{0,40}}\b{CHECK}\s+"
                  rf"(?:out\s+)?(?:to|with)\s+{WHO}"
                  rf"|\b(?:invite|ask|get)\s+{WHO}.{{0,40}}\b{CHECK}\b", re.I)


# "send the health check to the mercy hospital partnership" (bot/actions/context.py reads "for/in/of ...")
TO_NAMED = re.compile(r"\bto\s+(?:the\s+|our\s+|my\s+)?(?P<name>[\w\s'&.-]{2,60}?)\s+partnership\b", re.I)
NOT_NAMES = {"", "the", "our", "my", "this", "that", "everyone in the", "all in the", "everyone in our"}


def asks_to_send(text: str) -> bool:
    return bool(SEND.search(text))


def send_to_partnership(dispatcher, tracker, session, person) -> list[dict]:
    named = TO_NAMED.search(latest_text(tracker))
    name = named["name"].strip() if named else ""
    partnership = (partnerships.find_partnership(session, person, name) if name.lower() not in NOT_NAMES
                   else current_partnership(session, person, tracker))
    if partnership is None:
        dispatcher.utter_message(text="There's no partnership to check yet. Say \"start a partnership with ...\" first.")
        return [SlotSet("assessment_id", None)]
    try:
        invited = invites.invite_partnership(session, partnership, person, utcnow())
    except invites.NotAllowed as refused:
        dispatcher.utter_message(text=str(refused))
        return [SlotSet("assessment_id", None)]
    dispatcher.utter_message(text="\n".join(invites.roster_lines(session, invited)))
    return [SlotSet("assessment_id", None), SlotSet("partnership_id", str(partnership.id))]


def latest_results(session, partnership) -> str | None:
    """The latest round's results (or how many answered so far); None when it never had a round."""
    found = next(iter(rounds.rounds_of(session, partnership)), None)
    if found is None:
        return None
    return results.report(results.compute(session, found, utcnow()))
