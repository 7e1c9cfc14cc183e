"""Charts uploaded to people's Slack DMs (`/coach report`), so each person's App Home
can show the latest one of each partnership they may see. A Slack file is visible only
where it was shared, so a chart is shown only to the person it was uploaded for."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store import partnerships
from bot.store.models import ChartUpload, Partnership, Person


def record(session: Session, partnership_id: int, person_id: int, kind: str, file_id: str, alt_text: str) -> None:
    session.add(ChartUpload(partnership_id=partnership_id, person_id=person_id, kind=kind, file_id=file_id,
                            alt_text=alt_text))
    session.flush()


def latest_for(session: Session, person: Person) -> list[tuple[Partnership, ChartUpload]]:
    """For each partnership the person may see, the latest health check chart uploaded
    for them (else the latest goal chart); partnerships without one are left out."""
    uploads = session.scalars(select(ChartUpload).where(ChartUpload.person_id == person.id)
                              .order_by(ChartUpload.uploaded_at.desc(), ChartUpload.id.desc()))
    chosen: dict[int, ChartUpload] = {}
    for upload in uploads:
        kept = chosen.get(upload.partnership_id)
        if kept is None or (upload.kind == "health" and kept.kind != "health"):
            chosen[upload.partnership_id] = upload
    return [(p, chosen[p.id]) for p in partnerships.visible_partnerships(session, person) if p.id in chosen]
