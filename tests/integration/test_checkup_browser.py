"""The partner health check page in a real headless browser (Debian's chromium and
chromium-driver, driven by Selenium): a partner opens their link, answers every
statement with the keyboard alone, reloads (the answers are kept), and an expired and
a forged link each get a clear page. Skipped, saying why, where the browser, its driver
or Selenium is missing (`apt-get install -y chromium chromium-driver`)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest

from bot.config import PROJECT_ROOT
from bot.knowledge import knowledge
from bot.store import partnerships, people
from bot.store.db import session_scope
from bot.store.models import SurveyAnswer
from bot.survey import rounds

CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")
ITEMS = knowledge().assessment["items"]


def missing() -> str | None:
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not (os.path.exists(path) or shutil.which(path)):
            return f"{path} not found: apt-get install -y {package}"
    try:
        import selenium  # noqa: F401 - only: is it installed?
    except ImportError:
        return "selenium is not installed in .venv (requirements/app.txt)"
    return None


pytestmark = [pytest.mark.integration, pytest.mark.skipif(missing() is not None, reason=missing() or "")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """`python -m bot.web` on its own data folder and SQLite database."""
    data_dir = tmp_path_factory.mktemp("checkup-site")
    url = f"sqlite:///{data_dir / 'coach.db'}"
    port = free_port()
    env = {**os.environ, "COACH_DATA_DIR": str(data_dir), "DATABASE_URL": url,
           "COACH_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    log = open(data_dir / "web.log", "ab")
    process = subprocess.Popen([sys.executable, "-m", "bot.web", "--port", str(port), "--host", "127.0.0.1"],
                               cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the page server exited; see {log.name}"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    saved = {name: os.environ.get(name) for name in ("COACH_DATA_DIR", "DATABASE_URL", "COACH_PUBLIC_URL")}
    os.environ.update({name: env[name] for name in saved})  # links are signed with the site's secret
    yield url
    for name, value in saved.items():
        os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)
    process.terminate()
    process.wait(10)


def invite(url: str, name: str, opened: datetime, partner: str = "Mercy Hospital") -> tuple[str, int]:
    """A personal link for `name` in a round of a new partnership with `partner` opened at `opened`."""
    with session_scope(url) as session:
        owner = people.person_for(session, people.Identity("T1", "UOWNER", "Sgt. Rivera"))
        partnership = partnerships.create_partnership(session, owner, partner, "problem")
        found, _ = rounds.start_round(session, partnership, owner, opened)
        respondent, _ = rounds.invite(session, found, name, "partner", "Mercy Hospital")
        return rounds.link_for(respondent), respondent.id


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=390,844"):
        options.add_argument(argument)  # a phone-sized window
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def press(driver, *keys) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    ActionChains(driver).send_keys(*keys).perform()


def tab_to(driver, wanted, most: int = 15) -> None:
    """Press Tab until the focused element is what `wanted(element)` accepts."""
    from selenium.webdriver.common.keys import Keys
    for _ in range(most):
        press(driver, Keys.TAB)
        if wanted(driver.switch_to.active_element):
            return
    raise AssertionError("Tab never reached the element")


def heading(driver) -> str:
    return driver.find_element("tag name", "h1").text


def answer_with_keyboard(driver, choice: int) -> None:
    """Choose the `choice`-th answer (1-5, 6 = don't know) and submit, keys only."""
    from selenium.webdriver.common.keys import Keys
    before = heading(driver)
    tab_to(driver, lambda el: el.get_attribute("name") == "rating")  # the checked one, else the first
    values = [r.get_attribute("value") for r in driver.find_elements("css selector", "input[name=rating]")]
    at = values.index(driver.switch_to.active_element.get_attribute("value"))
    press(driver, Keys.SPACE, *[Keys.ARROW_DOWN] * ((choice - 1 - at) % 6))  # arrows move the choice, wrapping
    tab_to(driver, lambda el: el.tag_name == "button")
    press(driver, Keys.ENTER)
    deadline = time.monotonic() + 10
    while heading_now(driver) in (before, None) and time.monotonic() < deadline:
        time.sleep(0.05)


def heading_now(driver) -> str | None:
    """The heading, or None while the next page is still loading (no h1 yet, or a stale one)."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    try:
        return heading(driver)
    except (NoSuchElementException, StaleElementReferenceException):
        return None


def test_a_partner_answers_every_statement_with_the_keyboard_and_a_reload_keeps_them(site, browser, tmp_path):
    link, respondent_id = invite(site, "Nurse Manager Jane Doe", datetime.now(timezone.utc))
    browser.get(link)
    assert heading(browser) == "Statement 1 of 20"
    assert "Sgt. Rivera has asked everyone in the Mercy Hospital partnership" in browser.page_source
    # Every choice is a labelled radio button in a fieldset with the statement as its legend.
    radios = browser.find_elements("css selector", "fieldset input[type=radio][name=rating]")
    assert [r.find_element("xpath", "./ancestor::label").text for r in radios] == [
        "1 - Strongly disagree", "2 - Disagree", "3 - Neither agree nor disagree", "4 - Agree", "5 - Strongly agree",
        "Don't know"]
    assert browser.find_element("css selector", "fieldset legend").text.endswith(ITEMS[0]["statement"])
    width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], "the page scrolls sideways on a phone"
    browser.save_screenshot(os.environ.get("CHECKUP_SCREENSHOT", str(tmp_path / "statement.png")))

    chosen = {item["id"]: (n % 6) + 1 for n, item in enumerate(ITEMS)}  # 1..5 and don't know, in turn
    for n, item in enumerate(ITEMS, start=1):
        assert heading(browser) == f"Statement {n} of 20"
        answer_with_keyboard(browser, chosen[item["id"]])
    assert heading(browser) == "Thank you: all 20 statements answered"
    expected = {item: (0 if choice == 6 else choice) for item, choice in chosen.items()}
    with session_scope(site) as session:
        saved = {a.item_id: a.rating for a in session.query(SurveyAnswer).filter_by(respondent_id=respondent_id)}
    assert saved == expected

    browser.refresh()  # a reload sends nothing again and keeps every answer
    assert heading(browser) == "Thank you: all 20 statements answered"
    assert browser.page_source.count("Your answer:") == 20
    browser.get(f"{link}?n=3")
    checked = browser.find_element("css selector", "input[name=rating]:checked")
    assert checked.get_attribute("value") == ("dk" if chosen[ITEMS[2]["id"]] == 6 else str(chosen[ITEMS[2]["id"]]))
    answer_with_keyboard(browser, 1)  # changing one answer changes it, and goes back to the thanks
    assert heading(browser) == "Thank you: all 20 statements answered"
    with session_scope(site) as session:
        answers = session.query(SurveyAnswer).filter_by(respondent_id=respondent_id).all()
    assert len(answers) == 20 and {a.item_id: a.rating for a in answers}[ITEMS[2]["id"]] == 1


def test_an_expired_link_and_a_forged_link_get_clear_pages(site, browser):
    expired, _ = invite(site, "Principal Okafor", datetime.now(timezone.utc) - timedelta(days=20), "Lincoln High")
    browser.get(expired)
    assert heading(browser) == "This health check has closed"
    assert "Nothing was saved" in browser.page_source
    assert not browser.find_elements("tag name", "form")

    good, _ = invite(site, "Jane Roe", datetime.now(timezone.utc), "County Mental Health")
    forged = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    browser.get(forged)
    assert heading(browser) == "This link doesn't work"
    assert not browser.find_elements("tag name", "form")
