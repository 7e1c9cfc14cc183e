"""Progress notes, blockers, and how partnerships stand."""

from __future__ import annotations

import re

from bot import briefing, checklists, dates, goals, notes, partnership_status
from bot.actions.context import RecordsAction, current_partnership, latest_text, named_partnership
from bot.actions.guard import stop_before_storing
from bot.commitments import describe, promises_kept
from bot.formation import progress_summary
from bot.store import commitments, partnerships
from bot.store.models import Goal, utcnow


class ActionReportProgress(RecordsAction):
    """A progress note or a blocker, kept on the partnership it is about."""

    def name(self) -> str:
        return "action_report_progress"

    def act(self, dispatcher, tracker, domain, session, person):
        kind = notes.news_kind(latest_text(tracker)) or (
            "blocker" if tracker.latest_message.get("intent", {}).get("name") == "report_blocker" else "progress")
        chosen_goal = next(tracker.get_latest_entity_values("goal_id"), None)
        if chosen_goal:  # the answer to "Which goal is it about?"
            dispatcher.utter_message(text=link_latest_note(session, person, chosen_goal))
            return []
        if (instead := stop_before_storing(dispatcher, tracker)) is not None:
            return instead
        said = latest_text(tracker)
        goal = goal_named(session, person, tracker, said) if kind == "progress" else None
        partnership = goal.partnership if goal else current_partnership(session, person, tracker)
        if partnership is None:
            dispatcher.utter_message(
                text="I can only keep notes on a partnership, and you have none yet. "
                     "Say \"start a partnership with ...\" first."
            )
            return []
        promised, rest = promises_kept(session, person, partnership, said)  # "... i'll pull the CAD data by friday"
        said = rest if promised else said
        reply, buttons = notes.record(session, person, partnership, kind, said, goal)
        dispatcher.utter_message(text="\n".join([reply, *promised]), buttons=buttons)
        return []


def goal_named(session, person, tracker, said: str):
    """The goal a progress report is about, searched in the partnership in context (or
    named), else across all the person's partnerships: "truancy is down 12%"."""
    if named_partnership(said) or tracker.get_slot("partnership_id"):
        partnership = current_partnership(session, person, tracker)
        return goals.best_match(partnership.goals, said) if partnership else None
    every_goal = [g for p in partnerships.partnerships_of(session, person) for g in p.goals]
    return goals.best_match(every_goal, said)


def link_latest_note(session, person, goal_id: str) -> str:
    """Put the person's latest unlinked progress note on the goal they picked."""
    goal = session.get(Goal, int(goal_id)) if str(goal_id).isdigit() else None
    partnership = partnerships.partnership_by_id(session, person, str(goal.partnership_id)) if goal else None
    note = next((n for n in sorted(partnership.progress_notes, key=lambda n: n.id, reverse=True)
                 if n.kind == "progress" and n.goal_id is None and n.author_id == person.id), None) if partnership else None
    if note is None:
        return "There's no recent progress note of yours to put on that goal."
    note.goal_id = goal.id
    return notes.progress_reply(partnership, goal, note.text)


LEADERS_SEE_ALL = ("\nYou see your own partnerships and those shared with you. Leaders (Slack workspace admins, or "
                   "anyone given the role with `coach roles grant`) see every partnership in the workspace; a "
                   "partnership's owner can share it with you: `/coach share NAME @you`.")


class ActionPartnershipStatus(RecordsAction):
    """On track, at risk or stalled, with reasons; one partnership in detail when named."""

    def name(self) -> str:
        return "action_partnership_status"

    def act(self, dispatcher, tracker, domain, session, person):
        named = current_partnership(session, person, tracker) if named_partnership(latest_text(tracker)) else None
        visible = [named] if named else partnerships.visible_partnerships(session, person)
        shown = [p for p in visible if p.kind == "partnership"]
        assignments = [p.name for p in visible if p.kind == "assignment"]
        if assignments and not shown:
            dispatcher.utter_message(text=f"Recorded as assignments, not partnerships: {', '.join(assignments)}.")
            return []
        if not shown:
            dispatcher.utter_message(text="You have no partnerships yet. Say \"start a partnership with ...\" to begin."
                                     + ("" if person.is_leader else LEADERS_SEE_ALL))
            return []
        now = utcnow()
        title = ("How the partnerships in your workspace stand:" if person.is_leader and not named
                 else "How your partnerships stand:")
        text = partnership_status.describe([partnership_status.standing(p, now) for p in shown], title,
                               with_owner=person.is_leader)
        asked_for_all = re.search(r"\b(all|every|team|workspace|everyone'?s|their|other)\b", latest_text(tracker), re.I)
        if not person.is_leader and asked_for_all:
            text += LEADERS_SEE_ALL
        if assignments:
            text += f"\nRecorded as assignments, not partnerships: {', '.join(assignments)}."
        if named:
            text += "\n" + progress_summary(named)
            open_ones = commitments.open_commitments_on(session, named)
            text += "".join(f"\n  commitment: {describe(c, now)}" for c in open_ones)
        dispatcher.utter_message(text=text)
        return []


FOR_NAME = re.compile(r"\b(?:for|on|of)\s+(?:the\s+|my\s+|our\s+)?(?P<name>[^?.!]+?)(?:\s+(?:one|partnership))?\W*$", re.I)
BRIEFING = re.compile(r"\b(brief me|briefing|summary|summarise|summarize)\b", re.I)
OWN = re.compile(r"\b(briefing|summary|brief me|my|our|this)\b", re.I)
GENERIC = re.compile(r"\b(generic|blank|empty|template|general|standard|the partnership checklist)\b", re.I)


def checklist_partnership(session, person, tracker):
    """Whose checklist: "for the X partnership", "for X" when X names one of theirs, else the
    current one for "my checklist", a briefing, or any checklist asked for while working on
    one; None for the generic checklist ("the blank checklist", or with nothing under way)."""
    text = latest_text(tracker)
    if named_partnership(text):
        return current_partnership(session, person, tracker)  # may raise PartnershipLookupError
    if (tail := FOR_NAME.search(text)) and tail["name"].lower() not in ("me", "us", "a partnership", "partnerships"):
        try:
            return partnerships.find_partnership(session, person, tail["name"])
        except partnerships.PartnershipLookupError:
            pass
    if OWN.search(text) or (tracker.get_slot("partnership_id") and not GENERIC.search(text)):
        return current_partnership(session, person, tracker)  # "checklist pls" while working on one
    return None


class ActionRequestChecklist(RecordsAction):
    """The formation checklist: generic, or one partnership's with what is done."""

    def name(self) -> str:
        return "action_request_checklist"

    def act(self, dispatcher, tracker, domain, session, person):
        partnership = checklist_partnership(session, person, tracker)
        if partnership is None:
            dispatcher.utter_message(text=checklists.as_text("Partnership formation checklist:",
                                                             checklists.generic_checklist()))
            return []
        now = utcnow()
        today = dates.today_in(person.timezone, now)
        rows = checklists.partnership_checklist(partnership, today)
        done = sum(r.state == "done" for r in rows)
        if BRIEFING.search(latest_text(tracker)):  # "brief me": the one screen for command staff
            dispatcher.utter_message(text=briefing.as_text(briefing.briefing(partnership, today, now)))
            return []
        title = f"Checklist for the {partnership.name} partnership ({done} of {len(rows)} done; [!] at risk):"
        dispatcher.utter_message(text=checklists.for_chat(title, rows) + "\nSay \"brief me\" for the one-screen "
                                 f"briefing, or `/coach export {partnership.name}` for the checklist with the reason "
                                 "for each item.")
        return []
