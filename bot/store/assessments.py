"""Health checks a person rates on their own (bot/actions/assessment.py): the completed
ones to compare with, and the one left halfway to pick up again."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import Assessment, Partnership, Person


def completed_assessments(session: Session, partnership_id: int, limit: int) -> list[Assessment]:
    """The partnership's completed health checks, newest first, at most `limit`."""
    return list(session.scalars(select(Assessment).where(
        Assessment.partnership_id == partnership_id, Assessment.completed_at.is_not(None))
        .order_by(Assessment.completed_at.desc(), Assessment.id.desc()).limit(limit)))


def has_completed_assessment(session: Session, partnership_id: int) -> bool:
    return session.scalar(select(Assessment.id).where(
        Assessment.partnership_id == partnership_id, Assessment.completed_at.is_not(None)).limit(1)) is not None


def unfinished_assessment(session: Session, partnership: Partnership, person: Person) -> Assessment | None:
    """The person's health check of the partnership not completed yet, if any."""
    return session.scalar(select(Assessment).where(
        Assessment.partnership_id == partnership.id, Assessment.person_id == person.id,
        Assessment.completed_at.is_(None)))


def latest_unfinished_assessment(session: Session, person: Person) -> Assessment | None:
    """The health check the person started last and has not completed, of any partnership."""
    return session.scalar(select(Assessment).where(Assessment.person_id == person.id, Assessment.completed_at.is_(None))
                          .order_by(Assessment.started_at.desc()).limit(1))
