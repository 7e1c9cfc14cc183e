"""The partner health check through the real Slack app (`python -m bot.slack`) and the
Slack stand-in, with the real engine and action server: `/coach checkup`, the members'
DMs and their buttons, "send the health check to the partnership" in chat, and the
page served on the app's own port in HTTP and Socket Mode."""

from __future__ import annotations

import json
import re
import uuid

import pytest
import requests

from bot.store import partnerships, people
from bot.store.db import session_scope
from bot.store.models import Stakeholder, SurveyAnswer, SurveyRespondent
from tests.support.slack_app import dm, free_port, post_event, post_form, replies_to, start_slack_app, user_id
from tests.support.slack_standin import SlackStandIn

pytestmark = pytest.mark.integration


def partnership_of(stack, owner: str, member: str) -> str:
    """A partnership of `owner` shared with `member`, with one partner contact; its name."""
    name = f"Mercy Hospital {uuid.uuid4().hex[:6]}"
    with session_scope(stack.settings.database_url) as session:
        me = people.person_for(session, people.Identity("T1", owner, "Sgt. Rivera"))
        found = partnerships.create_partnership(session, me, name, "problem")
        partnerships.share_partnership(session, found, people.person_for(session, people.Identity("T1", member)))
        found.stakeholders.append(Stakeholder(organisation="Mercy Hospital", contact="Nurse Manager Jane Doe"))
    return name


def checkup_dm(standin, user: str) -> dict:
    [call] = standin.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == f"D{user}"
                              and "Statement 1 of 20" in json.dumps(c.args.get("blocks", [])))
    return call.args


def click(slack_url: str, standin, user: str, message: dict, answer: str):
    [button] = [b for b in message["blocks"][1]["elements"] if b["action_id"] == f"checkup_answer_{answer}"]
    payload = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": user}, "api_app_id": "A1",
               "channel": {"id": f"D{user}"}, "message": {"ts": "1700000300.000300", **message},
               "trigger_id": "t1", "response_url": standin.response_url(), "container": {"type": "message"},
               "actions": [{**button, "block_id": message["blocks"][1]["block_id"], "action_ts": "1700000301.1"}]}
    assert post_form(slack_url, {"payload": json.dumps(payload)}).status_code == 200


def test_the_slash_command_invites_the_partnership_and_members_answer_with_buttons(stack, standin, slack):
    owner, member = user_id(), user_id()
    name = partnership_of(stack, owner, member)
    response = post_form(slack, {"command": "/coach", "text": f"checkup {name}", "team_id": "T1", "user_id": owner,
                                 "channel_id": "C1", "response_url": standin.response_url(),
                                 "trigger_id": f"trig-{owner}"})
    assert response.status_code == 200
    [reply] = replies_to(standin, f"D{owner}")
    assert reply.startswith(f"Opened the health check of the {name} partnership")
    link = re.search(r"Nurse Manager Jane Doe \(Mercy Hospital\), partner: (\S+)", reply)[1]
    # The members' DMs, the owner's own included
    message = checkup_dm(standin, member)
    checkup_dm(standin, owner)
    buttons = message["blocks"][1]["elements"]
    assert [b["text"]["text"] for b in buttons][-1] == "Don't know"
    click(slack, standin, member, message, "4")
    [update] = standin.wait_for("chat.update", where=lambda c: c.args.get("channel") == f"D{member}")
    assert "*Statement 2 of 20*" in json.dumps(update.args["blocks"])
    with session_scope(stack.settings.database_url) as session:
        answered = session.query(SurveyAnswer).join(SurveyRespondent).filter(SurveyRespondent.key == f"slack:{member}")
        assert [a.rating for a in answered] == [4]
    # The partner's link opens the page on the Slack app's own port
    token = link.rsplit("/", 1)[1]
    page = requests.get(slack.replace("/slack/events", f"/checkup/{token}"), timeout=10)
    assert page.status_code == 200 and "<h1>Statement 1 of 20</h1>" in page.text
    forged = requests.get(slack.replace("/slack/events", "/checkup/1.2.3.nope"), timeout=10)
    assert forged.status_code == 403


def test_a_member_cannot_send_the_health_check(stack, standin, slack):
    owner, member = user_id(), user_id()
    name = partnership_of(stack, owner, member)
    post_form(slack, {"command": "/coach", "text": f"checkup {name}", "team_id": "T1", "user_id": member,
                      "channel_id": "C1", "response_url": standin.response_url(), "trigger_id": f"trig-{member}"})
    [reply] = replies_to(standin, f"D{member}")
    assert reply == f"Only Sgt. Rivera, who owns the {name} partnership, or a leader can send its health check."


