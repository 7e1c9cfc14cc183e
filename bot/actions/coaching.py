"""Coaching a partnership through the formation steps in knowledge/steps.yml.

coaching_form keeps asking the current step's question; each answer is saved on the
partnership as it is given, so a conversation left for days resumes where it stopped."""

from __future__ import annotations

import difflib
import re

from rasa_sdk import FormValidationAction
from rasa_sdk.events import FollowupAction, SlotSet

from bot import agreement, briefing, dates, evidence, goals, names, notes, paste, stakeholders, step_review
from bot.actions.context import (
    RecordsAction,
    current_partnership,
    in_records,
    just_heard_user,
    latest_text,
    message_id,
    named_partnership,
    routed_elsewhere,
)
from bot.actions.guard import offer_candidates
from bot.commitments import (
    LEADING_WORDS,
    PROMISE_CLAUSES,
    SPEAKER_COMMITS,
    promises_kept,
    reads_as_done,
    separate_promises,
    task_from,
    without_chatter,
)
from bot.follow_ups import after_answer
from bot.formation import STEP_WORDS, progress_summary
from bot.knowledge import knowledge
from bot.list_steps import (
    FINISHED,
    LIST_STEPS,
    answers_anyway,
    goal_from_another_step,
    goal_misses,
    list_answer,
    list_items,
    list_lines,
    refresh_answers,
    refused_goal,
)
from bot.notes import blocker_resolved, mark_handled
from bot.questions import SWITCH, asks_how_to_switch, is_question, request_action
from bot.store import commitments, history, partnerships
from bot.store.models import Partnership, utcnow
from bot.words import match_commitment

# Intents that, said confidently during a step, are a request rather than an answer.
INTERRUPTIONS = {
    "make_commitment", "list_commitments", "complete_commitment", "help", "ask_next_step",
    "skip_step", "ask_success_factors", "ask_barriers", "ask_factor", "ask_case_study",
    "ask_model", "request_checklist", "partnership_status", "goodbye", "bot_challenge",
    "tell_me_more", "start_partnership", "assess_partnership", "manage_reminders", "greet",
    "thank", "check_partnership", "change_answer", "undo", "out_of_scope",
}
INTERRUPTION_CONFIDENCE = 0.6
NO_PARTNER_YET = "no_partner_yet"  # step_answer when "who with?" was answered "not sure yet": the form ends
NO_PARTNER_TEXT = ("No problem: nothing is set up yet. When you know who the partner is, say \"start a partnership "
                   "with\" and their name.")
SKIP_SHAPE = re.compile(r"\b(skip|later|move on|pass|next|come back|not now|don'?t know|dunno|idk|no idea|not sure|"
                        r"tbd|haven'?t decided|no clue)\b|^\W*(no|nope|nah|not yet)\W*$", re.I)
# "email dr okafor tomorrow morning": an instruction to oneself, with a date, is a commitment.
TO_DO = re.compile(LEADING_WORDS + r"(email|e-mail|call|phone|text|meet|send|brief|visit|set up|schedule|follow up|"
                   r"check (in )?with|talk to)\b(?=.*\b(today|tonight|tomorrow|tmrw|monday|tuesday|wednesday|"
                   r"thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|next week|eod|by)\b)", re.I)
PARTNER = re.compile(
    r"(?:\b(?:with|alongside|w)\b/?|\bw/)\s*(?:the\s+|our\s+|a\s+|an\s+)?(?P<partner>.+?)"
    r"(?:\s+(?:on|about|around|regarding|re:|to\s+(?:tackle|address|reduce|work\s+on))\s+(?P<topic>.+?))?[.!?]*$",
    re.IGNORECASE,
)

# The partner is named right after "partnership"; "w/ county SO here" is the speaker's own agency.
PARTNERSHIP_WITH = re.compile(r"\bpartner(?:ship|ing)s?\s+(?=(?:with|alongside|w)\b|w/)", re.I)
OWN_AGENCY = re.compile(r"^[^,.;:]*?\s+here\b|^(?:us|me|myself)\b", re.I)


ALREADY_ANSWERED = re.compile(r"\b(already (answered|told|said|gave|did) (that|this|it|you)|i (just )?told (you|u)|"
                              r"answered (that|this) already)\b", re.I)
# Replies to "Who is the partnership with?" that are not an organisation's name.
UNSURE = re.compile(r"\b(not sure|unsure|don'?t know|dunno|idk|no idea|tbd|haven'?t (decided|picked)|undecided|"
                    r"no clue|not yet|no one yet|nobody yet|figure it out)\b", re.I)
REMARK = re.compile(r"^\W*(i|i'm|im|we|we're|it|it's|that|this|they|there|honestly|well|um+|uh+|hmm+|so|just|yeah|"
                    r"yes|no|nope|ok|okay|lol|what|why|how)\b|\b(is|are|was|were|think|guess|want|wants|need|"
                    r"needs|should|would|could)\b", re.I)
HEDGE = re.compile(r"^\W*(probably|prob|maybe|likely|i think|i guess|i'd say|prolly)\W+|\W+(probably|maybe|i think|"
                   r"i guess)\W*$", re.I)
LONGEST_PARTNER_NAME = 8  # words; "Mercy Hospital emergency department social work team" fits


def partner_from_reply(value: str) -> str | None:
    """The organisation named in answer to "Who is the partnership with?", or None when the
    reply is a remark ("honestly the LT hasn't decided") rather than a name."""
    partner, _ = partner_and_topic(f"with {HEDGE.sub('', value).strip()}")
    if not partner or UNSURE.search(partner) or REMARK.search(partner) or len(partner.split()) > LONGEST_PARTNER_NAME:
        return None
    try:
        return names.clean(partner)
    except names.NameTooLong:
        return None


def partner_and_topic(text: str) -> tuple[str | None, str | None]:
    """'set up a partnership with the school district on truancy' -> ('school district', 'truancy');
    'w/ the high school, lots of fights after dismissal' -> ('high school', 'lots of fights after dismissal')."""
    after = PARTNERSHIP_WITH.search(text)  # "sgt w/ county SO here. partnership w/ county probation"
    match = PARTNER.search(text, after.start() if after else 0)
    while match and OWN_AGENCY.match(match["partner"]):
        match = PARTNER.search(text, match.start("partner"))
    if not match:
        return None, None
    partner, topic = match.group("partner").strip(" ,"), (match.group("topic") or "").strip() or None
    first, *rest = re.split(r"\s*(?:[,;:(]|\.\s+(?=[a-z])|\s[-–]\s)\s*", partner, maxsplit=1)  # not "St. Mary's"
    return first.strip(" ,"), topic or (rest[0].strip(" .)") if rest else None) or None


