"""A stakeholder from what a supervisor says: the organisation, a contact there, and
what it needs or is interested in. "Lincoln High School, contact Principal Diaz, needs
attendance up" or "Lincoln High; contact: Principal Diaz; interests: attendance"."""

from __future__ import annotations

import re
from dataclasses import dataclass

CONTACT = re.compile(r"\b(?:contact(?:\s+is)?|through|via|talk(?:ing)?\s+to|point\s+of\s+contact(?:\s+is)?)"
                     r"\s*[:=-]?\s*(?P<contact>[^,;]+?)(?=\s*(?:[,;]|\b(?:needs?|wants?|interest|cares?|because)\b|$))",
                     re.I)
INTERESTS = re.compile(r"\b(?:needs?|wants?|interested\s+in|interests?|cares?\s+about|because)"
                       r"\s*[:=-]?\s*(?P<interests>[^;]+)", re.I)
SEPARATOR = re.compile(r"\s*(?:[,;:(]|\s-\s|\s–\s|\bcontact\b|\bthrough\b|\bvia\b|\bneeds?\b|\bwants?\b)", re.I)
MAX_NAME = 200


class StakeholderProblem(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class StakeholderDraft:
    organisation: str
    contact: str | None
    interests: str | None


def parse_stakeholder(text: str) -> StakeholderDraft:
    text = " ".join(text.split()).strip(" .")
    organisation = SEPARATOR.split(text, maxsplit=1)[0].strip(" .")
    organisation = re.sub(r"^(?:the\s+)?(?:organi[sz]ation|stakeholder|partner)\s+is\s+", "", organisation, flags=re.I)
    if not re.search(r"[A-Za-z]{2}", organisation):
        raise StakeholderProblem("Which organisation? Start with its name, for example "
                                 "\"Lincoln High School, contact Principal Diaz, needs attendance up\".")
    if len(organisation) > MAX_NAME:
        raise StakeholderProblem("That's a long name for one organisation. Give one stakeholder at a time: "
                                 "its name first, then the contact and what it needs.")
    contact, interests = CONTACT.search(text), INTERESTS.search(text)
    return StakeholderDraft(organisation,
                            contact["contact"].strip(" .") if contact else None,
                            interests["interests"].strip(" .") if interests else None)


def describe(stakeholder) -> str:
    details = [f"contact: {stakeholder.contact}" if stakeholder.contact else "no contact yet",
               f"needs: {stakeholder.interests}" if stakeholder.interests else "needs not noted"]
    return f"{stakeholder.organisation} ({'; '.join(details)})"
