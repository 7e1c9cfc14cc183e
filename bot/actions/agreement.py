"""'Draft the agreement': the partnership's memorandum of understanding, written from its
records, with what is still to complete listed first."""

from __future__ import annotations

from rasa_sdk.events import FollowupAction

from bot import agreement, dates
from bot.actions.context import RecordsAction, current_partnership, latest_text
from bot.questions import request_action


class ActionDraftAgreement(RecordsAction):
    def name(self) -> str:
        return "action_draft_agreement"

    def act(self, dispatcher, tracker, domain, session, person):
        if request_action(latest_text(tracker)) == "action_next_step":
            return [FollowupAction("action_next_step")]  # "go to formal agreement": the step, not the draft
        partnership = current_partnership(session, person, tracker)
        if partnership is None:
            dispatcher.utter_message(text="I write the agreement from a partnership's records, and you have none "
                                          "yet. Say \"start a partnership with ...\" first.")
            return []
        draft = agreement.draft(partnership, dates.today_in(person.timezone))
        if partnership.follow_up_question and "draft the agreement" in partnership.follow_up_question:
            partnership.follow_up_item = partnership.follow_up_question = None  # asked and answered: it's drafted
        dispatcher.utter_message(text=summary(draft, partnership.name))
        dispatcher.utter_message(text=agreement.as_markdown(draft))
        return []


def summary(draft: agreement.Draft, name: str) -> str:
    """What is left to do, before the draft itself."""
    lines = [f"Here is a draft agreement (MOU) for the {name} partnership, written from what you've recorded."]
    if draft.to_complete:
        lines.append("Still to complete with your partners, marked TO COMPLETE in the draft:")
        lines += [f"- {number}. {section.title}: {len(section.missing)} item{'' if len(section.missing) == 1 else 's'}"
                  for number, section in enumerate(draft.sections, start=1) if section.missing]
    lines.append(f"In Slack, `/coach mou {name}` sends it to you as a Word document.")
    return "\n".join(lines)
