"""Rounds of the partner health check and the answers given in them. Everything the
Slack app, the web page, the actions and the CLI read or write about a round goes
through here; every query starts from a partnership, a respondent or a signed link, so
nothing crosses partnerships or workspaces."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import names
from bot.knowledge import knowledge
from bot.store.models import Partnership, Person, SurveyAnswer, SurveyRespondent, SurveyRound, Workspace, as_utc
from bot.survey import tokens

ROUND_DAYS = 14
MIN_RESPONDENTS = 3  # the floor: results from fewer people would let someone pick out an answer
DONT_KNOW = 0        # as in bot/assessment.py: answered, but in no average
SIDES = ("police", "partner")
LOCAL_WORKSPACE = "local"  # the terminal chat: its people are not in Slack


class LinkRefused(Exception):
    """A link that can't be used, and why: forged | expired | closed."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def items() -> list[dict]:
    """The statements, in the order they are asked."""
    return knowledge().assessment["items"]


def item_number(item_id: str) -> int | None:
    return next((n for n, item in enumerate(items(), start=1) if item["id"] == item_id), None)


# -- rounds -------------------------------------------------------------------------

def is_open(found: SurveyRound, now: datetime) -> bool:
    return found.closed_at is None and as_utc(found.closes_at) > now


def open_round(session: Session, partnership: Partnership, now: datetime) -> SurveyRound | None:
    """The partnership's round still taking answers, if any."""
    return next((r for r in rounds_of(session, partnership) if is_open(r, now)), None)


def rounds_of(session: Session, partnership: Partnership) -> list[SurveyRound]:
    """The partnership's rounds, latest first."""
    return list(session.scalars(select(SurveyRound).where(SurveyRound.partnership_id == partnership.id)
                                .order_by(SurveyRound.opened_at.desc(), SurveyRound.id.desc())))


def previous_round(session: Session, found: SurveyRound) -> SurveyRound | None:
    """The round of the same partnership opened before this one."""
    return session.scalar(select(SurveyRound).where(SurveyRound.partnership_id == found.partnership_id,
                                                    SurveyRound.id < found.id)
                          .order_by(SurveyRound.id.desc()).limit(1))


def start_round(session: Session, partnership: Partnership, opener: Person, now: datetime,
                days: int = ROUND_DAYS) -> tuple[SurveyRound, bool]:
    """The open round, else a new one closing in `days` days; True when it is new."""
    found = open_round(session, partnership, now)
    if found is not None:
        return found, False
    if not 1 <= days <= 90:
        raise ValueError("A round stays open between 1 and 90 days.")
    found = SurveyRound(partnership_id=partnership.id, opened_by_id=opener.id, opened_at=now,
                        closes_at=now + timedelta(days=days))
    session.add(found)
    session.flush()
    return found, True


def close_round(found: SurveyRound, now: datetime) -> None:
    """Stop taking answers now; links to it stop working."""
    if found.closed_at is None:
        found.closed_at = now


def closed_at(found: SurveyRound) -> datetime:
    """When it stopped (or will stop) taking answers."""
    return as_utc(found.closed_at or found.closes_at)


def minimum(session: Session, partnership: Partnership) -> int:
    """How many must have answered before anything is shown: the workspace's setting, at least 3."""
    workspace = session.get(Workspace, partnership.workspace_id)
    return max(MIN_RESPONDENTS, workspace.survey_min_respondents or MIN_RESPONDENTS)


def set_minimum(workspace: Workspace, value: int) -> None:
    if not MIN_RESPONDENTS <= value <= 100:
        raise ValueError(f"The minimum number of people before results show is between {MIN_RESPONDENTS} and 100: "
                         f"with fewer than {MIN_RESPONDENTS}, someone's answers could be picked out.")
    workspace.survey_min_respondents = value


# -- respondents --------------------------------------------------------------------

def invite(session: Session, found: SurveyRound, name: str, side: str, organisation: str | None = None,
           person: Person | None = None) -> tuple[SurveyRespondent, bool]:
    """Invite someone to the round (a Slack member when `person` is given); inviting the
    same person again keeps their answers and updates their side and organisation.
    True when they are new to the round."""
    if side not in SIDES:
        raise ValueError(f"Each respondent is police or partner, not '{side}'.")
    name, organisation = _kept(name), _kept(organisation) if organisation else None
    if not name:
        raise ValueError("Who should be invited? Give a name or an e-mail address.")
    key = f"slack:{person.external_id}" if person else name.lower()
    existing = session.scalar(select(SurveyRespondent).where(SurveyRespondent.round_id == found.id,
                                                             SurveyRespondent.key == key))
    if existing is not None:
        existing.side, existing.organisation = side, organisation or existing.organisation
        return existing, False
    respondent = SurveyRespondent(round_id=found.id, key=key, name=name, side=side, organisation=organisation,
                                  person_id=person.id if person else None)
    session.add(respondent)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:  # the same person invited at the same moment elsewhere
        respondent = session.scalar(select(SurveyRespondent).where(SurveyRespondent.round_id == found.id,
                                                                   SurveyRespondent.key == key))
        added = False
    else:
        added = True
    session.expire(found, ["respondents"])  # read afresh, with the new one
    return respondent, added


