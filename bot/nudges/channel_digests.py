"""Channel digests for command staff: a leader's `/coach digest #channel weekly` has the
scheduler post how every partnership in the workspace stands to that channel once a
week, in the working hours of whoever set it up, until `/coach digest off`.

Each post is recorded before it is sent (a NudgeMessage of kind "channel_digest"), so it
is sent once and retried like a nudge; Slack refusing it for good (the app was removed
from the channel, the channel archived) stops the digest."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot import partnership_status
from bot.nudges import shifts
from bot.store import nudge_log, partnerships
from bot.store.channel_digests import digest_for, running_digests
from bot.store.models import ChannelDigest, NudgeMessage, Person, Workspace, as_utc

KIND = "channel_digest"
EVERY = {"weekly": timedelta(days=7)}
TITLE = "How the partnerships in the workspace stand:"
WORST_FIRST = {"stalled": 0, "at risk": 1, "on track": 2}  # as partnership_status.describe orders them


class NotALeader(PermissionError):
    pass


def set_up(session: Session, person: Person, channel: str, channel_name: str | None, every: str,
           now: datetime) -> tuple[ChannelDigest, bool]:
    """Start (or restart) the channel's digest; (it, whether it was running already)."""
    if not person.is_leader:
        raise NotALeader(person.external_id)
    found = digest_for(session, person.workspace_id, channel)
    running = found is not None and found.stopped_at is None and found.every == every
    if found is None:
        found = ChannelDigest(workspace_id=person.workspace_id, channel=channel, set_up_by_id=person.id,
                              created_at=now)
        session.add(found)
    found.channel_name = channel_name or found.channel_name
    found.every, found.stopped_at, found.stop_reason = every, None, None
    if not running:
        found.set_up_by_id = person.id
    session.flush()
    return found, running


def stop(session: Session, person: Person, channel: str | None, now: datetime) -> list[ChannelDigest]:
    """Stop the channel's digest, or with no channel every one in the workspace; those stopped."""
    if not person.is_leader:
        raise NotALeader(person.external_id)
    stopped = running_digests(session, person.workspace_id, channel)
    for digest in stopped:
        digest.stopped_at, digest.stop_reason = now, f"/coach digest off by {person.external_id}"
    session.flush()
    return stopped


def running(session: Session, person: Person) -> list[ChannelDigest]:
    return running_digests(session, person.workspace_id)


def due(session: Session, workspace: Workspace, now: datetime) -> list[ChannelDigest]:
    """The workspace's running digests whose last post (sent or not) is a period old, in
    the working hours of whoever set them up."""
    found = []
    for digest in running_digests(session, workspace.id):
        last = nudge_log.last_channel_digest_post(session, digest.id)
        if last is not None and as_utc(last) > now - EVERY[digest.every]:
            continue
        if shifts.may_nudge_now(None, digest.set_up_by.timezone, now):
            found.append(digest)
    return found


def record(session: Session, digests: list[ChannelDigest], now: datetime) -> None:
    for digest in digests:
        session.add(NudgeMessage(person_id=digest.set_up_by_id, kind=KIND, created_at=now, attempts=0,
                                 channel_digest_id=digest.id, channel=digest.channel))
    session.flush()


def standings(session: Session, digest: ChannelDigest, now: datetime) -> tuple[str, list[str]]:
    """(the title, one line per partnership, stalled first); no lines when there are none."""
    workspace = digest.workspace
    found = sorted((partnership_status.standing(p, now) for p in partnerships.partnerships_by_name(session, workspace)),
                   key=lambda s: WORST_FIRST[s.state])
    # one line each, whatever newlines the reasons quote: a line is never split
    return TITLE, [" ".join(partnership_status.line(s, with_owner=True).split()) for s in found]


def stopped_by_slack(digest: ChannelDigest, reason: str, now: datetime) -> None:
    digest.stopped_at, digest.stop_reason = now, f"Slack refused a post: {reason}"