# Intents that ask the coach something: said as a statement, not a question, they are an answer
# ("A formal partnership: we decide together" reads like check_partnership).
ASKING = {"check_partnership", "ask_success_factors", "ask_barriers", "ask_factor", "ask_case_study", "ask_model",
          "tell_me_more", "help"}


SAYS_SKIP = re.compile(r"\b(skip|move on|come back|later|next|pass|not now)\b", re.I)


def is_skip(text: str) -> bool:
    """"skip", "idk yet", "dont know, can we come back to it": but not a longer answer that
    happens to say "don't know" ("LT is meh, other sgts dont know about it yet")."""
    return bool(SKIP_SHAPE.search(text)) and (len(text.split()) <= 5 or bool(SAYS_SKIP.search(text)))


def dated_promise(text: str) -> bool:
    """The whole message is a promise with a date: "ill email AP gomez the form by friday lol"."""
    said = without_chatter(text)
    return bool((SPEAKER_COMMITS.match(said) or TO_DO.match(said)) and dates.split_promise(said).date_phrase
                and len(PROMISE_CLAUSES.split(said)) == 1)


def is_interruption(latest_message: dict) -> bool:
    intent = latest_message.get("intent") or {}
    text = latest_message.get("text") or ""
    if intent.get("name") in ASKING and not is_question(text) and len(text.split()) > 3:
        return False  # a statement answering the step; "help" or "tell me more" alone is a request
    if intent.get("name") == "skip_step" and not is_skip(text):
        return False  # "LT lukewarm, nobody briefed yet" answers the step; a skip says so
    if intent.get("name") == "start_partnership" and partner_and_topic(text)[0] is None:
        return False  # "formal partnership, we decide together" answers the step; a new one names its partner
    if intent.get("name") == "change_answer" and request_action(text) != "action_change_answer":
        return False  # "both sides sit on the review and either can change the plan" answers the step
    if intent.get("name") == "make_commitment" and not (SPEAKER_COMMITS.match(text) or TO_DO.match(text)):
        return False  # "Captain Ruiz sponsors it; I'll brief roll call" answers the step; a promise leads
    if intent.get("name") == "make_commitment" and dated_promise(text):
        return True  # "ill email AP gomez the referral form by yesterday lol", however unsure the model is
    if intent.get("name") == "complete_commitment" and not reads_as_done(text):
        return False  # "together, in writing. btw I already called the nurse" answers the step; news leads
    return intent.get("name") in INTERRUPTIONS and intent.get("confidence", 0) >= INTERRUPTION_CONFIDENCE


def step_heading(step: dict) -> str:
    return f"Step {step['order']} of {len(knowledge().steps)}: {step['name']}"


def start_or_resume(session, person, partner: str) -> tuple[Partnership, bool]:
    for existing in partnerships.partnerships_of(session, person):
        if partner.lower() in (existing.partner.lower(), existing.name.lower()):
            if existing.kind == "assignment":  # recorded as an assignment; now they want to formalise it
                existing.kind, existing.current_step = "partnership", "partnership_or_assignment"
            return existing, False
    first = knowledge().steps[0]["id"]
    return partnerships.create_partnership(session, person, partner, first), True


class ActionStartPartnership(RecordsAction):
    def name(self) -> str:
        return "action_start_partnership"

    def act(self, dispatcher, tracker, domain, session, person):
        partner, topic = partner_and_topic(latest_text(tracker))
        try:
            partner = names.clean(partner) if partner else None
        except names.NameTooLong as problem:
            dispatcher.utter_message(text=problem.message)
            partner = None
        if not partner:
            dispatcher.utter_message(text="Let's set up a formal partnership.")
            return [SlotSet("partner_name", None), SlotSet("partnership_id", None), SlotSet("step_answer", None)]
        partnership, created = start_or_resume(session, person, partner)
        if created and topic:
            partnerships.save_step_answer(session, partnership, "topic", topic, status="noted")
        if created and partnership.name != partnership.partner:
            dispatcher.utter_message(
                text=f"Someone in your workspace already has a partnership called \"{partnership.partner}\", so "
                     f"yours is called \"{partnership.name}\". If it is the same partnership, ask its owner to "
                     f"add you (`/coach share {partnership.partner} @you`) instead.")
        if created:
            dispatcher.utter_message(
                text=f"Let's set up a formal partnership with {partnership.partner}. I'll take you "
                     f"through {len(knowledge().steps)} steps, one at a time, in the order the research "
                     "recommends. Your answers are saved as you go; say \"skip\" to come back to a step "
                     "later, or \"what's next?\" any time."
            )
        else:
            dispatcher.utter_message(
                text=f"You already have a partnership with {partnership.partner}; let's pick it up where you left off."
            )
        return [SlotSet("partner_name", partnership.partner), SlotSet("partnership_id", str(partnership.id)),
                SlotSet("step_answer", None)]


class ActionAskPartnerName(RecordsAction):
    """Which partnership: one of theirs (a button each), or a new partner organisation."""

    def name(self) -> str:
        return "action_ask_partner_name"

    def act(self, dispatcher, tracker, domain, session, person):
        mine = partnerships.partnerships_of(session, person)
        if not mine:
            dispatcher.utter_message(text="Who is the partnership with? Name the partner organisation "
                                          "(for example \"the school district\" or \"Mercy Hospital\").")
            return []
        dispatcher.utter_message(
            text=f"Which partnership? You have {len(mine)}: {', '.join(p.name for p in mine)}. "
                 "Pick one, or name a new partner organisation to start another.",
            buttons=[{"title": p.name, "payload": p.name} for p in mine[:5]])
        return []


