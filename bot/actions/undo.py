"""Undoing and removing what was stored, in words: "undo that", "scratch that", "remove
the dispatch center", "delete that commitment", "that's not a blocker". The reply says
exactly what changed; every removal is recorded and can itself be undone. A blocker
removed because it was dealt with ("drop the legal blocker, it got resolved") is kept,
marked handled, instead: it stops counting as open and is never raised with the sponsor."""

from __future__ import annotations

import re

from bot import goals
from bot.actions.context import RecordsAction, current_partnership, latest_text, routed_elsewhere
from bot.commitments import reopen_latest, says_not_done
from bot.knowledge import knowledge
from bot.list_steps import refresh_answers
from bot.notes import RESOLVED, blocker_resolved, mark_handled
from bot.questions import LEAD_IN
from bot.store import commitments, history, partnerships
from bot.store.models import StepAnswer

# Words that say which kind of record is meant.
KIND_WORDS = {
    "stakeholder": r"stakeholders?|partners? org\w*",
    "goal": r"goals?",
    "commitment": r"commitments?|promise|to-?do|task|reminder for",
    "blocker": r"blockers?|obstacles?|issue",
    "progress": r"progress( note)?|update|note",
    "answer": r"answer|step",
}
NAMED = re.compile(
    r"^\W*(?:please\s+|pls\s+|can you\s+|could you\s+)?(?:remove|delete|drop|erase|get rid of|take|cancel|scrap)\s+"
    r"(?:the\s+)?(?:(?P<kind>stakeholder|goal|commitment|blocker|progress note|note)s?\s+)?(?:called\s+)?"
    r"(?P<name>.+?)(?:\s+(?:from|off)\s+(?:the\s+|my\s+)?(?:stakeholders?|list|goals?|commitments?|blockers?)\b.*)?\W*$",
    re.I)
LATEST_WORDS = re.compile(r"^(that|it|this|them|the last( one)?|last( one)?|last \w+|that one|(one|what) i just \w+)$", re.I)
# "undo that", "scratch that", "take it back", "remove it": the latest change is meant.
UNDO_LATEST = re.compile(r"^\W*(?:no,?\s*|oops,?\s*|wait,?\s*|actually,?\s*)?(?:please\s+)?(undo|scratch|strike|"
                         r"take (?:that|it) back|never ?mind that|delete that|remove that|remove it|delete it|drop that|"
                         r"that'?s not an? )|\b(undo|scratch) that\b|\bundo\W*$", re.I)
VAGUE = re.compile(r"\b(junk|the ones|those ones|wrong ones|bad ones|some of (them|those)|all (the )?junk)\b", re.I)


def kinds_named(text: str) -> set[str]:
    return {kind for kind, words in KIND_WORDS.items() if re.search(rf"\b({words})\b", text, re.I)}


def name_in(text: str) -> str | None:
    """The record named in "remove the stakeholder 'wait'", or None for "undo that"."""
    match = NAMED.match(text)
    if not match:
        return None
    name = match.group("name").strip(" '\"")
    bare = re.sub(rf"\b({'|'.join(KIND_WORDS.values())})\b", "", name, flags=re.I).strip()
    return None if not bare or LATEST_WORDS.match(bare) else bare if bare != name and not match.group("kind") else name


def candidates(session, person, partnership, kinds: set[str]) -> list[tuple[str, object, str]]:
    """(kind, record, how it is called) for the records the person could mean."""
    found = []
    if partnership is not None:
        if not kinds or "stakeholder" in kinds:
            found += [("stakeholder", s, s.organisation) for s in partnership.stakeholders]
        if not kinds or "goal" in kinds:
            found += [("goal", g, goals.title(g)) for g in partnership.goals]
        if not kinds or kinds & {"blocker", "progress"}:
            found += [(n.kind, n, n.text) for n in partnership.progress_notes
                      if not kinds or n.kind in kinds]
    if not kinds or "commitment" in kinds:
        found += [("commitment", c, c.text) for c in commitments.open_commitments(session, person)]
    return found


