"""GET and POST /checkup/{token}: the partner health check page for one respondent.

GET shows a statement (the first unanswered, or `?n=3`), or the thank-you page once
all are answered. POST saves one answer and redirects (303) to the next unanswered
statement, so a reload never sends an answer twice. A forged, expired or closed link
gets a page that says so and nothing is read or stored. Each link and each client
address is rate limited."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timezone

from aiohttp import web
from sqlalchemy.exc import OperationalError

from bot import dates
from bot.knowledge import knowledge
from bot.store.db import DatabaseUnavailable, session_scope
from bot.store.models import SurveyRespondent
from bot.survey import rounds
from bot.web import pages
from bot.web.ratelimit import RateLimit

logger = logging.getLogger(__name__)
ROUTE = "/checkup/{token}"
# A respondent needs about 45 requests for the whole check; a clinic's shared address a few times that.
PER_LINK_PER_MINUTE = 60
PER_ADDRESS_PER_MINUTE = 300
RATINGS = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "dk": rounds.DONT_KNOW}
CHOOSE_ONE = "Choose one of the answers (or \"Don't know\") before going on."


def add_routes(app: web.Application, clock: Callable[[], datetime] | None = None) -> None:
    """Serve the health check page on `app` (the Slack app's server, or bot/web/__main__.py)."""
    pages_ = CheckupPages(clock or (lambda: datetime.now(timezone.utc)))
    app.router.add_get(ROUTE, pages_.show)
    app.router.add_post(ROUTE, pages_.answer)


def _html(status: int, html: str) -> web.Response:
    return web.Response(status=status, text=html, content_type="text/html", charset="utf-8",
                        headers=pages.SECURITY_HEADERS)


class CheckupPages:
    def __init__(self, clock: Callable[[], datetime]):
        self.clock = clock
        self.per_link = RateLimit(PER_LINK_PER_MINUTE)
        self.per_address = RateLimit(PER_ADDRESS_PER_MINUTE)

    def _limited(self, request: web.Request) -> web.Response | None:
        token = request.match_info["token"][:200]
        if not self.per_address.allow(request.remote or "?") or not self.per_link.allow(token):
            status, html = pages.refusal_page("busy")
            response = _html(status, html)
            response.headers["Retry-After"] = "60"
            return response
        return None

    async def show(self, request: web.Request) -> web.Response:
        if refused := self._limited(request):
            return refused
        wanted = request.query.get("n", "")
        number = int(wanted) if wanted.isdigit() and len(wanted) < 4 else None
        return await self._run(view, request.match_info["token"], number, self.clock())

    async def answer(self, request: web.Request) -> web.Response:
        if refused := self._limited(request):
            return refused
        form = await request.post()
        item, rating = str(form.get("item", ""))[:64], str(form.get("rating", ""))[:8]
        return await self._run(save, request.match_info["token"], item, rating, self.clock())

    async def _run(self, work, *args) -> web.Response:
        try:
            outcome = await asyncio.to_thread(work, *args)
        except rounds.LinkRefused as refused:
            outcome = pages.refusal_page(refused.reason)
        except (DatabaseUnavailable, OperationalError):
            logger.exception("health check page: database unavailable")
            outcome = pages.refusal_page("unavailable")
        if isinstance(outcome, str):  # where to go next
            raise web.HTTPSeeOther(location=outcome, headers=pages.SECURITY_HEADERS)
        return _html(*outcome)


def view(token: str, number: int | None, now: datetime) -> tuple[int, str]:
    with session_scope() as session:
        respondent = rounds.respondent_for_link(session, token, now)
        return _page(session, respondent, number)


def save(token: str, item_id: str, rating: str, now: datetime) -> tuple[int, str] | str:
    """Store one answer; the next page's address, or the page again with an error."""
    with session_scope() as session:
        respondent = rounds.respondent_for_link(session, token, now)
        number = rounds.item_number(item_id)
        if number is None:
            return pages.refusal_page("bad_request")
        if rating not in RATINGS:
            return _page(session, respondent, number, error=CHOOSE_ONE, status=400)
        rounds.record_answer(session, respondent, item_id, RATINGS[rating], now)
        answered = set(rounds.answers_of(respondent))
        after = [n for n, item in enumerate(rounds.items(), start=1) if n > number and item["id"] not in answered]
        upcoming = after[0] if after else (rounds.next_unanswered(answered) or (None,))[0]
        return f"{token}?n={upcoming}" if upcoming else token  # relative: works behind a path prefix


def _page(session, respondent: SurveyRespondent, number: int | None, error: str | None = None,
          status: int = 200) -> tuple[int, str]:
    found = respondent.round
    partnership = found.partnership
    answers = rounds.answers_of(respondent)
    items = rounds.items()
    closes = dates.format_date(rounds.closed_at(found).date())
    minimum = rounds.minimum(session, partnership)
    if number is None or not 1 <= number <= len(items):
        upcoming = rounds.next_unanswered(answers)
        if upcoming is None:
            shown = [(n, item["statement"], answers[item["id"]]) for n, item in enumerate(items, start=1)]
            return 200, pages.done_page(partnership.name, closes, minimum, shown)
        number = upcoming[0]
    item = items[number - 1]
    statement = pages.Statement(number, len(items), item["id"], item["statement"],
                                knowledge().domains[item["domain"]]["name"], len(answers), answers.get(item["id"]))
    invited_by = found.partnership.owner.display_name or "The police department"
    return status, pages.statement_page(partnership.name, invited_by, closes, minimum, statement, error,
                                        first_visit=not answers)
