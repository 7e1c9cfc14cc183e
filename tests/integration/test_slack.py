"""The real bolt app, over its real HTTP endpoint with signed requests and over Socket
Mode, against a loopback stand-in of Slack, with the real engine and action server."""

from __future__ import annotations

import json
import time
import uuid
from urllib.parse import urlencode

import pytest
import requests
from sqlalchemy import select

from bot.engine_client import ENGINE_DOWN
from bot.store.db import session_scope
from bot.store.models import Person
from tests.support.slack_app import (
    commitments_of,
    dm,
    free_port,
    post_event,
    post_form,
    replies_to,
    signed,
    slash,
    start_slack_app,
    user_id,
)
from tests.support.slack_standin import SlackStandIn

pytestmark = pytest.mark.integration
def test_a_dm_conversation_end_to_end(stack, standin, slack):
    user = user_id()
    assert post_event(slack, dm(user, "hello")).status_code == 200
    [greeting] = replies_to(standin, f"D{user}")
    assert "I'm Partnership Coach" in greeting
    post_event(slack, dm(user, "I'll call the principal by Friday"))
    texts = replies_to(standin, f"D{user}", 2)
    assert "Got it: you'll call the principal by" in texts[1]
    [stored] = commitments_of(stack, user)
    assert stored.text == "call the principal"
    with session_scope(stack.settings.database_url) as session:
        person = session.scalar(select(Person).where(Person.external_id == user))
        assert (person.display_name, person.timezone, person.workspace.external_id) == (
            f"Sgt. {user}", "America/Chicago", "T1")


def test_the_health_endpoint_says_everything_answers(slack):
    health = requests.get(slack.replace("/slack/events", "/health"), timeout=10)
    assert health.status_code == 200 and health.json() == {"engine": True, "actions": True, "database": True}


def test_a_reply_has_blocks_and_buttons(standin, slack):
    user = user_id()
    post_event(slack, dm(user, "good morning"))
    [call] = standin.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == f"D{user}")
    [actions] = [b for b in call.args["blocks"] if b["type"] == "actions"]
    assert [e["value"] for e in actions["elements"]] == ["/start_partnership", "/ask_success_factors",
                                                         "/list_commitments"]


def test_a_mention_is_answered_in_its_thread_and_kept_apart_from_the_dm(stack, standin, slack):
    user = user_id()
    post_event(slack, dm(user, "I'll call the principal by Friday"))
    replies_to(standin, f"D{user}")
    mention = {"type": "app_mention", "channel": "C1", "user": user, "ts": "1700000100.000100",
               "text": "<@UBOT> what should I do next?"}
    post_event(slack, mention)
    replies = replies_to(standin, "C1", 2, thread_ts="1700000100.000100")
    assert replies[0] == "You don't have a partnership in progress yet."
    assert replies[1].startswith("Who is the partnership with?")
    thread_sender = f"T1:{user}:C1:1700000100.000100"
    said = [e.get("text") for e in stack.client.history(thread_sender) if e.get("event") == "user"]
    assert said == ["what should I do next?"]  # the mention itself is stripped, the DM is not here


def test_a_button_click_continues_and_cannot_be_clicked_twice(standin, slack):
    user = user_id()
    message = {"ts": "1700000200.000200", "text": "Hello!", "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": "Hello!"}},
        {"type": "actions", "block_id": "coach_choices", "elements": [
            {"type": "button", "action_id": "coach_choice_2", "value": "/list_commitments",
             "text": {"type": "plain_text", "text": "My commitments"}}]}]}
    payload = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": user}, "api_app_id": "A1",
               "channel": {"id": f"D{user}"}, "message": message, "trigger_id": "t1",
               "response_url": standin.response_url(), "container": {"type": "message"},
               "actions": [{"type": "button", "action_id": "coach_choice_2", "block_id": "coach_choices",
                            "value": "/list_commitments", "text": {"type": "plain_text", "text": "My commitments"},
                            "action_ts": "1700000201.1"}]}
    for second in range(2):  # a second click on the same message
        payload["actions"][0]["action_ts"] = f"170000020{second + 1}.1"
        assert post_form(slack, {"payload": json.dumps(payload)}).status_code == 200
    [update] = standin.wait_for("chat.update", where=lambda c: c.args.get("channel") == f"D{user}")
    assert not [b for b in update.args["blocks"] if b["type"] == "actions"]
    assert "You chose: *My commitments*" in json.dumps(update.args["blocks"])
    [reply] = replies_to(standin, f"D{user}")
    assert "You have no open commitments" in reply
    time.sleep(1)
    assert len(standin.of("chat.update")) == len([c for c in standin.of("chat.update")
                                                   if c.args.get("channel") != f"D{user}"]) + 1


