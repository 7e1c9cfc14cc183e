"""assess_partnership: a health check of a partnership, one statement at a time,
rated 1-5 with buttons or in words ("4", "agree", "prob a 4"), or skipped ("don't
know"). Ratings are saved as they come, so a check left halfway is resumed next time;
the result compares with the last completed one.

The partner health check in chat: "send the health check to the partnership" opens a
round (or continues the open one) and invites everyone the records know; "what were the
health check results?" gives the latest round's results, together only. Reached from
action_start_assessment (the words are read as assess_partnership); the Slack app sends
the members' DMs after the turn (bot/slack/checkup_dms.py)."""

from __future__ import annotations

import re

from rasa_sdk import FormValidationAction
from rasa_sdk.events import SlotSet

from bot import assessment
from bot.actions.context import RecordsAction, current_partnership, in_records, just_heard_user, latest_text
from bot.knowledge import knowledge
from bot.questions import is_question, leaving
from bot.store import partnerships
from bot.store.assessments import completed_assessments, unfinished_assessment
from bot.store.models import Assessment, AssessmentRating, utcnow
from bot.survey import invites, results, rounds

OUT_OF_RANGE = ("Ratings go from 1 (strongly disagree) to 5 (strongly agree). Which fits best? "
                "Say \"don't know\" to skip this one.")
SKIPPED = "Noted as \"don't know\": it won't count in the scores."


def next_item(rated: set[str]) -> tuple[int, dict] | None:
    items = knowledge().assessment["items"]
    return next(((n, item) for n, item in enumerate(items, start=1) if item["id"] not in rated), None)


def ratings_of(found: Assessment) -> dict[str, int]:
    return {r.item_id: r.rating for r in found.ratings}


PAUSED = "Paused the health check; your ratings so far are kept. Say \"run a health check\" to pick it up."


# "what were my health check scores?": the last results, not a new check.
RESULTS = re.compile(r"\b(scores?|results?|how did (we|it|the \w+) (do|score)|what did (i|we) (rate|score|give))\b", re.I)


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


class ActionStartAssessment(RecordsAction):
    def name(self) -> str:
        return "action_start_assessment"

    def act(self, dispatcher, tracker, domain, session, person):
        if (tracker.active_loop or {}).get("name") == "assessment_form" and leaving(latest_text(tracker)):
            dispatcher.utter_message(text=PAUSED)  # "stop the health check, ill finish later"
            return [SlotSet("assessment_id", None)]  # the form ends; the ratings so far stay stored
        if asks_to_send(latest_text(tracker)):  # the partner health check, for everyone in it
            return send_to_partnership(dispatcher, tracker, session, person)
        partnership = current_partnership(session, person, tracker)
        if partnership is None:
            dispatcher.utter_message(text="There's no partnership to check yet. Say \"start a partnership with ...\" first.")
            return [SlotSet("assessment_id", None)]
        if RESULTS.search(latest_text(tracker)) and (together := latest_results(session, partnership)):
            dispatcher.utter_message(text=together + "\nSay \"run a health check\" to rate it yourself, or "
                                                     "\"send the health check to the partnership\" for a new round.")
            return [SlotSet("assessment_id", None)]
        if RESULTS.search(latest_text(tracker)) and (done := completed_assessments(session, partnership.id, limit=2)):
            dispatcher.utter_message(text=f"Your latest health check of the {partnership.name} partnership "
                                          f"({done[0].completed_at:%d %B %Y}):\n"
                                          + assessment.report(ratings_of(done[0]), ratings_of(done[1]) if len(done) > 1 else None)
                                          + "\nSay \"run a health check\" to start a new one.")
            return [SlotSet("assessment_id", None)]
        found = unfinished_assessment(session, partnership, person)
        total = len(knowledge().assessment["items"])
        if found:
            dispatcher.utter_message(text=f"Picking up your health check of the {partnership.name} partnership: "
                                          f"{len(found.ratings)} of {total} statements rated.")
        else:
            found = Assessment(partnership_id=partnership.id, person_id=person.id)
            session.add(found)
            session.flush()
            dispatcher.utter_message(
                text=f"Health check of the {partnership.name} partnership: rate {total} statements from 1 (strongly "
                     "disagree) to 5 (strongly agree), or say \"don't know\" to skip one. Stop any time; "
                     "your ratings are kept.")
        return [SlotSet("assessment_id", str(found.id)), SlotSet("rating", None)]


