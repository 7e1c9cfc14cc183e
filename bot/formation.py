"""The formation steps of knowledge/steps.yml as a partnership goes through them: how
far it has come, and the words people use for each step."""

from __future__ import annotations

from bot.knowledge import knowledge
from bot.store.models import Partnership

# What people call each step when they go back to it.
STEP_WORDS = {
    "problem": r"problem|evidence", "partnership_or_assignment": r"assignment",
    "stakeholders": r"stakeholders?", "common_goals": r"(common )?goals?", "resources": r"resources?",
    "buy_in": r"buy.?in|sponsor|chain of command", "facilitators_barriers": r"barriers?|facilitators?|enablers?",
    "formal_agreement": r"agreement|mou|memorandum", "review": r"review",
}


def progress_summary(partnership: Partnership) -> str:
    answered = {a.step_id: a.status for a in partnership.answers}
    items = {i.item_id: i.state for i in partnership.checklist_items}
    lines = [f"Partnership with {partnership.partner} (\"{partnership.name}\"):"]
    for step in knowledge().steps:
        state = answered.get(step["id"])
        mark = {"answered": "answered", "skipped": "skipped, still open"}.get(state, "open")
        still_open = sum(items.get(i["id"]) != "done" for i in step["checklist"])
        if state == "answered":  # answered is not done while checklist items stay open
            mark = f"answered, {still_open} of {len(step['checklist'])} checklist items open" if still_open else "done"
        current = " <- you are here" if step["id"] == partnership.current_step else ""
        lines.append(f"- {step['name']}: {mark}{current}")
    return "\n".join(lines)