def test_the_slash_command_answers_in_the_dm(standin, slack):
    user = user_id()
    response = post_form(slack, {"command": "/coach", "text": "commitments", "team_id": "T1", "user_id": user,
                                 "channel_id": "C1", "response_url": standin.response_url(),
                                 "trigger_id": f"trig-{user}"})
    assert response.status_code == 200
    standin.wait_for("conversations.open", where=lambda c: c.args.get("users") == user)
    [reply] = replies_to(standin, f"D{user}")
    assert "You have no open commitments" in reply


def test_the_app_home_is_republished_only_after_a_turn_that_changed_it(standin, slack):
    user = user_id()
    publishes = lambda: [c for c in standin.of("views.publish") if c.args.get("user_id") == user]
    post_event(slack, dm(user, "I'll draft the MOU by Dec 15"))
    standin.wait_for("views.publish", where=lambda c: c.args.get("user_id") == user)
    post_event(slack, dm(user, "what makes a partnership work?"))
    replies_to(standin, f"D{user}", 2)
    post_event(slack, dm(user, "I'll call the DA by Friday"))
    calls = standin.wait_for("views.publish", 2, where=lambda c: c.args.get("user_id") == user)
    assert "call the DA" in json.dumps(calls[-1].args["view"])
    assert len(publishes()) == 2  # the question in between changed nothing on it


def test_an_unknown_slash_subcommand_gets_usage(slack):
    response = post_form(slack, {"command": "/coach", "text": "dance", "team_id": "T1", "user_id": user_id(),
                                 "channel_id": "C1", "response_url": "http://127.0.0.1:9/x", "trigger_id": "t"})
    assert response.status_code == 200 and "I don't know `dance`" in response.text


def test_app_home_shows_my_commitments(standin, slack):
    user = user_id()
    post_event(slack, dm(user, "I'll draft the MOU by Dec 15"))
    replies_to(standin, f"D{user}")
    post_event(slack, {"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"})
    # the turn's own refresh and the one on opening may come in either order; whichever is
    # later, what is shown has the commitment (a refresh that would show the same is skipped)
    [call] = standin.wait_for("views.publish", where=lambda c: c.args.get("user_id") == user and
                              "draft the MOU: due" in json.dumps(c.args["view"]))[-1:]
    assert "My open commitments" in json.dumps(call.args["view"])


def test_a_retried_event_gets_one_reply_and_one_commitment(stack, standin, slack):
    user = user_id()
    event = dm(user, "I'll call the sheriff by Friday")
    post_event(slack, event, event_id="EvRetry1")
    post_event(slack, event, event_id="EvRetry1", headers={"X-Slack-Retry-Num": "1",
                                                           "X-Slack-Retry-Reason": "http_timeout"})
    replies_to(standin, f"D{user}")
    time.sleep(2)
    assert len(replies_to(standin, f"D{user}")) == 1
    assert len(commitments_of(stack, user)) == 1