class ActionAskRating(RecordsAction):
    def name(self) -> str:
        return "action_ask_rating"

    def act(self, dispatcher, tracker, domain, session, person):
        found = session.get(Assessment, int(tracker.get_slot("assessment_id") or 0))
        upcoming = next_item(set(ratings_of(found))) if found else None
        if upcoming is None:
            return []
        number, item = upcoming
        domain_name = knowledge().domains[item["domain"]]["name"]
        dispatcher.utter_message(
            text=f"Statement {number} of {len(knowledge().assessment['items'])} ({domain_name}): {item['statement']}",
            buttons=[{"title": str(n), "payload": f'/assess_partnership{{"number": "{n}"}}'} for n in range(1, 6)])
        return []


class ValidateAssessmentForm(FormValidationAction):
    def name(self) -> str:
        return "validate_assessment_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        return domain_slots if tracker.get_slot("assessment_id") else []

    async def extract_rating(self, dispatcher, tracker, domain):
        if tracker.get_slot("requested_slot") != "rating" or not just_heard_user(tracker):
            return {}
        number = next(tracker.get_latest_entity_values("number"), None)
        text = (tracker.latest_message.get("text") or "").strip()
        if is_question(text):  # "wait what does this one mean": explained, never rated
            self._explain_statement(dispatcher, tracker)
            return {}
        if correction := assessment.CORRECTION.search(text):  # "#4 should be a 2": that one changes
            self._correct(dispatcher, tracker, int(correction["item"]), int(correction["rating"]))
            return {"rating": None}
        value = None if text.startswith("/") else assessment.rating_from(text)  # "/" is a button
        value = number if value is None else value
        return {"rating": str(value)} if value is not None else {}

    def _correct(self, dispatcher, tracker, number: int, rating: int) -> None:
        def change(session, person) -> dict:
            found = session.get(Assessment, int(tracker.get_slot("assessment_id")))
            items = knowledge().assessment["items"]
            kept = next((r for r in found.ratings if 1 <= number <= len(items) and r.item_id == items[number - 1]["id"]),
                        None)
            if kept is None:
                dispatcher.utter_message(text=f"Statement {number} isn't rated yet, so there's nothing to change.")
            else:
                kept.rating = rating
                dispatcher.utter_message(text=f"Changed statement {number} to {rating}.")
            return {}
        in_records(tracker, dispatcher, "rating", change)

    def _explain_statement(self, dispatcher, tracker) -> None:
        def explain(session, person) -> dict:
            found = session.get(Assessment, int(tracker.get_slot("assessment_id")))
            upcoming = next_item(set(ratings_of(found)))
            if upcoming is not None:
                factor = knowledge().factors[upcoming[1]["factor"]]
                dispatcher.utter_message(text=f"Statement {upcoming[0]} is about {factor['name'].lower()}: "
                                              f"{factor['summary']} Rate it 1 (strongly disagree) to 5 (strongly "
                                              "agree), or say \"don't know\". Nothing was recorded for it yet.")
            return {}
        in_records(tracker, dispatcher, "rating", explain)

    def validate_rating(self, value, dispatcher, tracker, domain):
        if not value or value == "done":
            return {"rating": value}
        if value == assessment.SKIPPED:
            rating = assessment.DONT_KNOW
            dispatcher.utter_message(text=SKIPPED)
        elif str(value).lstrip("-").isdigit() and 1 <= int(value) <= 5:
            rating = int(value)
            typed = (tracker.latest_message.get("text") or "").strip()
            if not typed.isdigit() and not typed.startswith("/"):  # "agree", "meh": say how it was read
                dispatcher.utter_message(text=f"Took \"{typed[:40]}\" as {rating}.")
        else:
            dispatcher.utter_message(text=OUT_OF_RANGE)
            return {"rating": None}

        def record(session, person) -> dict:
            found = session.get(Assessment, int(tracker.get_slot("assessment_id")))
            upcoming = next_item(set(ratings_of(found)))
            if upcoming is not None:
                found.ratings.append(AssessmentRating(item_id=upcoming[1]["id"], rating=rating))
                session.flush()
            if next_item(set(ratings_of(found))) is None:
                found.completed_at = utcnow()
                return {"rating": "done"}
            return {"rating": None}
        return in_records(tracker, dispatcher, "rating", record)


class ActionAssessmentResult(RecordsAction):
    def name(self) -> str:
        return "action_assessment_result"

    def act(self, dispatcher, tracker, domain, session, person):
        found = session.get(Assessment, int(tracker.get_slot("assessment_id") or 0))
        if found is None or found.completed_at is None:
            return [SlotSet("assessment_id", None), SlotSet("rating", None)]
        latest = completed_assessments(session, found.partnership_id, limit=2)
        previous = next((a for a in latest if a.id != found.id), None)
        dispatcher.utter_message(text=assessment.report(ratings_of(found), ratings_of(previous) if previous else None))
        return [SlotSet("assessment_id", None), SlotSet("rating", None)]