class ActionAskStepAnswer(RecordsAction):
    """The form's question: the current step of the current partnership."""

    def name(self) -> str:
        return "action_ask_step_answer"

    def act(self, dispatcher, tracker, domain, session, person):
        partnership = partnerships.partnership_by_id(session, person, tracker.get_slot("partnership_id"))
        if partnership is None or partnership.current_step is None:
            return []
        step = knowledge().step(partnership.current_step)
        skip = {"title": "Skip for now", "payload": "/skip_step"}
        if partnership.follow_up_item:
            dispatcher.utter_message(text=partnership.follow_up_question, buttons=follow_up_buttons(partnership))
        elif step["id"] not in LIST_STEPS:
            saved = next((a.answer for a in partnership.answers if a.step_id == step["id"] and a.answer), None)
            kept = (f"\nYour answer so far: \"{saved[:200]}\". A new answer replaces it; say \"move on\" to keep it."
                    if saved else "")
            dispatcher.utter_message(text=f"{step_heading(step)}\n{step['question']}{kept}", buttons=[skip])
        elif not list_items(partnership, step["id"]):
            dispatcher.utter_message(text=f"{step_heading(step)}\n{step['question']}\n{LIST_STEPS[step['id']].hint}",
                                     buttons=[skip])
        else:
            noun = LIST_STEPS[step["id"]].noun
            so_far = "\n".join(f"- {line}" for line in list_lines(partnership, step["id"]))
            dispatcher.utter_message(text=f"{step_heading(step)}\nSo far:\n{so_far}\n"
                                          f"Add another {noun}, or say \"done\".",
                                     buttons=[{"title": "Done", "payload": "done"}])
        return [SlotSet("last_topic", f"follow_up:{step['id']}" if partnership.follow_up_item else f"step:{step['id']}")]


def offered_draft(partnership: Partnership) -> bool:
    """The open follow-up offers to draft the agreement (after "no mou yet")."""
    return partnership.follow_up_question == evidence.red_flag("no_agreement")["follow_up"]


def asked_to_formalise(partnership: Partnership) -> bool:
    """The open follow-up is "Do you want to make it a partnership?" after an assignment verdict."""
    return partnership.follow_up_question == evidence.red_flag("assignment_only")["follow_up"]


def news_not_a_stakeholder(tracker) -> bool:
    """At the stakeholders step a commitment or a completion ("ok emailed okafor") is news
    to record as such, not an organisation."""
    return (tracker.get_slot("last_topic") == "step:stakeholders"
            and not FINISHED.match(tracker.latest_message.get("text") or "")  # "done" ends the step
            and (tracker.latest_message.get("intent") or {}).get("name") in ("make_commitment", "complete_commitment"))


def plan_for_follow_up(tracker) -> bool:
    """A promise in answer to the follow-up ("gonna brief roll call friday") answers it."""
    return (str(tracker.get_slot("last_topic") or "").startswith("follow_up:")
            and (tracker.latest_message.get("intent") or {}).get("name") == "make_commitment")


def follow_up_buttons(partnership: Partnership) -> list[dict]:
    if asked_to_formalise(partnership):
        return [{"title": "Yes, make it a partnership", "payload": "yes"},
                {"title": "No, record it as an assignment", "payload": "no"}]
    return [{"title": "Move on", "payload": "/skip_step"}]


class ValidateCoachingForm(FormValidationAction):
    def name(self) -> str:
        return "validate_coaching_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        if tracker.get_slot("partnership_id") and tracker.get_slot("step_answer") == "complete":
            return []
        if tracker.get_slot("step_answer") == NO_PARTNER_YET:
            return []
        return domain_slots

    def _answer_text(self, tracker, slot: str) -> dict:
        typed = (tracker.latest_message.get("text") or "").strip()
        if slot == "step_answer" and tracker.get_slot("requested_slot") == slot and just_heard_user(tracker) \
                and asks_how_to_switch(typed):
            return {slot: typed}  # a question, but about the partnerships: the form answers it (switch_partnership)
        if (tracker.get_slot("requested_slot") != slot or not just_heard_user(tracker) or is_question(typed)
                or request_action(typed)
                or (is_interruption(tracker.latest_message)
                    and (news_not_a_stakeholder(tracker) or not answers_anyway(tracker, typed))
                    and not plan_for_follow_up(tracker)
                and not step_review.MOVE_ON.match(typed))):  # "later" means move on here, not goodbye
            return {}  # a question is answered by its own action, then the step's question comes back
        return {slot: typed} if typed and not typed.startswith("/") else {}  # a button is never an answer

    async def extract_partner_name(self, dispatcher, tracker, domain):
        answer = self._answer_text(tracker, "partner_name")
        if answer and partner_from_reply(answer["partner_name"]) is None:
            if len(answer["partner_name"]) > names.LONGEST:
                dispatcher.utter_message(text=names.NameTooLong(answer["partner_name"]).message)
                return {"partner_name": None}
            if UNSURE.search(answer["partner_name"]):  # no partner yet: nothing to set up, no loop
                dispatcher.utter_message(text=NO_PARTNER_TEXT)
                return {"partner_name": None, "step_answer": NO_PARTNER_YET}
            dispatcher.utter_message(text="I'll need the partner organisation's name for that, "
                                          f"not \"{answer['partner_name'][:60]}\". "
                                          "Say \"not sure yet\" if it isn't decided.")
            return {"partner_name": None}
        return answer

    async def extract_step_answer(self, dispatcher, tracker, domain):
        return self._answer_text(tracker, "step_answer")

    def validate_partner_name(self, value, dispatcher, tracker, domain):
        if not value:  # a reset by another action, not an answer
            return {"partner_name": None}
        partner = partner_from_reply(value)

        def create(session, person) -> dict:
            partnership, _ = start_or_resume(session, person, partner or value)
            return {"partner_name": partnership.partner, "partnership_id": str(partnership.id)}
        return in_records(tracker, dispatcher, "partner_name", create)

    def validate_step_answer(self, value, dispatcher, tracker, domain):
        if not value or value in ("complete", NO_PARTNER_YET):  # a reset or the end, not an answer
            return {"step_answer": value}

        def save(session, person) -> dict:
            nonlocal value  # an answer labelled for another step loses its label
            partnership = partnerships.partnership_by_id(session, person, tracker.get_slot("partnership_id"))
            if partnership is None or partnership.current_step is None:
                return {"step_answer": "complete"}
            if (switched := switch_partnership(dispatcher, session, person, partnership, value)) is not None:
                return switched
            step = knowledge().step(partnership.current_step)
            if (aside := said_nothing_about(dispatcher, step, value)) is not None:
                return aside
            if (news := news_not_answer(dispatcher, session, person, partnership, step, value)) is not None:
                return news
            if (elsewhere := answer_for_another_step(partnership, step, value, person.timezone)) is not None:
                step, value = elsewhere  # "resources: 2 officers..." while asked a goals follow-up
                if partnership.follow_up_item:
                    dispatcher.utter_message(text=f"Taking that for {step['name'].lower().rstrip('?')}; the earlier "
                                                  "question stays open on the checklist.")
                partnership.follow_up_item = partnership.follow_up_question = None
                partnership.current_step = step["id"]
            if partnership.follow_up_item:
                return follow_up_answered(dispatcher, session, person, partnership, step, value)
            kept = next((a for a in partnership.answers if a.step_id == step["id"] and a.answer), None)
            if kept is not None and ALREADY_ANSWERED.search(value):
                dispatcher.utter_message(text=f"Right, your answer for {step['name'].lower().rstrip('?')} is kept: "
                                              f"\"{kept.answer[:200]}\". Moving on.")
                return advance(partnership, step)
            if kept is not None and step_review.MOVE_ON.match(value):
                dispatcher.utter_message(text=f"Kept your answer for {step['name'].lower().rstrip('?')}.")
                return advance(partnership, step)
            if step_review.MOVE_ON.match(value) or (step["id"] not in LIST_STEPS and FINISHED.match(value)):
                partnerships.save_step_answer(session, partnership, step["id"], None, status="skipped")
                dispatcher.utter_message(text=f"Skipped {step['name'].lower().rstrip('?')} for now; "
                                              "it stays open on your checklist.")
                return advance(partnership, step)
            if step["id"] in LIST_STEPS:
                promised, item = promises_kept(session, person, partnership, value)  # "... ill meet alvarez by dec 10"
                if promised:
                    dispatcher.utter_message(text="\n".join(promised))
                    if not re.search(r"[^\W\d_]{3,}", item):
                        return {"step_answer": None}
                else:
                    item = value
                answer = list_answer(dispatcher, session, person, partnership, step["id"], item,
                                     misses=goal_misses(tracker.events), refused=refused_goal(tracker.events))
            else:
                answer = text_answer(dispatcher, step, value)
            if answer is None:
                return {"step_answer": None}  # not saved: the reply said what is needed; ask again
            saved = partnerships.save_step_answer(session, partnership, step["id"], answer)
            history.added(session, person, partnership, "answer", saved, answer)
            reading = step_review.review(partnership, step["id"], answer)
            lines = [f"Saved for {step['name'].lower().rstrip('?')}.", *step_review.say(reading)]
            lines += after_answer(session, person, partnership, step["id"], answer, message_id(tracker))
            lines += promises_kept(session, person, partnership, answer)[0]
            dispatcher.utter_message(text="\n".join(lines))
            if partnership.follow_up_item:
                return {"step_answer": None}  # the form asks the follow-up next
            return advance(partnership, step)
        return in_records(tracker, dispatcher, "step_answer", save)