def test_malformed_and_replayed_requests_are_refused_cleanly(standin, slack):
    def raw(body: str, content_type: str, headers: dict) -> requests.Response:
        return requests.post(slack, data=body, timeout=10, headers={"Content-Type": content_type, **headers})
    assert raw("{}", "application/json", {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"}
               ).status_code == 401
    assert raw("{not json", "application/json", signed("{not json")).status_code == 400
    assert raw("[1, 2]", "application/json", signed("[1, 2]")).status_code == 400
    assert raw("payload=%7Bx", "application/x-www-form-urlencoded", signed("payload=%7Bx")).status_code == 400
    user = user_id()
    command = urlencode({"command": "/coach", "text": "status", "team_id": "T1", "user_id": user,
                         "trigger_id": f"replay-{user}", "response_url": standin.response_url()})
    headers = signed(command)
    assert raw(command, "application/x-www-form-urlencoded", headers).status_code == 200
    assert raw(command, "application/x-www-form-urlencoded", headers).status_code == 401  # the same request again
    unknown = urlencode({"command": "/coach", "text": "<!channel> see <https://evil.example|this>", "team_id": "T1",
                         "user_id": user, "trigger_id": f"unknown-{user}", "response_url": standin.response_url()})
    answer = raw(unknown, "application/x-www-form-urlencoded", signed(unknown))
    assert "<!channel>" not in answer.text and "&lt;!channel&gt;" in answer.text


@pytest.mark.parametrize("sign", [{"secret": "forged"}, {"timestamp": int(time.time()) - 3600}])
def test_forged_or_stale_requests_are_rejected(standin, slack, sign):
    user = user_id()
    assert post_event(slack, dm(user, "hello"), **sign).status_code == 401
    time.sleep(1)
    assert not [c for c in standin.of("chat.postMessage") if c.args.get("channel") == f"D{user}"]


def test_a_rate_limited_reply_is_still_delivered(standin, slack):
    user = user_id()
    limited_before = [c.status for c in standin.calls].count(429)
    standin.rate_limited["chat.postMessage"] = 1
    post_event(slack, dm(user, "hello"))
    [reply] = replies_to(standin, f"D{user}")
    assert "I'm Partnership Coach" in reply
    assert [c.status for c in standin.calls].count(429) == limited_before + 1


def test_user_text_cannot_ping_the_channel(standin, slack):
    user = user_id()
    post_event(slack, dm(user, "I'll tell <!channel> about <http://evil.example|the MOU> by Friday"))
    [reply] = replies_to(standin, f"D{user}")
    assert "<!channel>" not in reply and "&lt;!channel&gt;" in reply
    assert "<http://evil.example" not in reply


def test_bot_messages_are_ignored(standin, slack):
    user = user_id()
    post_event(slack, {**dm(user, "hello"), "bot_id": "BOTHER"})
    time.sleep(1.5)
    assert not [c for c in standin.of("chat.postMessage") if c.args.get("channel") == f"D{user}"]


def test_the_engine_down_gets_a_try_again_reply(stack, standin):
    port = free_port()
    process = start_slack_app(stack, standin, port, ENGINE_URL="http://127.0.0.1:9")
    try:
        user = user_id()
        post_event(f"http://127.0.0.1:{port}/slack/events", dm(user, "I'll call the principal by Friday"))
        [reply] = replies_to(standin, f"D{user}")
        assert reply == ENGINE_DOWN
        health = requests.get(f"http://127.0.0.1:{port}/health", timeout=10)
        assert health.status_code == 503 and health.json() == {"engine": False, "actions": True, "database": True}
    finally:
        process.terminate()
        process.wait(10)


def test_socket_mode_receives_events_and_acks_them(stack):
    standin = SlackStandIn().start()
    process = start_slack_app(stack, standin, free_port(), SLACK_APP_TOKEN="xapp-test")
    try:
        standin.wait_for_socket()
        user = user_id()
        standin.push({"type": "events_api", "envelope_id": "env-1", "accepts_response_payload": False,
                      "payload": {"type": "event_callback", "team_id": "T1", "event_id": "EvSock1",
                                  "event": dm(user, "hello")}})
        [reply] = replies_to(standin, f"D{user}")
        assert "I'm Partnership Coach" in reply
        assert {"envelope_id": "env-1"} in [{"envelope_id": a.get("envelope_id")} for a in standin.socket_acks]
    finally:
        process.terminate()
        process.wait(10)


def test_a_checklist_is_uploaded_as_a_file(stack, standin, slack):
    user = user_id()
    post_event(slack, dm(user, "I want to start a partnership with Mercy Hospital"))
    standin.wait_for("views.publish", where=lambda c: c.args.get("user_id") == user)
    response = post_form(slack, {"command": "/coach", "text": "export mercy csv", "team_id": "T1", "user_id": user,
                                 "channel_id": "C1", "response_url": standin.response_url(),
                                 "trigger_id": f"exp-{user}"})
    assert response.status_code == 200
    [done] = standin.wait_for("files.completeUploadExternal", where=lambda c: c.args.get("channel_id") == f"D{user}")
    files = done.args["files"]
    [uploaded] = [standin.uploads[f["id"]] for f in (json.loads(files) if isinstance(files, str) else files)]
    assert uploaded.decode().splitlines()[0] == "step,item,why,state,owner"
    assert "Checklist for the Mercy Hospital partnership" in done.args.get("initial_comment", "")


def test_exporting_an_unknown_partnership_names_the_real_ones(standin, slack):
    user = user_id()
    post_form(slack, {"command": "/coach", "text": "export zoo", "team_id": "T1", "user_id": user,
                      "channel_id": "C1", "response_url": standin.response_url(), "trigger_id": f"exp-{user}"})
    [reply] = replies_to(standin, f"D{user}")
    assert reply.startswith("I don't know a partnership called \"zoo\"")


def uploads_to(standin, user: str) -> list:
    return [c for c in standin.of("files.completeUploadExternal") if c.args.get("channel_id") == f"D{user}"]


def test_who_may_export_and_see_a_partnership(stack, standin, slack):
    owner, colleague, admin, stranger = user_id(), user_id(), user_id(), user_id()
    standin.admins.add(admin)
    post_event(slack, dm(owner, "I want to start a partnership with Eastside Youth League"))
    standin.wait_for("views.publish", where=lambda c: c.args.get("user_id") == owner)

    slash(slack, standin, "T1", colleague, "export eastside")
    [refusal] = replies_to(standin, f"D{colleague}")
    assert refusal.startswith(f"The Eastside Youth League partnership is Sgt. {owner}'s, so I can't show it")
    slash(slack, standin, "T2", stranger, "export eastside")
    [unknown] = replies_to(standin, f"D{stranger}")
    assert unknown.startswith("I don't know a partnership called \"eastside\"") and "Youth" not in unknown
    assert not uploads_to(standin, colleague) and not uploads_to(standin, stranger)

    slash(slack, standin, "T1", admin, "export eastside")
    standin.wait_for("files.completeUploadExternal", where=lambda c: c.args.get("channel_id") == f"D{admin}")
    slash(slack, standin, "T1", admin, "status")
    [status] = replies_to(standin, f"D{admin}")
    assert status.startswith("How the partnerships in your workspace stand:")
    assert f"Eastside Youth League (Sgt. {owner})" in status

    slash(slack, standin, "T1", owner, f"share eastside <@{colleague}|colleague>")
    standin.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == f"D{owner}" and c.args["text"] == (
        f"Added Sgt. {colleague} to the Eastside Youth League partnership: they can now see its checklist and status."))
    assert "added you to the Eastside Youth League partnership" in replies_to(standin, f"D{colleague}", 2)[-1]
    slash(slack, standin, "T1", colleague, "export eastside csv")
    standin.wait_for("files.completeUploadExternal", where=lambda c: c.args.get("channel_id") == f"D{colleague}")


