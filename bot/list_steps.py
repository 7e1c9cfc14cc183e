"""The steps whose answer is a list, built one item at a time until the user says they
are done: stakeholders (organisation, contact, needs) and measurable common goals."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot import goals, stakeholders
from bot.store import history
from bot.store.models import Goal, Partnership, Stakeholder


@dataclass(frozen=True)
class ListStep:
    noun: str                                   # "stakeholder"
    hint: str                                   # how to give one, shown with the step's question
    items: Callable[[Partnership], list]        # the ones given so far
    describe: Callable[[object], str]           # one line for one of them
    add: Callable[..., str | None]              # (session, partnership, text, tz) -> its line, or raises; for
                                                # stakeholders (dispatcher, session, person, partnership, text),
                                                # which says what it did


REQUEST = re.compile(r"\?\s*$|^\s*(what|how|why|who|when|where|which|can|could|should|do|does|is|are|tell|show|"
                     r"list|skip|help|i'll|i will|i'm going to|we'll|remind|stop|lets do|let's do|run|start)\b|"
                     r"\b(health check|checklist|status|summary|briefing)\b", re.IGNORECASE)
FINISHED = re.compile(r"^\s*(done|all done|finished|that'?s (all|it|everyone|everything)|no( more)?|none|nope|"
                      r"nothing (else|more)|next( step)?|"
                      r"(all )?(done|finished) (with|w/?) (the |my |our )?"
                      r"(?P<list>stakeholders?|goals?|list|them|those|that|this|it|this (step|one|list)))\W*$", re.IGNORECASE)
# "done. goals: truancy down 30% by june": the list is finished; the rest belongs to the next step.
FINISHED_THEN = re.compile(r"^\s*(done|all done|finished|that'?s (all|it|everyone|everything))\s*[.!,;:-]+\s*(?P<rest>\S.*)$",
                           re.IGNORECASE | re.DOTALL)
# A remark about the list, not an item for it: "u missed LT brandt", "thats 2 diff ppl. fix",
# "wait it says no contact for the church", "no thats 3.5 HOURS not minutes".
REMARK = re.compile(r"^\W*(wait|no|nope|nah|not|yes|yeah|yep|yup|ya|yah|yea|actually|hmm+|ugh|oops|sorry|well|hey|"
                    r"u(?!\s+of\b)|you|ur|your|i|i'?m|im|i'?ve|ive|we'?re|it'?s|its|that'?s|thats|this is|fix|"
                    r"wrong|typo|dont|don'?t|didn'?t|doesn'?t|isn'?t|again)\b", re.IGNORECASE)
# "... attendance dir. also Jefferson Middle principal Kim", "harbor light, dir tom briggs. county
# crisis team, dana reyes sup": several stakeholders in one message, one per sentence or "also".
# Titles before a name ("contact Supt. Karen Lowe") end in a dot without ending the sentence.
TITLES = ("supt", "capt", "sgt", "lt", "dr", "det", "mr", "ms", "mrs", "insp", "cmdr", "lieut", "asst", "dept", "prof",
          "gov", "sen", "rep", "ofc", "dep", "st", "jr", "sr")
NOT_AFTER_TITLE = "".join(rf"(?<!\b{title})" for title in TITLES)
# A ";" ends an item whatever comes before it ("... Diaz...; parks & rec").
ALSO = re.compile(r"(?:[.;]\s*|\s+)(?:and\s+|plus\s+)?also\b[\s,:]*|(?:\s*;|(?<=[a-z0-9)][a-z0-9)][a-z0-9)][a-z0-9)])"
                  + NOT_AFTER_TITLE + r"\.\s)\s*(?!\s*(?:contact|needs?|wants?|"
                  r"interest\w*|cares?|because|they|she|he|it|its|their|who)\b)", re.IGNORECASE)
# "parks and rec maybe. done": the last item, then the list is finished.
THEN_FINISHED = re.compile(r"^(?P<item>.+?)[.,;]\s*(?:done|all done|that'?s (?:all|it|everyone))\W*$", re.IGNORECASE | re.DOTALL)
# "add a goal: ...", "new goal - ...", "goal: ...": a goal, asked for in so many words at any step.
EXPLICIT_GOAL = re.compile(r"^\W*(?:(?:add|new|another)\s+(?:a\s+|an(?:other)?\s+)?goal|goal)\s*[:,-]\s*(?P<goal>\S.*)$",
                           re.IGNORECASE | re.DOTALL)
DRAFT_GOAL = re.compile(r"^\s*draft\s+goal\s*:\s*(?P<words>.*)$", re.IGNORECASE | re.DOTALL)
# The coach's replies to a goal it could not read, and to an answer it kept.
REFUSED_GOAL = re.compile(r"^(A goal needs|By when\?|I couldn't read)|has already passed", re.IGNORECASE)
ACCEPTED = re.compile(r"^(Added|Kept|Saved for|Skipped|OK, moving on)\b")


def answers_anyway(tracker, typed: str) -> bool:
    """"done" ends a list step, and at a list step a statement is the next item (or an
    attempt at one, to be told what is missing), even when the model reads it as a
    request: "... by June 2027" sounds like a commitment. Questions stay questions."""
    if FINISHED.match(typed):
        return True
    return tracker.get_slot("last_topic") in LIST_TOPICS and not REQUEST.search(typed)


def list_items(partnership: Partnership, step_id: str) -> list:
    return LIST_STEPS[step_id].items(partnership)


def list_lines(partnership: Partnership, step_id: str) -> list[str]:
    step = LIST_STEPS[step_id]
    return [step.describe(item) for item in step.items(partnership)]


def refused_goal(events: list[dict]) -> str | None:
    """The goal the coach just refused for a missing part ("By when?", "A goal needs a
    number for ...", "... has already passed"), so that a reply giving only that part
    (a date, "same date", "~26 a month now, want it at 18") completes it."""
    bot_said, user_said = [], []  # every reply to the message before, the step's question again included
    for event in reversed(events):
        if event.get("event") == "user":
            user_said.append(event.get("text") or "")
            if len(user_said) == 2:
                break
        elif event.get("event") == "bot" and len(user_said) == 1:
            bot_said.append(event.get("text") or "")
    if len(user_said) == 2 and any(REFUSED_GOAL.search(said) for said in bot_said):
        return user_said[1]
    return None


def goal_misses(events: list[dict]) -> int:
    """How many goals in a row the coach has refused since it last kept an answer,
    counted from its replies in the conversation."""
    misses = 0
    for event in reversed(events):
        said = event.get("text") or "" if event.get("event") == "bot" else ""
        if ACCEPTED.match(said):
            break
        misses += bool(REFUSED_GOAL.search(said))
    return misses


def refresh_answers(partnership: Partnership) -> None:
    """Keep the list steps' saved answers in step with their items after a change or an
    undo, so nothing shows a goal's old date or a removed stakeholder."""
    for answer in partnership.answers:
        if answer.step_id in LIST_STEPS and answer.status == "answered":
            answer.answer = "; ".join(list_lines(partnership, answer.step_id)) or None


def list_answer(dispatcher, session, person, partnership: Partnership, step_id: str, value: str,
                misses: int = 0, refused: str | None = None) -> str | None:
    """Add one stakeholder or goal; when the user says they're done, the step's answer.
    `misses`: goals refused in a row before this one; from the second, the reply offers
    to keep the words as a draft goal or to move on, so nobody is stuck at this step."""
    step = LIST_STEPS[step_id]
    finished_then = FINISHED_THEN.match(value)
    if (other := other_list_named(step_id, value)) is not None:  # "done w stakeholders" said at the goals step
        dispatcher.utter_message(text=f"The {other.noun}s are saved. We're on {step.noun}s now: add another "
                                      f"{step.noun}, or say \"done\" if that's all.")
        return None
    if FINISHED.match(value) or finished_then:
        if step.items(partnership):
            if finished_then:
                dispatcher.utter_message(text=f"I'll keep \"{finished_then['rest'][:80]}\" out of the {step.noun}s; "
                                              "give it again when I ask for it.")
            return "; ".join(list_lines(partnership, step_id))
        dispatcher.utter_message(text=f"Name at least one {step.noun} first, or say \"skip\" to come back to it later.")
        return None
    if step_id == "common_goals" and (draft := DRAFT_GOAL.match(value)):
        return keep_draft_goal(dispatcher, session, person, partnership, draft["words"])
    if step_id == "common_goals" and (explicit := EXPLICIT_GOAL.match(value)):
        value = explicit["goal"]
    if step_id == "common_goals" and refused:
        value = completed_goal(partnership, refused, value, person.timezone)
    if REMARK.match(value):
        dispatcher.utter_message(text=remark_reply(step_id, partnership))
        return None
    if last := THEN_FINISHED.match(value):
        list_answer(dispatcher, session, person, partnership, step_id, last["item"], misses)
        return list_answer(dispatcher, session, person, partnership, step_id, "done", misses)
    for part in (split_stakeholders(value) if step_id == "stakeholders" else [value]):
        if part.strip(" .,;"):
            add_one(dispatcher, session, person, partnership, step_id, part, misses)
    return None


SAME_DATE = re.compile(r"^\W*(?:(?:ok(?:ay)?|yeah|yes|yep|oh|the)\W+)*same\s+(?:date|deadline|time|day|as\s+(?:the\s+)?"
                       r"(?:last|other|previous|first)(?:\s+one)?|as\s+before)\W*$", re.I)
CHATTER = re.compile(r"^\W*(?:(?:ok(?:ay)?|yeah|yes|yep|so|um+|uh+|well|oh|right|sorry)\b\W*)*|~", re.I)


def completed_goal(partnership: Partnership, refused: str, value: str, tz: str | None) -> str:
    """The goal the coach just refused, completed by a reply that gives only what was missing:
    a date ("oh right, june 2027 then"), "same date" (the previous goal's), or the numbers
    ("ok ~26 a month now, want it at 18 by may"). Otherwise the reply as said."""
    dated = [g.target_date for g in partnership.goals if g.target_date]
    when = dated[-1] if SAME_DATE.match(value) and dated else goals.date_only(value, tz)
    if when:
        return f"{goals.without_date(refused)} by {when:%B %d %Y}"
    try:
        goals.parse_goal(value, tz)
        return value  # a whole goal of its own
    except goals.GoalProblem as problem:
        if not str(problem).startswith("A goal needs a measure"):
            return value
    numbers = CHATTER.sub("", value).strip(" ,")
    deadline = "" if goals.DEADLINE.search(numbers) else refused[len(goals.without_date(refused)):]
    combined = f"{goals.without_date(refused)}, {numbers} {deadline}".strip()
    try:
        goals.parse_goal(combined, tz)
    except goals.GoalProblem:
        return value
    return combined


def remark_reply(step_id: str, partnership: Partnership) -> str:
    """A remark made at a list step: nothing is stored, and the reply says how to do what
    they probably meant."""
    noun = LIST_STEPS[step_id].noun
    first, fix = (("the organisation's name", "\"remove ...\" or \"the contact at ... is ...\"")
                  if step_id == "stakeholders" else
                  ("what is measured", "\"change the goal target to ...\" or \"move the goal date to ...\""))
    so_far = f" So far: {'; '.join(lines)}." if (lines := list_lines(partnership, step_id)) else ""
    return (f"I didn't add that as a {noun}: it reads like a remark, not a {noun}.{so_far} To add one, "
            f"start with {first}. To fix one, say {fix}; "
            "\"undo that\" takes back the last one; say \"done\" when the list is complete.")


def other_list_named(step_id: str, value: str) -> ListStep | None:
    """The other list step, when "done with ..." names it rather than this one."""
    finished = FINISHED.match(value)
    named = (finished["list"] or "").lower().removesuffix("s") if finished else ""
    return next((step for other_id, step in LIST_STEPS.items() if other_id != step_id and step.noun == named), None)


def split_stakeholders(value: str) -> list[str]:
    """One piece per stakeholder: by sentence, ";" or "also", then by a list of names."""
    return [part for sentence in ALSO.split(value) for part in stakeholders.split_list(sentence)]


def add_one(dispatcher, session, person, partnership: Partnership, step_id: str, value: str, misses: int) -> None:
    step = LIST_STEPS[step_id]
    if step_id == "stakeholders":  # it says itself whether it added or updated one
        return step.add(dispatcher, session, person, partnership, value)
    before = len(step.items(partnership))
    try:
        added = step.add(session, partnership, value, person.timezone)
    except (goals.GoalProblem, stakeholders.StakeholderProblem) as problem:
        if step_id == "common_goals" and misses >= 1:
            dispatcher.utter_message(
                text=f"{problem.message}\nOr I can keep your words as a draft goal to make measurable later, "
                     "or we can move on and come back to goals.",
                buttons=[{"title": "Keep it as a draft goal", "payload": f"draft goal: {value}"},
                         {"title": "Move on", "payload": "/skip_step"}])
        else:
            dispatcher.utter_message(text=problem.message)
        return None
    if len(step.items(partnership)) > before:  # a new one, not more details on one already named
        newest = step.items(partnership)[-1]
        history.added(session, person, partnership, step.noun, newest,
                      getattr(newest, "organisation", None) or goals.title(newest))
    elif step_id == "common_goals":
        dispatcher.utter_message(text=f"That goal is on the list already: {added}.")
        return None
    dispatcher.utter_message(text=f"Added {step.noun}: {added}. Say \"undo that\" if that's wrong.")
    return None


# "cut burglaries by half by dec 2027": a goal's verb first, an amount and a date.
GOAL_SHAPE = re.compile(rf"^\W*{goals.LEAD_IN}{goals.MOVES}(?=.*(?:\d|\b(?:half|double|triple)\b))"
                        rf".*\b(?:by|before)\s+(?:the\s+end\s+of\s+)?(?:{goals.MONTH}|(?:19|20)\d\d\b|next\s+\w+)", re.I)


def goal_from_another_step(dispatcher, session, person, partnership: Partnership, value: str,
                           asked_only: bool = False) -> bool:
    """A goal said while another step's question waits: asked for ("add a goal: ...",
    "draft goal: ...") or, unless `asked_only`, a measurable goal with its date. It goes on the
    goals, or the reply says what it lacks and offers to keep it as a draft. False when it is
    not a goal."""
    if draft := DRAFT_GOAL.match(value):
        keep_draft_goal(dispatcher, session, person, partnership, draft["words"])
        return True
    explicit = EXPLICIT_GOAL.match(value)
    if asked_only and not explicit:
        return False
    said = explicit["goal"] if explicit else value
    try:
        goals.parse_goal(said, person.timezone)
    except goals.GoalProblem as problem:
        if not (explicit or GOAL_SHAPE.match(value)):
            return False
        dispatcher.utter_message(text=f"That reads like a goal, but it isn't measurable yet. {problem.message}",
                                 buttons=[{"title": "Keep it as a draft goal", "payload": f"draft goal: {said}"[:1000]}])
        return True
    add_one(dispatcher, session, person, partnership, "common_goals", said, 0)
    return True


def keep_draft_goal(dispatcher, session, person, partnership: Partnership, words: str) -> None:
    """A goal kept as said, without numbers or a date, to be made measurable later."""
    words = " ".join(words.split()).strip(" .")
    if not words:
        dispatcher.utter_message(text="Which goal? Say \"draft goal: \" and then the goal in your own words.")
        return None
    goal = Goal(description=words, measure=words)
    partnership.goals.append(goal)
    session.flush()
    history.added(session, person, partnership, "goal", goal, words)
    dispatcher.utter_message(text=f"Kept as a draft goal: \"{words}\". It isn't measurable yet; refine it later "
                                  "with \"change the goal target to ...\" and \"move the goal date to ...\". "
                                  "Say \"undo that\" if that's wrong.")
    return None


def add_stakeholder(dispatcher, session, person, partnership: Partnership, text: str) -> None:
    """A new stakeholder, or more details on one already named ("mercy contact is Dr Patel"
    when "Mercy Hospital ED" is listed); the reply says which, and what wasn't used."""
    try:
        draft = stakeholders.parse_stakeholder(text)
    except stakeholders.StakeholderProblem as problem:
        dispatcher.utter_message(text=problem.message)
        return None
    kept = stakeholders.same_organisation(partnership.stakeholders, draft.organisation)
    if kept is None:
        kept = Stakeholder(organisation=draft.organisation, contact=draft.contact, interests=draft.interests)
        partnership.stakeholders.append(kept)
        history.added(session, person, partnership, "stakeholder", kept, kept.organisation)
        said = f"Added stakeholder: {stakeholders.describe(kept)}. Say \"undo that\" if that's wrong."
    elif changes := stakeholders.changes(kept, draft):
        history.changed(session, person, partnership, "stakeholder", kept, kept.organisation)
        kept.contact, kept.interests = draft.contact or kept.contact, draft.interests or kept.interests
        said = f"Updated stakeholder {kept.organisation}: {'; '.join(changes)}. Say \"undo that\" if that's wrong."
    else:
        said = f"That stakeholder is on the list already: {stakeholders.describe(kept)}."
    session.flush()
    dispatcher.utter_message(text=said)
    if draft.unread:
        say_back_unread(dispatcher, draft.unread)
    return None


def say_back_unread(dispatcher, unread: tuple[str, ...]) -> None:
    """Words after a stakeholder that may be more stakeholders: offered, never dropped."""
    quoted = " or ".join(f"\"{words}\"" for words in unread)
    if len(unread) == 1:
        text = (f"I didn't use {quoted}. If it's another stakeholder, add it; if it's the contact, "
                f"say \"contact {unread[0]}\".")
    else:
        text = f"I didn't use {quoted}. If they're other stakeholders, add them; if one is the contact, say \"contact ...\"."
    dispatcher.utter_message(text=text, buttons=[{"title": f"Add {words[:60]}", "payload": words[:200]}
                                                 for words in unread])


def add_goal(session, partnership: Partnership, text: str, tz: str | None) -> str:
    """A new goal; one said again (same measure, target and date) is not added twice."""
    draft = goals.parse_goal(text, tz)
    for kept in partnership.goals:
        if ((kept.measure or "").lower(), kept.target, kept.target_date) == (draft.measure.lower(), draft.target,
                                                                            draft.target_date):
            return goals.describe(kept)
    goal = Goal(description=draft.description, measure=draft.measure, baseline=draft.baseline,
                target=draft.target, unit=draft.unit, direction=draft.direction, target_date=draft.target_date)
    partnership.goals.append(goal)
    session.flush()
    return goals.describe(goal)


LIST_STEPS = {
    "stakeholders": ListStep(
        "stakeholder", "One at a time: the organisation, your contact there, and what it needs. For example "
                       "\"Lincoln High School, contact Principal Diaz, needs attendance up\".",
        lambda partnership: partnership.stakeholders, stakeholders.describe, add_stakeholder),
    "common_goals": ListStep(
        "goal", f"One at a time, each measurable: what is measured, where it is now, the target and the date. "
                f"For example {goals.EXAMPLE}.",
        lambda partnership: partnership.goals, goals.describe, add_goal),
}
LIST_TOPICS = {f"step:{step_id}" for step_id in LIST_STEPS}