def _kept(name: str) -> str:
    """A name as stored (bot/names.py); one too long is cut rather than refused: it only labels an invitation."""
    try:
        return names.clean(name)
    except names.NameTooLong as too_long:
        return str(too_long)[:names.LONGEST].strip()


def token_for(respondent: SurveyRespondent) -> str:
    return tokens.make_token(respondent.id, respondent.round_id, as_utc(respondent.round.closes_at))


def link_for(respondent: SurveyRespondent) -> str:
    return tokens.link(token_for(respondent))


def respondent_for_link(session: Session, token: str, now: datetime) -> SurveyRespondent:
    """Whose link this is, while its round takes answers; LinkRefused otherwise."""
    try:
        claim = tokens.read_token(token, now)
    except tokens.LinkError as error:
        raise LinkRefused(error.reason) from None
    respondent = session.get(SurveyRespondent, claim.respondent_id)
    if respondent is None or respondent.round_id != claim.round_id:
        raise LinkRefused("forged")
    if not is_open(respondent.round, now):
        raise LinkRefused("closed")
    return respondent


def respondent_for_member(session: Session, round_id: int, person: Person, now: datetime) -> SurveyRespondent:
    """The Slack member's own place in a round (their DM's buttons); LinkRefused otherwise."""
    respondent = session.scalar(select(SurveyRespondent).where(SurveyRespondent.round_id == round_id,
                                                               SurveyRespondent.person_id == person.id))
    if respondent is None:
        raise LinkRefused("forged")
    if not is_open(respondent.round, now):
        raise LinkRefused("closed")
    return respondent


# -- answers ------------------------------------------------------------------------

def answers_of(respondent: SurveyRespondent) -> dict[str, int]:
    return {a.item_id: a.rating for a in respondent.answers}


def next_unanswered(answered: dict[str, int] | set[str]) -> tuple[int, dict] | None:
    """The first statement not answered yet, with its number (from 1)."""
    return next(((n, item) for n, item in enumerate(items(), start=1) if item["id"] not in answered), None)


def record_answer(session: Session, respondent: SurveyRespondent, item_id: str, rating: int,
                  now: datetime) -> SurveyAnswer:
    """One answer per statement per person: a second one replaces the first."""
    if item_number(item_id) is None:
        raise ValueError(f"No statement '{item_id}'.")
    if not (rating == DONT_KNOW or 1 <= rating <= 5):
        raise ValueError("A rating is 1 to 5, or \"don't know\".")
    existing = next((a for a in respondent.answers if a.item_id == item_id), None)
    if existing is None:
        existing = SurveyAnswer(respondent_id=respondent.id, item_id=item_id, rating=rating, answered_at=now)
        try:
            with session.begin_nested():
                session.add(existing)
                session.flush()
        except IntegrityError:  # the same form sent twice at once: the other one is there now
            session.expire(respondent, ["answers"])
            existing = next(a for a in respondent.answers if a.item_id == item_id)
    existing.rating, existing.answered_at = rating, now
    session.flush()
    session.expire(respondent, ["answers"])
    return existing


# -- Slack DMs ----------------------------------------------------------------------

def undelivered_dms(session: Session, team: str | None, now: datetime) -> list[SurveyRespondent]:
    """Slack members (of `team`, or of every Slack workspace) invited to an open round whose
    DM has not gone out yet."""
    query = (select(SurveyRespondent).join(SurveyRound).join(Partnership).join(Workspace)
             .where(SurveyRespondent.person_id.is_not(None), SurveyRespondent.dm_sent_at.is_(None),
                    SurveyRound.closed_at.is_(None), Workspace.external_id != LOCAL_WORKSPACE)
             .order_by(SurveyRespondent.id))
    found = session.scalars(query.where(Workspace.external_id == team) if team else query)
    return [r for r in found if is_open(r.round, now)]


def claim_dm(session: Session, respondent_id: int, now: datetime) -> bool:
    """Mark the DM sent before sending it; False when another process already did."""
    claimed = session.execute(update(SurveyRespondent).where(SurveyRespondent.id == respondent_id,
                                                             SurveyRespondent.dm_sent_at.is_(None))
                              .values(dm_sent_at=now))
    return claimed.rowcount == 1


def unclaim_dm(session: Session, respondent_id: int) -> None:
    """The DM could not be sent: the next delivery tries again."""
    session.execute(update(SurveyRespondent).where(SurveyRespondent.id == respondent_id).values(dm_sent_at=None))