def test_send_the_health_check_to_the_partnership_in_chat(stack, standin, slack):
    owner, member = user_id(), user_id()
    name = partnership_of(stack, owner, member)
    post_event(slack, dm(owner, f"send the health check to the {name} partnership"))
    reply = replies_to(standin, f"D{owner}")[0]
    assert f"the health check of the {name} partnership" in reply and "/checkup/" in reply
    checkup_dm(standin, member)  # sent by the Slack app right after the turn


def test_socket_mode_serves_the_page_and_health_on_its_port(stack):
    standin = SlackStandIn().start()
    port = free_port()
    process = start_slack_app(stack, standin, port, SLACK_APP_TOKEN="xapp-test")
    try:
        standin.wait_for_socket()
        forged = requests.get(f"http://127.0.0.1:{port}/checkup/1.2.3.nope", timeout=10)
        assert forged.status_code == 403 and "This link doesn&#x27;t work" in forged.text
        assert requests.get(f"http://127.0.0.1:{port}/health", timeout=10).status_code == 200
    finally:
        process.terminate()
        process.wait(10)


def answered_partnership(stack, owner: str) -> str:
    """A partnership whose round 3 police and 3 partners answered, with one goal and its progress."""
    from datetime import date, datetime, timezone

    from bot.knowledge import knowledge
    from bot.store.models import Goal, ProgressNote
    from bot.survey import rounds

    name = f"School District {uuid.uuid4().hex[:6]}"
    now = datetime.now(timezone.utc)
    with session_scope(stack.settings.database_url) as session:
        me = people.person_for(session, people.Identity("T1", owner, "Sgt. Rivera"))
        found = partnerships.create_partnership(session, me, name, "problem")
        round_, _ = rounds.start_round(session, found, me, now)
        for n, (side, rating) in enumerate([("police", 4)] * 3 + [("partner", 2)] * 3):
            respondent, _ = rounds.invite(session, round_, f"person {n}", side)
            for item in knowledge().assessment["items"]:
                rounds.record_answer(session, respondent, item["id"], rating, now)
        goal = Goal(partnership_id=found.id, description="cut chronic absence", measure="chronic absence",
                    baseline="18%", target="12%", unit="%", target_date=date(now.year + 1, 6, 30))
        session.add(goal)
        session.flush()
        session.add(ProgressNote(partnership_id=found.id, goal_id=goal.id, author_id=me.id, text="absence now 16%"))
    return name


def test_the_report_uploads_charts_with_alt_text_and_the_app_home_shows_the_latest(stack, standin, slack):
    owner = user_id()
    name = answered_partnership(stack, owner)
    post_form(slack, {"command": "/coach", "text": f"report {name}", "team_id": "T1", "user_id": owner,
                      "channel_id": "C1", "response_url": standin.response_url(), "trigger_id": f"trig-{owner}"})
    [summary] = replies_to(standin, f"D{owner}")
    assert f"Partner health check of the {name} partnership" in summary
    assert "Structure: 3.00, borderline (police 4.00, partners 2.00): police and partners are 2.00 apart" in summary
    uploads = standin.wait_for("files.completeUploadExternal", 2, where=lambda c: c.args.get("channel_id") == f"D{owner}")
    health_id, goal_id = (json.loads(c.args["files"])[0]["id"] for c in uploads[:2])
    assert standin.files[health_id]["filename"] == "health-check.png"
    assert standin.files[health_id]["alt_txt"].startswith(f"Bar chart of the health check of the {name} partnership")
    assert standin.files[goal_id]["alt_txt"].startswith("Line chart of the goal chronic absence: baseline 18%")
    assert standin.uploads[health_id][:8] == b"\x89PNG\r\n\x1a\n" and standin.uploads[goal_id][:8] == b"\x89PNG\r\n\x1a\n"
    [home] = standin.wait_for("views.publish", where=lambda c: c.args.get("user_id") == owner)
    images = [b for b in home.args["view"]["blocks"] if b["type"] == "image"]
    assert images == [{"type": "image", "slack_file": {"id": health_id}, "alt_text": standin.files[health_id]["alt_txt"],
                       "title": {"type": "plain_text", "text": f"{name}: health check"}}]
    # A chart deleted in Slack: the Home is still published, without it
    del standin.files[health_id]
    post_event(slack, {"type": "app_home_opened", "user": owner, "channel": f"D{owner}", "tab": "home"})
    homes = standin.wait_for("views.publish", 2, where=lambda c: c.args.get("user_id") == owner)
    assert not [b for b in homes[-1].args["view"]["blocks"] if b["type"] == "image"]
    assert "My partnerships" in json.dumps(homes[-1].args["view"])