STEP_LABEL = re.compile(r"^\W*(?P<label>(?:the\s+)?(?:problem|stakeholders?|goals?|resources|buy.?in|barriers|facilitators|"
                        r"agreement|mou|review))\s*:\s*(?P<rest>\S.*)$", re.I | re.S)


def answer_for_another_step(partnership: Partnership, step: dict, value: str, tz: str | None) -> tuple[dict, str] | None:
    """(step, answer) when the message answers a step other than the one asked: labelled
    ("resources: 2 officers ..."), or a measurable goal given while an earlier step's
    follow-up waits. None when it is this step's answer."""
    if labelled := STEP_LABEL.match(value):
        named = next((step_id for step_id, words in STEP_WORDS.items()
                      if re.fullmatch(rf"(?:the\s+)?(?:{words})", labelled["label"], re.I)), None)
        if named:
            return knowledge().step(named), value if named == "facilitators_barriers" else labelled["rest"].strip()
    order = [s["id"] for s in knowledge().steps]
    if partnership.follow_up_item and order.index(step["id"]) < order.index("common_goals"):
        try:
            goals.parse_goal(value, tz)
        except goals.GoalProblem:
            return None
        return knowledge().step("common_goals"), value
    return None


NOT_THE_NAME = re.compile(r"^(?:the|our|my)\s+|\s+(?:partnership|one|instead)$", re.I)


def partnership_called(mine: list[Partnership], said: str) -> Partnership | None:
    """The one of `mine` that "county housing authority" or "housing authority" names, or None."""
    wanted = said.lower()
    while (shorter := NOT_THE_NAME.sub("", wanted).strip()) != wanted:
        wanted = shorter
    if not wanted:
        return None
    for test in (lambda called: called == wanted, lambda called: wanted in called or called in wanted):
        hits = {p.id: p for p in mine for called in (p.name.lower(), p.partner.lower()) if test(called)}
        if len(hits) == 1:
            return next(iter(hits.values()))
    close = {p.id: p for p in mine for called in (p.name.lower(), p.partner.lower())
             if difflib.SequenceMatcher(None, called, wanted).ratio() >= 0.8}
    return next(iter(close.values())) if len(close) == 1 else None


def explain_switching(dispatcher, partnership: Partnership | None, mine: list[Partnership]) -> None:
    others = [p for p in mine if partnership is None or p.id != partnership.id]
    listed = (f"Your {'others' if partnership else 'partnerships'}: {', '.join(p.name for p in others)}." if others
              else "You have no other partnership yet; say \"start a partnership with\" and the partner's name.")
    on = f"You're on the {partnership.name} partnership. " if partnership else ""
    dispatcher.utter_message(text=f"{on}To work on another, say \"switch to\" and its name. {listed}",
                             buttons=[{"title": p.name[:60], "payload": f"switch to {p.name}"} for p in others[:5]])


def switch_partnership(dispatcher, session, person, partnership: Partnership, value: str) -> dict | None:
    """"switch to housing authority", "lets work on the county housing authority partnership":
    the conversation goes on with that partnership at its own step. "how do i switch between
    my partnerships" is answered. None when the message is not about switching."""
    mine = partnerships.partnerships_of(session, person)
    wanted = SWITCH.match(value)
    if wanted is None and not asks_how_to_switch(value):
        return None
    target = partnership_called(mine, wanted["name"] or wanted["other"]) if wanted else None
    if wanted is not None and target is None and not re.search(r"\bpartnerships?\b", value, re.I):
        return None  # "move to goals", "work on the truancy numbers": not about another partnership
    if target is not None and target.id == partnership.id:
        dispatcher.utter_message(text=f"You're already on the {partnership.name} partnership.")
        return {"step_answer": None}
    if target is None:  # asked how, or named none of theirs
        explain_switching(dispatcher, partnership, mine)
        return {"step_answer": None}
    target.current_step = target.current_step or first_open_step(target)
    dispatcher.utter_message(text=f"Switched to the {target.name} partnership. Nothing was saved for "
                                  f"{partnership.name}; it stays where you left it.")
    return {"step_answer": None if target.current_step else "complete", "partnership_id": str(target.id),
            "partner_name": target.partner}


