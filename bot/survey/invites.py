"""Who a partnership's health check goes to, and what the owner is handed.

"Send the health check to the partnership" invites everyone the records know: the
partnership's people in Slack (owner, members, sponsor: police side, answering in a
Slack DM) and each stakeholder with a named contact (partner side, their organisation,
answering on the web page through a personal link the owner passes on). Anyone else is
invited by name or e-mail address (`coach checkup --invite`). Nothing sends e-mail."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.store.models import Partnership, Person, SurveyRespondent, SurveyRound
from bot.survey import rounds

# A stakeholder that is part of the police side ("Patrol division", "Sheriff's office").
POLICE = re.compile(r"\b(police|sheriff'?s?|pd|precinct|patrol|constabulary|troopers?|public safety|"
                    r"law enforcement)\b", re.I)


class NotAllowed(Exception):
    """Only the partnership's owner or a leader may invite people to its health check."""

    def __init__(self, partnership: Partnership):
        super().__init__(f"Only {partnership.owner.shown_name}, who owns the {partnership.name} partnership, "
                         "or a leader can send its health check.")


@dataclass(frozen=True)
class Invitation:
    name: str
    side: str
    organisation: str | None
    slack_user: str | None   # answers in a Slack DM
    link: str                # the personal web link (Slack members can use theirs too)
    answered: int            # statements answered so far
    new: bool = False


@dataclass(frozen=True)
class Invited:
    round: SurveyRound
    round_is_new: bool
    invitations: list[Invitation]
    without_contact: list[str]  # stakeholders with no named person to invite


def may_invite(person: Person, partnership: Partnership) -> bool:
    return partnership.workspace_id == person.workspace_id and (person.is_leader or person.id == partnership.owner_id)


def side_of(organisation: str | None) -> str:
    return "police" if organisation and POLICE.search(organisation) else "partner"


def _invitation(respondent: SurveyRespondent, new: bool = False) -> Invitation:
    in_slack = respondent.person is not None and respondent.person.workspace.external_id != rounds.LOCAL_WORKSPACE
    return Invitation(respondent.name, respondent.side, respondent.organisation,
                      respondent.person.external_id if in_slack else None, rounds.link_for(respondent),
                      len(respondent.answers), new)


def invite_partnership(session: Session, partnership: Partnership, by: Person, now: datetime,
                       days: int = rounds.ROUND_DAYS) -> Invited:
    """Open (or continue) the round and invite the partnership's people and partner contacts."""
    if not may_invite(by, partnership):
        raise NotAllowed(partnership)
    found, is_new = rounds.start_round(session, partnership, by, now, days)
    invitations = []
    people = [partnership.owner, *partnership.members, *([partnership.sponsor] if partnership.sponsor else [])]
    for person in dict.fromkeys(people):
        respondent, added = rounds.invite(session, found, person.shown_name, "police", None, person)
        invitations.append(_invitation(respondent, added))
    without_contact = []
    for stakeholder in partnership.stakeholders:
        if not (stakeholder.contact or "").strip():
            without_contact.append(stakeholder.organisation)
            continue
        respondent, added = rounds.invite(session, found, stakeholder.contact, side_of(stakeholder.organisation),
                                          stakeholder.organisation)
        invitations.append(_invitation(respondent, added))
    return Invited(found, is_new, invitations, without_contact)


def invite_one(session: Session, partnership: Partnership, by: Person | None, now: datetime, name: str,
               side: str, organisation: str | None = None, days: int = rounds.ROUND_DAYS) -> tuple[SurveyRound, Invitation]:
    """Invite one person by name or e-mail (the operator's CLI passes by=None: the owner opens the round)."""
    if by is not None and not may_invite(by, partnership):
        raise NotAllowed(partnership)
    found, _ = rounds.start_round(session, partnership, by or partnership.owner, now, days)
    respondent, added = rounds.invite(session, found, name, side, organisation)
    return found, _invitation(respondent, added)


def roster(found: SurveyRound) -> list[Invitation]:
    """Everyone invited to the round, with how far they got (not what they said)."""
    return [_invitation(r) for r in found.respondents]


def roster_lines(session: Session, invited: Invited | SurveyRound) -> list[str]:
    """What the owner is told: the round, who answers in Slack, and the links to pass on."""
    found = invited.round if isinstance(invited, Invited) else invited
    people = invited.invitations if isinstance(invited, Invited) else roster(found)
    total = len(rounds.items())
    opened = "Opened" if isinstance(invited, Invited) and invited.round_is_new else "Continuing"
    lines = [f"{opened} the health check of the {found.partnership.name} partnership, open until "
             f"{rounds.closed_at(found):%d %B %Y}. Results are shown together once at least "
             f"{rounds.minimum(session, found.partnership)} people have answered, never who said what."]
    in_slack = [p for p in people if p.slack_user]
    outside = [p for p in people if not p.slack_user]
    if in_slack:
        lines.append("In Slack (each gets a direct message with the statements):")
        lines += [f"- {p.name}, {p.side}: {_progress(p, total)}" for p in in_slack]
    if outside:
        lines.append("Outside Slack: send each person their own link (it works until the round closes; "
                     "don't forward it, it is theirs alone):")
        lines += [f"- {p.name}{f' ({p.organisation})' if p.organisation else ''}, {p.side}: {p.link} "
                  f"[{_progress(p, total)}]" for p in outside]
    if isinstance(invited, Invited) and invited.without_contact:
        lines.append(f"No contact recorded for {', '.join(invited.without_contact)}: add one (\"stakeholder: "
                     "Mercy Hospital, contact Jane Doe\") or invite someone with "
                     f"`coach checkup --partnership \"{found.partnership.name}\" --invite NAME --partner-org ORG`.")
    minimum = rounds.minimum(session, found.partnership)
    if not people:
        lines.append("No one to invite yet: add stakeholders with a contact, or invite people by name.")
    elif len(people) < minimum:
        lines.append(f"Only {len(people)} {'person is' if len(people) == 1 else 'people are'} invited, so the "
                     f"results can never show (they need {minimum} answers): add stakeholders with a contact "
                     f"(\"stakeholder: Mercy Hospital, contact Jane Doe\") or invite people by name, then send it "
                     "again.")
    return lines


def _progress(invitation: Invitation, total: int) -> str:
    if invitation.answered >= total:
        return "answered"
    return f"{invitation.answered} of {total} answered" if invitation.answered else "not answered yet"
