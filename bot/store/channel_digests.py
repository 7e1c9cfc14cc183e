"""Channel digests: a channel that is posted how the workspace's partnerships stand, once
a period, until stopped (bot/nudges/channel_digests.py says when and what)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import ChannelDigest


def digest_for(session: Session, workspace_id: int, channel: str) -> ChannelDigest | None:
    """The channel's digest, running or stopped."""
    return session.scalar(select(ChannelDigest).where(ChannelDigest.workspace_id == workspace_id,
                                                      ChannelDigest.channel == channel))


def running_digests(session: Session, workspace_id: int, channel: str | None = None) -> list[ChannelDigest]:
    """The workspace's running digests (only the channel's, given one), oldest first."""
    query = select(ChannelDigest).where(ChannelDigest.workspace_id == workspace_id,
                                        ChannelDigest.stopped_at.is_(None))
    if channel is not None:
        query = query.where(ChannelDigest.channel == channel)
    return list(session.scalars(query.order_by(ChannelDigest.id)))
