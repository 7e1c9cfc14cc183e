"""Sending the partner health check: in chat, from the CLI, and the Slack DM with its
buttons (the listener's work, without Slack; over the Slack stand-in it is
tests/integration/test_slack_checkup.py)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.actions.assessment import ActionStartAssessment, asks_to_send
from bot.cli import app
from bot.knowledge import knowledge
from bot.slack import checkup_dms
from bot.slack.listeners.checkup import checkup_request
from bot.store import partnerships, people
from bot.store.db import session_scope
from bot.store.models import Stakeholder, SurveyRespondent, SurveyRound, utcnow
from bot.survey import rounds
from tests.support.trackers import run, slot_events, tracker

ITEMS = knowledge().assessment["items"]
runner = CliRunner()


@pytest.fixture
def partnership(database_url):
    """user U1's Mercy Hospital partnership, shared with user U2, with two partner contacts."""
    with session_scope(database_url) as session:
        owner = people.person_for(session, people.Identity("T1", "U1", "user U1"))
        member = people.person_for(session, people.Identity("T1", "U2", "user U2"))
        found = partnerships.create_partnership(session, owner, "Mercy Hospital", "problem")
        partnerships.share_partnership(session, found, member)
        found.stakeholders += [Stakeholder(organisation="Mercy Hospital", contact="Nurse Manager Jane Doe"),
                               Stakeholder(organisation="Lincoln High School", contact="Principal Okafor")]
        return found.id


def respondents(database_url) -> dict[str, SurveyRespondent]:
    with session_scope(database_url) as session:
        return {r.name: r for r in session.scalars(select(SurveyRespondent))}


def answers(database_url) -> dict[str, dict[str, int]]:
    with session_scope(database_url) as session:
        return {r.name: rounds.answers_of(r) for r in session.scalars(select(SurveyRespondent))}


@pytest.mark.parametrize("text", ["send the health check to the partnership", "share the assessment with our partners",
                                  "invite everyone to the checkup", "send the survey to the mercy hospital partnership"])
def test_words_that_send_the_health_check(text):
    assert asks_to_send(text)


@pytest.mark.parametrize("text", ["run a health check", "send me the health check results for mercy",
                                  "what were my health check scores?", "send me the partnership checklist"])
def test_words_that_do_not(text):
    assert not asks_to_send(text)


def test_the_owner_sends_the_health_check_in_chat_and_gets_the_partners_links(database_url, partnership):
    texts, _, events = run(ActionStartAssessment(), tracker("send the health check to the partnership",
                                                            "assess_partnership"))
    assert slot_events(events)["assessment_id"] is None, texts  # not the one-person check
    [reply] = texts
    assert reply.startswith("Opened the health check of the Mercy Hospital partnership, open until")
    assert "In Slack (each gets a direct message with the statements):\n- user U1, police: not answered yet\n" \
           "- user U2, police: not answered yet" in reply
    assert "- Nurse Manager Jane Doe (Mercy Hospital), partner: http://localhost:3000/checkup/" in reply
    assert "- Principal Okafor (Lincoln High School), partner: http" in reply
    people = respondents(database_url)
    assert {n: (r.side, r.person_id is not None) for n, r in people.items()} == {
        "user U1": ("police", True), "user U2": ("police", True),
        "Nurse Manager Jane Doe": ("partner", False), "Principal Okafor": ("partner", False)}
    again, _, _ = run(ActionStartAssessment(), tracker("send the health check to the mercy hospital partnership",
                                                       "assess_partnership"))
    assert again[0].startswith("Continuing the health check of the Mercy Hospital partnership")
    assert len(respondents(database_url)) == 4


def test_a_round_too_small_to_ever_show_results_says_so(database_url):
    with session_scope(database_url) as session:
        owner = people.person_for(session, people.Identity("T1", "U1", "user U1"))
        found = partnerships.create_partnership(session, owner, "County Housing Authority", "problem")
        found.stakeholders.append(Stakeholder(organisation="County Housing Authority", contact="Manager Ruiz"))
    [reply], _, _ = run(ActionStartAssessment(), tracker("send the health check to the partnership",
                                                         "assess_partnership"))
    assert reply.endswith("Only 2 people are invited, so the results can never show (they need 3 answers): add "
                          "stakeholders with a contact (\"stakeholder: Mercy Hospital, contact Jane Doe\") or invite "
                          "people by name, then send it again.")


def test_a_member_who_does_not_own_it_cannot_send_it(database_url, partnership):
    texts, _, _ = run(ActionStartAssessment(), tracker("send the health check to the partnership",
                                                       "assess_partnership", user="U2"))
    assert texts == ["Only user U1, who owns the Mercy Hospital partnership, or a leader can send its health check."]
    assert respondents(database_url) == {}


def test_the_results_in_chat_are_together_only(database_url, partnership):
    run(ActionStartAssessment(), tracker("send the health check to the partnership", "assess_partnership"))
    ask = tracker("what were the health check results?", "assess_partnership")
    [early], _, _ = run(ActionStartAssessment(), ask)
    assert "0 of 4 invited have answered" in early and "Results are shown once at least 3 people" in early
    with session_scope(database_url) as session:
        for respondent in session.scalars(select(SurveyRespondent)).all()[:3]:
            for item in ITEMS:
                rounds.record_answer(session, respondent, item["id"], 4, utcnow())
    [shown], _, _ = run(ActionStartAssessment(), ask)
    assert "3 of 4 invited have answered (2 police, 1 partner)" in shown
    assert "- Purpose and strategy: 4.00, strength" in shown
    assert "user U1" not in shown and "Jane Doe" not in shown


