"""One pass of the nudge scheduler.

1. Under the scheduler lock, find what is stalled and *record* the messages to send
   (one nudge per person, several items each; sponsors' digests; blocker escalations;
   channel digests) in one transaction.
2. Hand every recorded message not yet sent to the sender (bot/slack/nudge_sender.py
   says it in Slack), this pass's and any a crash or a failed send left behind; mark
   each sent as soon as the sender has delivered it.

So a restart between passes never sends a nudge twice. A send refused for good (in
Slack: user_not_found, not_in_channel, ...) is recorded as failed and never retried; any
other failure is retried on a later pass, waiting longer each time, and given up after a few
(bot/nudges/delivery.py). Items recorded in a message are not picked up again within
the re-nudge interval."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.orm import Session

from bot import standing
from bot.nudges import channel_digests, delivery, escalation, shifts, stalled
from bot.nudges.escalation import Escalation
from bot.nudges.stalled import StalledItem
from bot.store import nudge_log
from bot.store.db import engine_for
from bot.store.models import Commitment, Goal, NudgeMessage, Person, as_utc
from bot.store.partnerships import sponsored_names, sponsors_in
from bot.store.people import people_by_id
from bot.store.reminder_preferences import preferences_of
from bot.store.scheduler_lock import scheduler_lock
from bot.store.workspaces import workspaces_except

logger = logging.getLogger(__name__)
DIGEST_EVERY = timedelta(days=7)
LOCAL_WORKSPACE = "local"  # the terminal chat: nobody to DM


class Sender(Protocol):
    """Delivers what a pass has to say (bot/slack/nudge_sender.py says it in Slack). Raises
    delivery.SendRefused when the recipient's side refuses it; anything else it raises is
    taken as a failure worth retrying."""

    def nudge(self, user: str, message_id: int, items: list[StalledItem]) -> tuple[str, str]:
        """Tell `user` what of theirs has stalled; (channel, ts) of the message."""

    def digest(self, user: str, items: list[StalledItem]) -> tuple[str, str]:
        """A sponsor's weekly digest; (channel, ts) of the message."""

    def escalation(self, user: str, escalation: Escalation) -> tuple[str, str]:
        """Raise a blocker with its sponsor; (channel, ts) of the message."""

    def channel_digest(self, channel: str, title: str, lines: list[str]) -> str:
        """Post how the partnerships stand in a channel; the message's ts."""


@dataclass
class PassReport:
    ran: bool = True
    # (who, nudge or digest, items): described only when asked, as a big pass plans thousands
    planned_messages: list[tuple[str, str, list[StalledItem]]] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def planned(self, describe: Callable[[StalledItem], str]) -> list[str]:
        """One line per planned message, its items as `describe` words them."""
        return [f"{kind.replace('_', ' ')} to {user}" + (": " + "; ".join(describe(i) for i in items)
                                                          if items else "")
                for user, kind, items in self.planned_messages]

    def lines(self, describe: Callable[[StalledItem], str]) -> list[str]:
        """`failed` lines say themselves whether the message is retried (delivery.describe)."""
        if not self.ran:
            return ["Another scheduler holds the lock; nothing done."]
        return ([f"planned {line}" for line in self.planned(describe)] + [f"sent {line}" for line in self.sent]
                + self.failed) or ["Nothing is stalled; nothing to send."]


def run_pass(database_url: str, sender: Sender | None, now: datetime, dry_run: bool = False) -> PassReport:
    engine = engine_for(database_url)
    report = PassReport()
    with scheduler_lock(engine) as held:
        if not held:
            return PassReport(ran=False)
        with Session(engine, expire_on_commit=False) as session:
            plan(session, now, report, dry_run)
            if dry_run:
                session.rollback()
                return report
            session.commit()
            if sender is not None:
                send_unsent(session, sender, now, report)
    return report


def plan(session: Session, now: datetime, report: PassReport, dry_run: bool) -> None:
    planned: list[tuple[Person, str, list[StalledItem]]] = []
    for workspace in workspaces_except(session, LOCAL_WORKSPACE):
        items = stalled.to_nudge(session, workspace, now)
        sponsors = sponsors_in(session, workspace)
        involved = {item.owner_id for item in items} | sponsors  # load only these, not the whole workspace
        people = people_by_id(session, involved)
        preferences = preferences_of(session, set(people))
        by_owner: dict[int, list[StalledItem]] = defaultdict(list)
        for item in items:
            by_owner[item.owner_id].append(item)
        for owner_id, owned in by_owner.items():
            owner = people[owner_id]
            if shifts.may_nudge_now(preferences.get(owner_id), owner.timezone, now, workspace):
                planned.append((owner, "nudge", owned))
        planned += _plan_digests(session, workspace, sponsors, people, preferences, now)
        planned += escalation.plan(session, workspace, people, preferences, now)
        channel_due = channel_digests.due(session, workspace, now)
        report.planned_messages += [(digest.shown_channel, channel_digests.KIND, []) for digest in channel_due]
        if not dry_run:
            channel_digests.record(session, channel_due, now)
    for person, kind, items in planned:
        report.planned_messages.append((person.external_id, kind, items))
    if not dry_run:
        _record(session, planned, now)