# Said during a step, these say nothing about it: the step stays as it was and is asked again.
NEVER_MIND = re.compile(r"^\W*(never\s*mind|nvm|nm|forget (it|that|about it)|scratch that)\W*$", re.I)
NON_ANSWER = re.compile(
    r"^\W*((ugh+|argh+|meh|sigh|ffs|smh|omg|wow|geez|jeez|hmm+|um+|uh+|lol|lmao|idc|whatever|w/e|so)\W*)+$|"
    r"^\W*((ugh+|honestly|seriously|man|god)\W+)*(this|that|it|you|u|ur|the coach|this bot|this thing)\s*"
    r"(is|are|'s|s|r)?\s*(so |really |pretty |kinda |totally )?(useless|pointless|stupid|dumb|annoying|broken|"
    r"a waste( of (my )?time)?|not helping|not helpful|unhelpful|garbage|trash|(doesn'?t|does not|isn'?t|is not) "
    r"(help(ing|ful)?|work(ing)?))\W*$|^\W*(this|that|it) (sucks|is a joke)\W*$", re.I)


def said_nothing_about(dispatcher, step: dict, value: str) -> dict | None:
    """An interjection ("ugh", "whatever"), a complaint ("this is useless") or "never mind",
    said while a step's question waits: nothing is saved, and the question comes again."""
    name = step["name"].lower().rstrip("?")
    if NEVER_MIND.match(value):
        dispatcher.utter_message(text=f"OK, nothing saved; {name} is as it was.")
        return {"step_answer": None}
    if NON_ANSWER.match(value):
        dispatcher.utter_message(text=f"I didn't save that for {name}. Say \"skip\" to move on, \"what's next?\" "
                                      "to see where you are, or \"stop\" to leave it for now.")
        return {"step_answer": None}
    return None


DONE_WITH = re.compile(r"^\W*(?:(?:ok(?:ay)?|so|finally|all)\W+)*(?:done|finished)\s+(?:with\b|w/|w\b)\s*(?P<task>\S.*)$", re.I)
# "btw capt O signed off ...": news of what someone else did, which may settle a commitment.
BY_THE_WAY = re.compile(r"^\W*(?:btw|by the way|fyi|oh and|also|good news|news)\b", re.I)
HAPPENED = re.compile(r"\b(?:signed(?: off)?|approved|agreed|said yes|gave (?:us )?the (?:ok|okay|go.?ahead)|"
                      r"green.?lit|came through|got back)\b", re.I)
# A figure said as where things stand now: progress on the goal it names, not a step's answer.
FIGURE_NOW = re.compile(r"\d.*\b(this|last|past) (week|month|quarter|year)\b|\b(so far|as of|currently|right now|now at|"
                        r"down to|up to|ytd|to date)\b.*\d|\d.*\b(so far|as of|currently|right now|ytd|to date)\b", re.I)


def news_not_answer(dispatcher, session, person, partnership: Partnership, step: dict, value: str) -> dict | None:
    """Said while a step's question waits, these are news, not its answer: "blocker: county
    cut the clinician", "quick update: ...", a commitment done ("called pastor williams"),
    a figure on a goal ("lincoln ms chronic absence now 20%"). Kept where they belong, and
    the step's question comes again. None when the message is the answer."""
    asked = f"(I didn't take that as the answer to {step['name'].lower().rstrip('?')}.)"
    if paste.is_paste(value):  # a forwarded e-mail: what is in it is offered, one button each
        offer_candidates(dispatcher, value)
        return {"step_answer": None}
    if kind := notes.news_kind(value):
        reply, buttons = notes.record(session, person, partnership, kind, value)
        dispatcher.utter_message(text=f"{reply}\n{asked}", buttons=buttons)
        return {"step_answer": None}
    if (note := blocker_resolved(partnership, value)) is not None:  # "the data sharing blocker is resolved"
        dispatcher.utter_message(text=f"{mark_handled(session, person, partnership, note, note.text)} {asked}")
        return {"step_answer": None}
    done_with = DONE_WITH.match(value) if not FINISHED.match(value) else None  # "done w/ the MOU draft"
    aside = BY_THE_WAY.match(value) and HAPPENED.search(value)  # "btw capt O signed off on jenkins today"
    if (reads_as_done(value) or done_with or aside) and (kept := match_commitment(
            commitments.open_commitments(session, person), done_with["task"] if done_with else value)) is not None:
        commitments.complete(session, kept)
        if evidence.read_answer(step["id"], value).met and not aside:  # "briefed roll call" answers buy-in too
            dispatcher.utter_message(text=f"Marked done: {kept.text}.")
            return None
        dispatcher.utter_message(text=f"Marked done: {kept.text}. Nice work. {asked}")
        return {"step_answer": None}
    if step["id"] == "common_goals" and FIGURE_NOW.search(value) and not goals.DEADLINE.search(value) \
            and (goal := goals.best_match(partnership.goals, value)) and goals.shared_words(goal, value):
        reply, _ = notes.record(session, person, partnership, "progress", value, goal)  # "warrants at 270 as of today"
        dispatcher.utter_message(text=f"{reply}\n{asked}")
        return {"step_answer": None}
    if step["id"] != "common_goals" and re.search(r"\d", value) and (goal := goals.best_match(partnership.goals, value)) \
            and (len(goals.shared_words(goal, value)) >= 2 and not evidence.read_answer(step["id"], value).met
                 or FIGURE_NOW.search(value)):  # "handoff times at 2.9 hrs this month"
        reply, _ = notes.record(session, person, partnership, "progress", value, goal)
        dispatcher.utter_message(text=f"{reply}\n{asked}")
        return {"step_answer": None}
    return meant_for_elsewhere(dispatcher, session, person, partnership, step, value, asked)


