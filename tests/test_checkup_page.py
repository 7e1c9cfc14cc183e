"""The partner health check web page over real HTTP (the aiohttp app in a thread), on
SQLite and PostgreSQL: answering, changing an answer, bad input, refused links and the
rate limit. The page in a real browser is tests/integration/test_checkup_browser.py."""

from __future__ import annotations

import asyncio
import re
import threading
from datetime import datetime, timedelta, timezone

import pytest
import requests

from bot.knowledge import knowledge
from bot.store import partnerships, people
from bot.store.db import session_scope
from bot.store.models import SurveyAnswer, SurveyRespondent
from bot.survey import rounds
from bot.web import checkup, server

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=timezone.utc)
ITEMS = knowledge().assessment["items"]


class PageServer:
    """bot/web/server.py's app on a free port, in a thread, with a clock the test moves."""

    def __init__(self):
        self.now = NOW
        self.loop = asyncio.new_event_loop()
        started = threading.Event()

        def serve():
            asyncio.set_event_loop(self.loop)
            self.runner = self.loop.run_until_complete(server.start(server.build(lambda: self.now), "127.0.0.1", 0))
            self.port = self.runner.addresses[0][1]
            started.set()
            self.loop.run_forever()

        threading.Thread(target=serve, daemon=True).start()
        started.wait(10)

    def url(self, token: str) -> str:
        return f"http://127.0.0.1:{self.port}/checkup/{token}"

    def stop(self):
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)


@pytest.fixture
def page(database_url):
    served = PageServer()
    yield served
    served.stop()


@pytest.fixture
def link(database_url):
    """A token for Jane Doe (Mercy Hospital) in an open round of the Mercy Hospital partnership."""
    with session_scope(database_url) as session:
        owner = people.person_for(session, people.Identity("T1", "UOWNER", "Sgt. Rivera"))
        partnership = partnerships.create_partnership(session, owner, "Mercy Hospital", "problem")
        found, _ = rounds.start_round(session, partnership, owner, NOW)
        jane, _ = rounds.invite(session, found, "Jane Doe", "partner", "Mercy Hospital")
        return rounds.token_for(jane)


def stored(database_url) -> dict[str, int]:
    with session_scope(database_url) as session:
        return {a.item_id: a.rating for a in session.query(SurveyAnswer).all()}


def answer(page, token, item_id, rating, n=None) -> requests.Response:
    url = page.url(token) + (f"?n={n}" if n else "")
    return requests.post(url, data={"item": item_id, "rating": rating}, allow_redirects=False, timeout=10)


def test_the_first_visit_explains_and_asks_the_first_statement(page, link):
    response = requests.get(page.url(link), timeout=10)
    assert response.status_code == 200
    html = response.text
    assert "<h1>Statement 1 of 20</h1>" in html
    assert "Sgt. Rivera has asked everyone in the Mercy Hospital partnership, police and partners" in html
    assert f"<legend><span class=\"domain\">Purpose and strategy</span> {ITEMS[0]['statement']}</legend>" in html
    assert len(re.findall(r'<label class="choice[^"]*"><input type="radio" name="rating"', html)) == 6
    assert "Don&#x27;t know" in html and "<script" not in html
    assert "once at least 3 people have answered: no one sees who said what" in html
    headers = response.headers
    assert "script-src" not in headers["Content-Security-Policy"] and "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "no-referrer" and headers["Cache-Control"] == "no-store"


def test_an_answer_is_saved_and_the_next_statement_follows(database_url, page, link):
    response = answer(page, link, ITEMS[0]["id"], "4")
    assert response.status_code == 303 and response.headers["Location"] == f"{link}?n=2"
    assert stored(database_url) == {ITEMS[0]["id"]: 4}
    following = requests.get(page.url(link), timeout=10).text
    assert "<h1>Statement 2 of 20</h1>" in following and "1 of 20 answered" in following
    assert "Sgt. Rivera has asked" not in following
    back = requests.get(page.url(link) + "?n=1", timeout=10).text
    assert 'value="4" required checked' in back  # the answer given is shown when coming back


def test_a_second_answer_to_a_statement_changes_it(database_url, page, link):
    answer(page, link, ITEMS[0]["id"], "2")
    answer(page, link, ITEMS[0]["id"], "dk", n=1)
    assert stored(database_url) == {ITEMS[0]["id"]: 0}
    with session_scope(database_url) as session:
        assert session.query(SurveyAnswer).count() == 1