def _plan_digests(session, workspace, sponsors, people, preferences, now) -> list:
    """Each sponsoring leader, once a week: everything overdue, stalled or behind pace on
    the partnerships they sponsor, whether or not its owner was nudged about it lately."""
    if not sponsors:
        return []
    all_items = None  # read once, and only when some digest is due
    digests = []
    for sponsor_id, names in sponsored_names(session, workspace).items():
        sponsor = people[sponsor_id]
        last = nudge_log.last_recorded_at(session, sponsor_id, "digest")
        due = last is None or as_utc(last) <= now - DIGEST_EVERY
        if not (due and shifts.may_nudge_now(preferences.get(sponsor_id), sponsor.timezone, now, workspace)):
            continue
        all_items = stalled.for_digest(session, workspace, now) if all_items is None else all_items
        items = [item for item in all_items if item.partnership in names]
        if items:
            digests.append((sponsor, "digest", items))
    return digests


def _record(session: Session, planned: list[tuple[Person, str, list[StalledItem]]], now: datetime) -> None:
    nudge_log.record_messages(session, [(person.id, kind, [(item.kind, item.item_id, item.since) for item in items])
                                        for person, kind, items in planned], now)


def send_unsent(session: Session, sender: Sender, now: datetime, report: PassReport) -> None:
    for message in nudge_log.unsent(session, now):
        content = _content(session, message, now)
        if content is None:
            message.sent_at = now  # everything in it was resolved meanwhile
            session.commit()
            continue
        send, what = content
        try:
            if message.kind == channel_digests.KIND:
                message.ts = send(sender)
            else:
                message.channel, message.ts = send(sender)
        except Exception as error:  # noqa: BLE001 - any failure is recorded; delivery decides if it is retried
            _failed(session, message, error, now, report)
            continue
        message.sent_at, message.next_attempt_at = now, None
        message.attempts += 1
        session.commit()
        report.sent.append(what)


def _content(session: Session, message: NudgeMessage, now: datetime) -> tuple[Callable[[Sender], Any], str] | None:
    """(what hands the message as it stands now to a sender, how the report names it);
    None when nothing is left to say."""
    if message.kind == channel_digests.KIND:
        digest = message.channel_digest
        if digest.stopped_at is not None:  # "/coach digest off" since it was recorded
            return None
        title, lines = channel_digests.standings(session, digest, now)
        if not lines:
            return None
        return (lambda sender: sender.channel_digest(message.channel, title, lines),
                f"channel digest to {digest.shown_channel} ({len(lines)} partnership(s))")
    who = message.person.external_id
    if message.kind == escalation.KIND:
        found = escalation.current(session, message, now)
        if found is None or found.handled:
            return None
        return (lambda sender: sender.escalation(who, found)), f"escalation to {who}"
    items = _items_of(session, message, now)
    if not items:
        return None
    what = f"{message.kind} to {who} ({len(items)} item(s))"
    if message.kind == "digest":
        return (lambda sender: sender.digest(who, items)), what
    return (lambda sender: sender.nudge(who, message.id, items)), what


def _failed(session: Session, message: NudgeMessage, error: Exception, now: datetime, report: PassReport) -> None:
    """Record the failure: retried later, or given up for good."""
    message.attempts += 1
    message.last_error = str(error)[:500]
    outcome = delivery.after_failure(error, message.attempts, now)
    message.next_attempt_at = outcome.retry_at
    if outcome.retry_at is None:
        message.failed_at, message.failure = now, outcome.reason
        if message.kind == channel_digests.KIND and outcome.permanent:
            channel_digests.stopped_by_slack(message.channel_digest, outcome.reason, now)
    session.commit()
    where = (message.channel_digest.shown_channel if message.kind == channel_digests.KIND
             else message.person.external_id)
    line = delivery.describe(f"{message.kind.replace('_', ' ')} to {where}", outcome, message.attempts, now)
    if message.kind == channel_digests.KIND and outcome.permanent:
        line += "; the channel digest is stopped"
    log = logger.warning if outcome.retry_at else logger.error
    log("%s", line)
    report.failed.append(line)


def _items_of(session: Session, message: NudgeMessage, now: datetime) -> list[StalledItem]:
    """The message's items as they stand now: commitments done since, and goals back on
    pace since, are left out."""
    items = []
    for recorded in message.items:
        if recorded.kind == "commitment":
            c = session.get(Commitment, recorded.item_id)
            if c and c.status == "open":
                items.append(StalledItem("commitment", c.id, c.owner_id, c.text,
                                         c.partnership.name if c.partnership else None, recorded.stalled_since))
        elif recorded.kind == "pace":
            g = session.get(Goal, recorded.item_id)
            pace = standing.pace_now(session, g, now) if g else None
            if pace:
                items.append(StalledItem("pace", g.id, g.partnership.owner_id, g.description, g.partnership.name,
                                         pace.reported_on, pace.detail))
        elif recorded.kind == "goal":
            g = session.get(Goal, recorded.item_id)
            if g:
                items.append(StalledItem("goal", g.id, g.partnership.owner_id, g.description, g.partnership.name,
                                         recorded.stalled_since))
    return items