# Steps where only a goal asked for is a goal: a list of their own, or figures against the goals.
ASKED_GOALS_ONLY = {*LIST_STEPS, "review"}
# "the district lawyer is holding up the data sharing", "county legal won't sign": a blocker.
BLOCKER_SHAPE = re.compile(r"\b(?:holding|held|hold(?:s)?)\s+(?:\w+\s+){0,3}?up\b|\b(?:won'?t|wont|will not|refus(?:es|ed|ing)"
                           r"\s+to)\s+(?:sign|share|release|approve|agree|fund|commit|budge|allow)\b|"
                           r"\b(?:is|are|'s)\s+(?:blocking|stalling|sitting on)\b|\bdragging (?:their|its|his|her) feet\b", re.I)
# At the problem step someone refusing is often the answer ("landlords won't fix the lights").
BARRIER_STEPS = {"problem", "facilitators_barriers"}
ANSWER_LABEL = {"problem": "problem", "resources": "resources", "buy_in": "buy-in", "formal_agreement": "agreement",
                "review": "review"}
# "no the partner is county probation, SO is us": a correction of the partner, not an answer.
PARTNER_IS = re.compile(r"^\W*(?:(?:no|nope|actually|wait|sorry|correction)\b\W*)*(?:the\s+)?partner(?:\s+org\w*)?\s+"
                        r"(?:is|should be|=)\s+(?P<new>[^,.;:!?]+)", re.I)
# "that dana one is for the mercy partnership not 988": a record said to belong to another partnership.
OTHER_PARTNERSHIP = re.compile(r"\b(?:is|was|goes|belongs|should be)\s+(?:for|to|with|on|under|in)\s+(?:the\s+)?"
                               r"(?P<name>[\w'&. -]+?)\s+partnership\b", re.I)


def meant_for_elsewhere(dispatcher, session, person, partnership: Partnership, step: dict, value: str,
                        asked: str) -> dict | None:
    """Said while a step's question waits, these belong somewhere else: a goal, a blocker, a
    correction of the partner or of which partnership a record is on, "done with the
    stakeholders" at another step, a figure on one of several goals. None when it is the answer."""
    before_goals = partnership.follow_up_item and step_before(step["id"], "common_goals")
    if step["id"] != "common_goals" and not before_goals \
            and goal_from_another_step(dispatcher, session, person, partnership, value, step["id"] in ASKED_GOALS_ONLY):
        dispatcher.utter_message(text=asked)
        return {"step_answer": None}
    if step["id"] not in BARRIER_STEPS and BLOCKER_SHAPE.search(value) and not STEP_LABEL.match(value) \
            and not evidence.read_answer(step["id"], value).met:
        buttons = [{"title": "Record it as a blocker", "payload": f"blocker: {value}"[:1000]}]
        if label := ANSWER_LABEL.get(step["id"]):  # STEP_LABEL reads it as this step's answer
            buttons.append({"title": "It's my answer", "payload": f"{label}: {value}"[:1000]})
        dispatcher.utter_message(text=f"That sounds like a blocker. Shall I record it as one? {asked}", buttons=buttons)
        return {"step_answer": None}
    if new := PARTNER_IS.match(value):
        partner = new["new"].strip()
        dispatcher.utter_message(text=f"{asked} To change the partner, say \"change the partner to {partner}\".",
                                 buttons=[{"title": f"Change the partner to {partner[:40]}",
                                           "payload": f"change the partner to {partner}"[:1000]}])
        return {"step_answer": None}
    if other := OTHER_PARTNERSHIP.search(value):
        name = other["name"].strip()
        dispatcher.utter_message(text=f"{asked} To move a commitment, say \"move the <commitment> commitment to the "
                                      f"{name} partnership\". Anything else: say \"undo that\" to take it back here, "
                                      f"then \"switch to {name}\" and give it there.")
        return {"step_answer": None}
    finished = FINISHED.match(value) or LIST_DONE.match(value)  # "done w stakeholders", "stakeholders r done"
    if step["id"] not in LIST_STEPS and finished and re.match(r"stakeholder|goal", finished["list"] or "", re.I):
        noun = "stakeholders" if finished["list"].lower().startswith("s") else "goals"
        count = len(partnership.stakeholders if noun == "stakeholders" else partnership.goals)
        saved = (f"The {noun} are saved ({count} so far)." if count else
                 f"There are no {noun} yet: say \"go back to {noun}\" to add them.")
        dispatcher.utter_message(text=f"{saved} We're on {step['name'].lower().rstrip('?')} now. {asked}")
        return {"step_answer": None}
    if step["id"] != "common_goals" and FIGURE_NOW.search(value) and any(goals.shared_words(g, value) for g in partnership.goals):
        reply, buttons = notes.record(session, person, partnership, "progress", value)  # on more than one goal
        dispatcher.utter_message(text=f"{reply}\n{asked}", buttons=buttons)
        return {"step_answer": None}
    return None


LIST_DONE = re.compile(r"^\W*(?:the\s+|my\s+|our\s+)?(?P<list>stakeholders?|goals?)\s+(?:r|are|is)\s+"
                       r"(?:all\s+)?(?:done|finished|in|complete)\W*$", re.I)


def step_before(step_id: str, later_id: str) -> bool:
    order = [s["id"] for s in knowledge().steps]
    return order.index(step_id) < order.index(later_id)


def advance(partnership: Partnership, step: dict) -> dict:
    """On to the next step not yet answered (after going back to one, the ones answered
    since are not walked again); when every later one is answered, the first still open."""
    answered = {a.step_id for a in partnership.answers if a.status == "answered"} | {step["id"]}
    touched = {a.step_id for a in partnership.answers} | {step["id"]}  # skipped ones wait for "what's next"
    steps = [s["id"] for s in knowledge().steps]
    later = steps[steps.index(step["id"]) + 1:]
    following = next((s for s in later if s not in answered), None) or next(
        (s for s in steps if s not in touched), None)
    partnership.current_step = following
    return {"step_answer": None if following else "complete"}