@pytest.mark.parametrize("rating", ["", "6", "0", "-1", "four", "1; DROP TABLE survey_answers"])
def test_an_answer_that_is_not_a_choice_is_asked_again_and_not_stored(database_url, page, link, rating):
    response = answer(page, link, ITEMS[2]["id"], rating)
    assert response.status_code == 400
    assert 'role="alert"' in response.text and "Choose one of the answers" in response.text
    assert "<h1>Statement 3 of 20</h1>" in response.text and 'aria-describedby="scale-help error"' in response.text
    assert stored(database_url) == {}


def test_an_unknown_statement_is_refused_and_not_stored(database_url, page, link):
    response = answer(page, link, "<script>alert(1)</script>", "3")
    assert response.status_code == 400 and "<script>" not in response.text
    assert stored(database_url) == {}


def test_answering_everything_ends_on_a_thank_you_with_each_answer_to_change(database_url, page, link):
    for n, item in enumerate(ITEMS, start=1):
        response = answer(page, link, item["id"], "dk" if n == 5 else str(1 + n % 5))
    assert response.headers["Location"] == link
    done = requests.get(page.url(link), timeout=10).text
    assert "Thank you: all 20 statements answered" in done
    assert '<a href="?n=5">Change<span class="visually-hidden"> your answer to statement 5</span></a>' in done
    assert "Your answer: <strong>Don&#x27;t know</strong>" in done
    assert len(stored(database_url)) == 20


def test_a_forged_link_gets_a_clear_page_and_stores_nothing(database_url, page, link):
    respondent, round_id, expires, signature = link.split(".")
    for forged in (f"{respondent}.{round_id}.{int(expires) + 3600}.{signature}", "nonsense", link[:-3] + "abc"):
        shown = requests.get(page.url(forged), timeout=10)
        assert shown.status_code == 403 and "This link doesn&#x27;t work" in shown.text
        assert answer(page, forged, ITEMS[0]["id"], "4").status_code == 403
    assert stored(database_url) == {}


def test_an_expired_or_closed_round_gets_a_clear_page_and_stores_nothing(database_url, page, link):
    answer(page, link, ITEMS[0]["id"], "4")
    page.now = NOW + timedelta(days=14)
    expired = requests.get(page.url(link), timeout=10)
    assert expired.status_code == 410 and "This health check has closed" in expired.text
    assert answer(page, link, ITEMS[0]["id"], "1").status_code == 410
    page.now = NOW + timedelta(days=1)
    with session_scope(database_url) as session:
        rounds.close_round(session.query(SurveyRespondent).one().round, NOW + timedelta(hours=20))
    closed = answer(page, link, ITEMS[1]["id"], "1")
    assert closed.status_code == 410 and "This round of the health check is closed" in closed.text
    assert stored(database_url) == {ITEMS[0]["id"]: 4}


def test_one_link_asking_too_often_is_slowed_down(page, link, monkeypatch):
    for _ in range(checkup.PER_LINK_PER_MINUTE):
        assert requests.get(page.url(link), timeout=10).status_code == 200
    refused = requests.get(page.url(link), timeout=10)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"
    assert "Too many requests" in refused.text


def test_the_rate_limit_counts_per_key_within_its_window():
    from bot.web.ratelimit import RateLimit
    clock = [0.0]
    limit = RateLimit(2, window=60, clock=lambda: clock[0])
    assert limit.allow("a") and limit.allow("a") and not limit.allow("a")
    assert limit.allow("b")  # another link or address has its own count
    clock[0] = 60.0
    assert limit.allow("a")


def test_the_access_log_never_holds_a_link(page, link, caplog):
    import logging
    caplog.set_level(logging.INFO, logger="aiohttp.access")
    requests.get(page.url(link) + "?n=2", timeout=10)
    answer(page, link, ITEMS[0]["id"], "4")
    for _ in range(100):  # a request is logged just after its answer is sent
        logged = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
        if len(logged) == 2:
            break
        threading.Event().wait(0.02)
    assert len(logged) == 2 and all("/checkup/[link]" in line for line in logged)
    assert link not in caplog.text and link.split(".")[-1] not in caplog.text
