"""Progress notes, blockers, and how partnerships stand."""

from __future__ import annotations

from bot import dates
from bot.actions.commitments import describe
from bot.actions.context import RecordsAction, current_partnership, latest_text, unknown_partnership_message
from bot.actions.coaching import progress_summary
from bot.store import repository
from bot.store.models import ProgressNote, utcnow


class ActionReportProgress(RecordsAction):
    """A progress note or a blocker, kept on the partnership it is about."""

    def name(self) -> str:
        return "action_report_progress"

    def act(self, dispatcher, tracker, domain, session, person):
        kind = "blocker" if tracker.latest_message.get("intent", {}).get("name") == "report_blocker" else "progress"
        try:
            partnership = current_partnership(session, person, tracker)
        except repository.UnknownPartnership as error:
            dispatcher.utter_message(text=unknown_partnership_message(error))
            return []
        if partnership is None:
            dispatcher.utter_message(
                text="I can only keep notes on a partnership, and you have none yet. "
                     "Say \"start a partnership with ...\" first."
            )
            return []
        session.add(ProgressNote(partnership_id=partnership.id, author_id=person.id,
                                 text=latest_text(tracker), kind=kind))
        partnership.updated_at = utcnow()
        reply = (f"Noted the blocker on the {partnership.name} partnership. Blockers that sit get raised "
                 "with the sponsoring leader, so say when it clears."
                 if kind == "blocker" else f"Noted on the {partnership.name} partnership. Good progress.")
        dispatcher.utter_message(text=reply)
        return []


class ActionPartnershipStatus(RecordsAction):
    def name(self) -> str:
        return "action_partnership_status"

    def act(self, dispatcher, tracker, domain, session, person):
        try:
            named = current_partnership(session, person, tracker)
        except repository.UnknownPartnership as error:
            dispatcher.utter_message(text=unknown_partnership_message(error))
            return []
        mine = repository.partnerships_of(session, person)
        if not mine:
            dispatcher.utter_message(text="You have no partnerships yet. Say \"start a partnership with ...\" to begin.")
            return []
        today = dates.today_in(person.timezone)
        shown = [named] if named and len(mine) > 1 and "partnership" in latest_text(tracker).lower() else mine
        blocks = []
        for partnership in shown:
            open_ones = [c for c in partnership.commitments if c.status == "open"]
            lines = [progress_summary(partnership)]
            lines += [f"  commitment: {describe(c, today)}" for c in open_ones]
            blocks.append("\n".join(lines))
        dispatcher.utter_message(text="\n\n".join(blocks))
        return []