def follow_up_answered(dispatcher, session, person, partnership: Partnership, step: dict, value: str) -> dict:
    """The answer to the coach's follow-up question: kept with the step's answer; at the
    partnership-or-assignment step it may also settle that it is an assignment."""
    if asked_to_formalise(partnership) and step_review.NOT_A_PARTNERSHIP.search(value):
        partnership.kind, partnership.current_step = "assignment", None
        partnership.follow_up_item = partnership.follow_up_question = None
        dispatcher.utter_message(text=f"Recorded \"{partnership.name}\" as an assignment, not a partnership: status "
                                      "and checklists keep it apart. Say \"start a partnership with "
                                      f"{partnership.partner}\" if you decide to formalise it.")
        return {"step_answer": "complete"}
    if offered_draft(partnership) and step_review.AFFIRMS.match(value):
        partnership.follow_up_item = partnership.follow_up_question = None
        draft = agreement.draft(partnership, dates.today_in(person.timezone))
        dispatcher.utter_message(text=agreement.as_markdown(draft))
        dispatcher.utter_message(text="That's the draft; the agreement items stay open until it is written and signed.")
        return advance(partnership, step)
    if step_review.MOVE_ON.match(value):
        item = evidence.item(partnership.follow_up_item)
        partnership.follow_up_item = partnership.follow_up_question = None
        dispatcher.utter_message(text=f"OK, moving on. \"{item['shows'].capitalize()}\" stays open on the checklist.")
        return advance(partnership, step)
    if SPEAKER_COMMITS.match(value) and dates.date_in(value):
        dispatcher.utter_message(text=promised_not_done(session, person, partnership, value))
        return advance(partnership, step)
    item_id = partnership.follow_up_item
    noted = note_contacts(partnership, item_id, value)
    reply = [*noted, *step_review.answer_follow_up(partnership, value), *promises_kept(session, person, partnership, value)[0]]
    dispatcher.utter_message(text="\n".join(reply))
    # What was said belongs in the record, settled or not ("i guess the church already has a
    # meal program..."): the checklist, not the record, says whether it closed the item.
    stored = next((a for a in partnership.answers if a.step_id == step["id"]), None)
    if stored is not None and step["id"] not in LIST_STEPS and value.strip() not in (stored.answer or ""):
        stored.answer = f"{(stored.answer or '').rstrip('. ')}. {value.strip()}".lstrip(". ")
    return advance(partnership, step)


# Follow-ups whose answer names people at the stakeholders: they become the stakeholders' contacts.
ASKS_WHO = {"decision_makers_identified", "liaisons_named"}


def note_contacts(partnership: Partnership, item_id: str | None, value: str) -> list[str]:
    """"dr okafor at mercy, principal diaz for lincoln" in answer to "who can sign off?"."""
    if item_id not in ASKS_WHO or not partnership.stakeholders:
        return []
    by_name = {s.organisation: s for s in partnership.stakeholders}
    noted = []
    for organisation, person in stakeholders.contacts_named(value, list(by_name)).items():
        stakeholder = by_name[organisation]
        if person.lower() not in (stakeholder.contact or "").lower():
            stakeholder.contact = "; ".join(filter(None, [stakeholder.contact, person]))[:stakeholders.MAX_CONTACT]
            noted.append(f"{person} at {organisation}")
    if noted:
        refresh_answers(partnership)
    return [f"Added as contacts: {', '.join(noted)}."] if noted else []


def promised_not_done(session, person, partnership: Partnership, value: str) -> str:
    """"gonna brief roll call friday" is a plan: it goes on the commitments, the item stays open."""
    item = evidence.item(partnership.follow_up_item)
    partnership.follow_up_item = partnership.follow_up_question = None
    if len(each := separate_promises(value, person.timezone)) > 1:  # "... by tuesday and email tom by thurs"
        kept = [commitments.add_commitment(session, person, task, due, partnership) for task, due in each]
        listed = "; ".join(f"{c.text}, by {dates.format_date(c.due_date)}" for c in kept)
        return (f"Those are plans, so they're on your commitments: {listed}. "
                f"\"{item['shows'].capitalize()}\" stays open until they're done.")
    promise = dates.split_promise(value, person.timezone)
    try:
        due = dates.resolve_due_date(promise.date_phrase or "", person.timezone)
    except dates.DateProblem as problem:
        return f"{problem.message} \"{item['shows'].capitalize()}\" stays open."
    stored = commitments.add_commitment(session, person, task_from(promise.task), due, partnership)
    return (f"That's a plan, so it's on your commitments: {stored.text}, by {dates.format_date(due)}. "
            f"\"{item['shows'].capitalize()}\" stays open until it's done.")


def text_answer(dispatcher, step: dict, value: str) -> str | None:
    """The answer to keep for a step, or None (after saying why) when it is too thin."""
    if not re.search(r"[^\W\d_]{3,}", value):
        dispatcher.utter_message(text=f"I need a little more than \"{value[:40]}\" for {step['name'].lower()}. "
                                      f"{step['question']}")
        return None
    return value


NEXT_ACTIONS = 3


def formation_summary(partnership: Partnership, today, now) -> tuple[str, list[dict]]:
    """One screen on the partnership, its open items most important first with why each
    matters, and the next actions offered as commitments (one click makes one)."""
    open_items = step_review.open_items(partnership)
    states = step_review.states(partnership)
    lines = [briefing.as_text(briefing.briefing(partnership, today, now))]
    if open_items:
        lines.append(f"Open items ({len(open_items)}), most important first:")
        lines += [f"- {'[at risk] ' if states[item['id']] == 'at risk' else ''}{item['shows'].capitalize()}: {item['why']}"
                  for item in open_items[:5]]
        if len(open_items) > 5:
            lines.append(f"...and {len(open_items) - 5} more: say \"checklist for the {partnership.name} partnership\".")
        lines.append("Pick a next action to put it on your commitments, due in a week:")
    else:
        lines.append("Every checklist item is done. Keep the reviews going.")
    due = dates.format_date(step_review.suggested_due(today))
    buttons = [{"title": item["next_action"][:75].capitalize(), "payload": f"I'll {item['next_action']} by {due}"}
               for item in open_items[:NEXT_ACTIONS]]
    return "\n".join(lines), buttons


class ActionCoachingComplete(RecordsAction):
    def name(self) -> str:
        return "action_coaching_complete"

    def act(self, dispatcher, tracker, domain, session, person):
        partnership = partnerships.partnership_by_id(session, person, tracker.get_slot("partnership_id"))
        if partnership is None or partnership.kind == "assignment":
            return [SlotSet("step_answer", None)]  # an assignment was just recorded; nothing to sum up
        now = utcnow()
        text, buttons = formation_summary(partnership, dates.today_in(person.timezone, now), now)
        dispatcher.utter_message(text=text, buttons=buttons)
        return [SlotSet("step_answer", None)]


GO_BACK = re.compile(r"\b(go(ing)? back|back|return|jump|skip( ahead)?|move|take me|go|on) to\b|^\W*(redo|revisit)\b|"
                     r"^\W*(no\W+)?step\s*\d\b", re.I)