def best(found: list[tuple[str, object, str]], name: str):
    """The record called exactly `name`, else the one whose name contains it, else the one
    sharing most words with it, when exactly one does."""
    wanted = name.lower()
    for test in (lambda called: called.lower() == wanted, lambda called: wanted in called.lower()):
        hits = [entry for entry in found if test(entry[2])]
        if len(hits) == 1:
            return hits[0]
    words = set(re.findall(r"\w{2,}", wanted))
    scored = sorted(((len(words & set(re.findall(r"\w{2,}", called.lower()))), i) for i, (_, _, called)
                     in enumerate(found)), reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return found[scored[0][1]]


def without_lead_in(text: str) -> str:
    """"never mind remove probation" -> "remove probation"; "never mind that" stays as said."""
    request = re.sub(LEAD_IN, "", text, count=1, flags=re.I)
    return request if request != text and (NAMED.match(request) or UNDO_LATEST.search(request)) else text


class ActionUndo(RecordsAction):
    def name(self) -> str:
        return "action_undo"

    def act(self, dispatcher, tracker, domain, session, person):
        if (elsewhere := routed_elsewhere(tracker, self.name())) is not None:
            return elsewhere  # "go back to stakeholders" is a step to go to, not something to remove
        text = without_lead_in(latest_text(tracker))
        if says_not_done(text) and (reopened := reopen_latest(session, person)):  # "wait no i didnt"
            dispatcher.utter_message(text=reopened)
            return []
        kinds = kinds_named(text)
        if VAGUE.search(text):  # "delete the junk ones": only the person can say which
            self.ask_which(dispatcher, candidates(session, person, current_partnership(session, person, tracker),
                                                  kinds), "")
            return []
        partnership = current_partnership(session, person, tracker)
        if partnership is not None and (note := blocker_resolved(partnership, text)) is not None:
            # "legal finally signed off, that blocker is done": dealt with, kept on the record
            dispatcher.utter_message(text=mark_handled(session, person, partnership, note, note.text))
            return []
        resolved = RESOLVED.search(text) is not None and "blocker" in kinds
        said = RESOLVED.sub("", text) if resolved else text  # the blocker's name, without "it got resolved"
        name = name_in(said) or next(filter(None, map(name_in, re.split(r"[,;.]\s*", said)[1:])), None)
        if name is None and not UNDO_LATEST.search(text):  # "delete the empty one" mid-sentence: never guess
            self.ask_which(dispatcher, candidates(session, person, current_partnership(session, person, tracker),
                                                  kinds), "")
            return []
        if name is None:
            change = history.latest(session, person, kinds or None)
            if change is None:
                dispatcher.utter_message(text="There's nothing of yours to undo.")
                return []
            dispatcher.utter_message(text=self.undo_change(session, person, change))
            return []
        partnership = current_partnership(session, person, tracker)
        found = candidates(session, person, partnership, kinds)
        chosen = best(found, name)
        if chosen is None:
            self.ask_which(dispatcher, found, name)
            return []
        kind, record, called = chosen
        if resolved and kind == "blocker":
            dispatcher.utter_message(text=self.mark_handled(session, person, partnership, record, called))
            return []
        history.remove(session, person, kind, record, called)
        if partnership is not None:
            session.refresh(partnership)
            refresh_answers(partnership)
        dispatcher.utter_message(text=f"Removed the {history.NOUNS[kind]} \"{called}\". Say \"undo that\" to put it back.")
        return []

    def mark_handled(self, session, person, partnership, note, called: str) -> str:
        return mark_handled(session, person, partnership, note, called)

    def undo_change(self, session, person, change) -> str:
        if change.kind == "answer" and change.action == "added":
            return self.undo_answer(session, person, change)
        said = history.undo(session, change)
        partnership = None if change.partnership_id is None else partnerships.partnership_by_id(
            session, person, str(change.partnership_id))  # a commitment may be on none
        if partnership is not None:
            session.refresh(partnership)
            refresh_answers(partnership)
        return said

    def undo_answer(self, session, person, change) -> str:
        """Take back a step's answer: the step is asked again and its items reopen."""
        answer = session.get(StepAnswer, change.record_id)
        history.undo(session, change)
        if answer is None:
            return f"The answer \"{change.summary}\" was already gone."
        partnership = partnerships.partnership_by_id(session, person, str(change.partnership_id))
        step = knowledge().step(answer.step_id)
        if partnership is not None:
            items = {item["id"] for item in step["checklist"]}
            for state in [s for s in partnership.checklist_items if s.item_id in items]:
                partnership.checklist_items.remove(state)
            partnership.current_step = step["id"]
            partnership.follow_up_item = partnership.follow_up_question = None
        return (f"Took back your answer to {step['name'].lower().rstrip('?')} (\"{change.summary[:80]}\"). "
                "Say \"what's next?\" to answer it again.")

    def ask_which(self, dispatcher, found, words: str) -> None:
        if not found:
            dispatcher.utter_message(text=f"I couldn't find \"{words}\" among your records, so nothing was removed.")
            return
        dispatcher.utter_message(
            text="Which one should I remove? Nothing has been removed yet.",
            buttons=[{"title": f"Remove {history.NOUNS[kind]}: {called[:50]}",
                      "payload": f"remove the {history.NOUNS[kind]} \"{called[:60]}\""} for kind, _, called in found[:10]]
            + [{"title": "None of those", "payload": "/deny"}])