def test_the_cli_invites_someone_by_name_and_prints_their_link(database_url, partnership):
    result = runner.invoke(app, ["checkup", "--partnership", "mercy", "--invite", "dr.okafor@lincoln.k12.us",
                                 "--partner-org", "Lincoln High School"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("dr.okafor@lincoln.k12.us (Lincoln High School), partner: "
                                    "http://localhost:3000/checkup/")
    police = runner.invoke(app, ["checkup", "--partnership", "mercy", "--invite", "Lt. Okafor", "--police"])
    assert ", police: http" in police.output
    both = runner.invoke(app, ["checkup", "--partnership", "mercy", "--invite", "X", "--police", "--partner-org", "Y"])
    assert both.exit_code == 2 and "not both" in both.output
    assert {n: r.side for n, r in respondents(database_url).items()} == {"dr.okafor@lincoln.k12.us": "partner",
                                                                          "Lt. Okafor": "police"}


def test_the_cli_sends_to_the_partnership_closes_the_round_and_sets_the_minimum(database_url, partnership,
                                                                                  monkeypatch):
    monkeypatch.setenv("COACH_PUBLIC_URL", "https://coach.example.org/")
    sent = runner.invoke(app, ["checkup", "--partnership", "mercy", "--days", "7"])
    assert sent.exit_code == 0 and "open until" in sent.output
    assert "- Nurse Manager Jane Doe (Mercy Hospital), partner: https://coach.example.org/checkup/" in sent.output
    low = runner.invoke(app, ["checkup", "--partnership", "mercy", "--min-respondents", "2"])
    assert low.exit_code == 2 and "between 3 and 100" in low.output
    five = runner.invoke(app, ["checkup", "--partnership", "mercy", "--min-respondents", "5"])
    assert "T1: health check results show once 5 people have answered." in five.output
    closed = runner.invoke(app, ["checkup", "--partnership", "mercy", "--close"])
    assert "Closed the open health check round of Mercy Hospital." in closed.output
    with session_scope(database_url) as session:
        found = session.scalar(select(SurveyRound))
        assert found.closed_at is not None and (found.closes_at - found.opened_at) == timedelta(days=7)


@pytest.mark.parametrize("text, request_", [("checkup mercy hospital", ("mercy hospital", "invite")),
                                            ("checkup Mercy close", ("Mercy", "close")), ("checkup", ("", "invite"))])
def test_the_slash_command_names_a_partnership_and_maybe_close(text, request_):
    assert checkup_request(text) == request_


class FakeSlack:
    """Just enough of the Web API client for delivering DMs."""

    def __init__(self, fail_for: set[str] = frozenset()):
        self.posted, self.fail_for = [], fail_for

    async def conversations_open(self, users):
        return {"channel": {"id": f"D{users}"}}

    async def chat_postMessage(self, channel, **message):
        if channel[1:] in self.fail_for:
            raise RuntimeError("Slack is down")
        self.posted.append((channel, message))


def test_members_get_one_dm_and_a_failed_one_is_sent_later(database_url, partnership):
    run(ActionStartAssessment(), tracker("send the health check to the partnership", "assess_partnership"))
    slack = FakeSlack(fail_for={"U2"})
    assert asyncio.run(checkup_dms.deliver(slack, "T1")) == 1
    [(channel, message)] = slack.posted
    assert channel == "DU1" and "Statement 1 of 20" in message["blocks"][0]["text"]["text"]
    assert "user U1 asks everyone in the *Mercy Hospital* partnership" in message["blocks"][0]["text"]["text"]
    buttons = message["blocks"][1]["elements"]
    assert [b["text"]["text"] for b in buttons] == ["1 Strongly disagree", "2 Disagree", "3 Neither", "4 Agree",
                                                    "5 Strongly agree", "Don't know"]
    assert message["blocks"][2]["elements"][-1]["url"].startswith("http://localhost:3000/checkup/")
    assert asyncio.run(checkup_dms.deliver(FakeSlack(), "T2")) == 0  # another workspace's are not its business
    retry = FakeSlack()
    assert asyncio.run(checkup_dms.deliver(retry, "T1")) == 1 and retry.posted[0][0] == "DU2"
    assert asyncio.run(checkup_dms.deliver(FakeSlack(), "T1")) == 0


def test_buttons_in_the_dm_answer_statement_by_statement_for_their_owner_only(database_url, partnership):
    run(ActionStartAssessment(), tracker("send the health check to the partnership", "assess_partnership"))
    with session_scope(database_url) as session:
        round_id = session.scalar(select(SurveyRound)).id
    now = utcnow()
    second = checkup_dms.clicked("T1", "U2", round_id, 1, "4", now)
    assert "*Statement 2 of 20*" in second["blocks"][0]["text"]["text"]
    back = checkup_dms.clicked("T1", "U2", round_id, 1, None, now)  # "Back"
    assert "Your answer so far: 4 (agree)" in back["blocks"][0]["text"]["text"]
    checkup_dms.clicked("T1", "U2", round_id, 1, "dk", now)  # changed
    for number in range(2, 21):
        last = checkup_dms.clicked("T1", "U2", round_id, number, str(1 + number % 5), now)
    assert last["text"] == "Thank you: the Mercy Hospital health check is answered."
    given = answers(database_url)
    assert given["user U2"][ITEMS[0]["id"]] == 0 and len(given["user U2"]) == 20
    stranger = checkup_dms.clicked("T1", "U9", round_id, 1, "1", now)  # someone not invited
    assert stranger["text"] == "This health check isn't yours to answer, so nothing was saved."
    other_team = checkup_dms.clicked("T2", "U1", round_id, 1, "1", now)  # same user id, another workspace
    assert "isn't yours" in other_team["text"]
    closed = checkup_dms.clicked("T1", "U1", round_id, 1, "1", now + timedelta(days=15))
    assert "has closed" in closed["text"]
    assert answers(database_url)["user U1"] == {}