def test_an_admin_demoted_in_slack_loses_leader_access_as_soon_as_slack_says_so(standin, slack):
    owner, admin = user_id(), user_id()
    standin.admins.add(admin)
    post_event(slack, dm(owner, "I want to start a partnership with Northside Boxing Club"))
    standin.wait_for("views.publish", where=lambda c: c.args.get("user_id") == owner)
    post_event(slack, dm(admin, "status"))
    [status] = replies_to(standin, f"D{admin}")
    assert f"Northside Boxing Club (Sgt. {owner})" in status  # a leader sees every partnership
    standin.admins.discard(admin)
    post_event(slack, {"type": "user_change", "user": {"id": admin, "team_id": "T1", "is_admin": False}})
    time.sleep(1)
    post_event(slack, dm(admin, "status"))
    later = replies_to(standin, f"D{admin}", 2)[1]
    assert "Northside Boxing Club" not in later


def test_a_slash_command_in_a_channel_says_where_the_answer_went(standin, slack):
    user = user_id()
    name = f"r-{user}"
    response = post_form(slack, {"command": "/coach", "text": "commitments", "team_id": "T1", "user_id": user,
                                 "channel_id": "C1", "response_url": standin.response_url(name),
                                 "trigger_id": f"t-{user}"})
    assert response.status_code == 200
    [said] = standin.wait_for(f"response:{name}")
    assert said.args == {"text": "I've replied in your DM with me, where we can carry on.",
                         "response_type": "ephemeral"}
    assert replies_to(standin, f"D{user}")  # the answer itself is in the DM


def shortcut(slack, user: str, callback_id: str, message_text: str | None = None) -> None:
    payload = {"type": "message_action" if message_text is not None else "shortcut", "callback_id": callback_id,
               "team": {"id": "T1"}, "user": {"id": user}, "api_app_id": "A1", "token": "t",
               "trigger_id": f"sc-{uuid.uuid4().hex[:8]}"}
    if message_text is not None:
        payload |= {"channel": {"id": "C1"}, "message": {"type": "message", "text": message_text, "ts": "1.2",
                                                         "thread_ts": "1.1"},
                    "message_ts": "1.2", "response_url": "http://127.0.0.1:9/x"}
    assert post_form(slack, {"payload": json.dumps(payload)}).status_code == 200


def test_the_new_partnership_shortcut_starts_one_in_the_dm(standin, slack):
    user = user_id()
    shortcut(slack, user, "new_partnership")
    assert "Who is the partnership with?" in " ".join(replies_to(standin, f"D{user}", 2))


def test_a_message_in_a_thread_saved_as_a_commitment_is_kept_as_its_words(stack, standin, slack):
    user = user_id()
    shortcut(slack, user, "save_as_commitment", "Sarge can you call the DA's office about the grant by Friday")
    [reply] = replies_to(standin, f"D{user}")
    assert reply.startswith("Got it: you'll call the DA's office about the grant by Friday")
    [saved] = commitments_of(stack, user)
    assert saved.text == "call the DA's office about the grant" and saved.due_date is not None


def test_a_message_without_words_cannot_be_saved_and_says_so(standin, slack):
    user = user_id()
    shortcut(slack, user, "add_progress_note", "   ")
    [reply] = replies_to(standin, f"D{user}")
    assert reply == "That message has no text I can save; copy the words into a message to me instead."
