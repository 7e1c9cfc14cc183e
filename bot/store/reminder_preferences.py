"""When people may be reminded: their shift, working days, pauses and opt-outs (one row
a person, read by id where one person's is wanted)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import ReminderPreference


def preferences_of(session: Session, person_ids: set[int]) -> dict[int, ReminderPreference]:
    """By person id, the preferences of those of `person_ids` who have set any."""
    found = session.scalars(select(ReminderPreference).where(ReminderPreference.person_id.in_(person_ids)))
    return {p.person_id: p for p in found}