def step_asked_for(text: str) -> dict | None:
    """The step "go back to goals", "back to step 6" or "revisit buy-in" names, if any."""
    if not GO_BACK.search(text):
        return None
    steps = knowledge().steps
    if (number := re.search(r"\bstep\s*(\d)\b", text, re.I)) and 1 <= int(number.group(1)) <= len(steps):
        return steps[int(number.group(1)) - 1]
    named = next((step_id for step_id, words in STEP_WORDS.items() if re.search(rf"\b({words})\b", text, re.I)), None)
    return knowledge().step(named) if named else None


def back_to(partnership: Partnership, step: dict) -> str:
    """Make `step` the current one; what was said for it stays until a new answer replaces it."""
    order = [s["id"] for s in knowledge().steps]
    ahead = partnership.current_step is not None and order.index(step["id"]) > order.index(partnership.current_step)
    partnership.current_step = step["id"]
    partnership.follow_up_item = partnership.follow_up_question = None
    saved = next((a.answer for a in partnership.answers if a.step_id == step["id"] and a.answer), None)
    kept = (f" Your answer so far: \"{saved[:200]}\". A new answer replaces it; say \"move on\" to keep it."
            if saved and step["id"] not in LIST_STEPS else "")
    return f"{'On' if ahead else 'Back'} to {step_heading(step)[0].lower()}{step_heading(step)[1:]}.{kept}"


def first_open_step(partnership: Partnership) -> str | None:
    done = {a.step_id for a in partnership.answers if a.status == "answered"}
    return next((s["id"] for s in knowledge().steps if s["id"] not in done), None)


class ActionNextStep(RecordsAction):
    """Where am I, and what is missing: then the form asks the current step again."""

    def name(self) -> str:
        return "action_next_step"

    def act(self, dispatcher, tracker, domain, session, person):
        if (elsewhere := routed_elsewhere(tracker, self.name())) is not None:
            return elsewhere  # "what am i on the hook for" is about commitments, not the steps
        mine = partnerships.partnerships_of(session, person)
        wanted = SWITCH.match(latest_text(tracker))
        switched = partnership_called(mine, wanted["name"] or wanted["other"]) if wanted else None
        if switched is None and asks_how_to_switch(latest_text(tracker)):
            explain_switching(dispatcher, partnerships.partnership_by_id(
                session, person, tracker.get_slot("partnership_id")), mine)
            return []
        try:
            partnership = switched or current_partnership(session, person, tracker)
        except partnerships.PartnershipLookupError as error:
            dispatcher.utter_message(text=error.message)
            return [SlotSet("step_answer", "complete")]
        if partnership is None:
            dispatcher.utter_message(text="You don't have a partnership in progress yet.")
            return [SlotSet("partner_name", None), SlotSet("partnership_id", None), SlotSet("step_answer", None)]
        if switched is None and not tracker.get_slot("partnership_id") and not named_partnership(latest_text(tracker)) \
                and len(partnerships.partnerships_of(session, person)) > 1:
            return [SlotSet("partner_name", None), SlotSet("partnership_id", None), SlotSet("step_answer", None)]
        if (target := step_asked_for(latest_text(tracker))) is not None and partnership.kind == "partnership":
            dispatcher.utter_message(text=back_to(partnership, target))
            return [SlotSet("partner_name", partnership.partner), SlotSet("partnership_id", str(partnership.id)),
                    SlotSet("step_answer", None)]
        if partnership.kind == "assignment":
            dispatcher.utter_message(text=f"\"{partnership.name}\" is recorded as an assignment, not a partnership, so "
                                          "there are no formation steps left to walk. Say \"start a partnership with "
                                          f"{partnership.partner}\" if you decide to formalise it.")
            return [SlotSet("partner_name", partnership.partner), SlotSet("partnership_id", str(partnership.id)),
                    SlotSet("step_answer", "complete")]
        partnership.current_step = partnership.current_step or first_open_step(partnership)
        if partnership.current_step:  # when every step is answered, the closing summary says it all once
            dispatcher.utter_message(text=progress_summary(partnership))
        state = None if partnership.current_step else "complete"
        # Switched from another action ("switch to eastside sd" read as a change): the step's
        # question follows, as after "what's next?", which the dialogue rules alone would not do.
        resume = ([FollowupAction("coaching_form")] if switched is not None and state is None
                  and (tracker.latest_message.get("intent") or {}).get("name") != "ask_next_step" else [])
        return [SlotSet("partner_name", partnership.partner), SlotSet("partnership_id", str(partnership.id)),
                SlotSet("step_answer", state), *resume]


class ActionSkipStep(RecordsAction):
    def name(self) -> str:
        return "action_skip_step"

    def act(self, dispatcher, tracker, domain, session, person):
        partnership = partnerships.partnership_by_id(session, person, tracker.get_slot("partnership_id"))
        if partnership is None and tracker.get_slot("requested_slot") == "partner_name":
            dispatcher.utter_message(text=NO_PARTNER_TEXT)  # "not sure yet" to "who is it with?"
            return [SlotSet("step_answer", NO_PARTNER_YET)]
        if partnership is not None and (target := step_asked_for(latest_text(tracker))) is not None:
            dispatcher.utter_message(text=back_to(partnership, target))  # "skip to the MOU part"
            return [SlotSet("step_answer", None)]
        if partnership is None or partnership.current_step is None:
            dispatcher.utter_message(text="There's no step to skip right now.")
            return [SlotSet("step_answer", "complete" if partnership else None)]
        step = knowledge().step(partnership.current_step)
        if partnership.follow_up_item:
            item = evidence.item(partnership.follow_up_item)
            partnership.follow_up_item = partnership.follow_up_question = None
            dispatcher.utter_message(text=f"OK, moving on. \"{item['shows'].capitalize()}\" stays open on the checklist.")
            return [SlotSet("step_answer", advance(partnership, step)["step_answer"])]
        if any(a.step_id == step["id"] and a.answer for a in partnership.answers):  # came back to it, then moved on
            dispatcher.utter_message(text=f"Kept your answer for {step['name'].lower().rstrip('?')}.")
            return [SlotSet("step_answer", advance(partnership, step)["step_answer"])]
        partnerships.save_step_answer(session, partnership, step["id"], None, status="skipped")
        dispatcher.utter_message(text=f"Skipped {step['name'].lower().rstrip('?')} for now; it stays open on your checklist.")
        return [SlotSet("step_answer", advance(partnership, step)["step_answer"])]
