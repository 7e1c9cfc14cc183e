"""Who may see what: a supervisor sees the partnerships they own or were added to, a
leader (granted, or a Slack workspace admin) every one in their workspace, and nothing
crosses workspaces. Each read path is checked with two workspaces and two roles."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from typer.testing import CliRunner

from bot.actions.assessment import ActionStartAssessment
from bot.actions.progress import ActionPartnershipStatus, ActionRequestChecklist
from bot.cli import app
from bot.slack.home import home_blocks
from bot.slack.people import SlackPerson
from bot.store import partnerships, people
from bot.store.db import session_scope
from tests.support.trackers import run, tracker

runner = CliRunner()
NOW = datetime(2026, 12, 2, 15, 0, tzinfo=timezone.utc)
# (team, user, display name, role)
PEOPLE = {
    "owner": ("T1", "UALICE", "Sgt. Alice", "supervisor"),
    "colleague": ("T1", "UBOB", "Sgt. Bob", "supervisor"),
    "leader": ("T1", "UCAROL", "Chief Carol", "leader"),
    "other_leader": ("T2", "UERIN", "Sheriff Erin", "leader"),
    "other_supervisor": ("T2", "UFRANK", "Sgt. Frank", "supervisor"),
}


@pytest.fixture
def records(database_url):
    """Alice's truancy partnership in T1, and Frank's in T2 with the same partner name."""
    with session_scope(database_url) as session:
        for team, user, name, role in PEOPLE.values():
            person = people.person_for(session, people.Identity(team, user, name))
            person.role = role
        alice = people.person_for(session, people.Identity("T1", "UALICE"))
        partnerships.create_partnership(session, alice, "school district on truancy", "problem")
        frank = people.person_for(session, people.Identity("T2", "UFRANK"))
        partnerships.create_partnership(session, frank, "county hospital", "problem")
    return database_url


def ask(who: str, action, text: str, intent: str, **extra) -> str:
    team, user, name, _ = PEOPLE[who]
    texts, _, _ = run(action, tracker(text, intent, team=team, user=user, **extra))
    return "\n".join(texts)


SEES = {"owner": True, "colleague": False, "leader": True, "other_leader": False, "other_supervisor": False}
CHAT_READS = [
    (ActionPartnershipStatus(), "status of the truancy partnership", "partnership_status"),
    (ActionRequestChecklist(), "checklist for the truancy partnership", "request_checklist"),
    (ActionStartAssessment(), "run a health check on the truancy partnership", "assess_partnership"),
]


@pytest.mark.parametrize("action,text,intent", CHAT_READS, ids=["status", "checklist", "assessment"])
@pytest.mark.parametrize("who", list(SEES))
def test_chat_reads_of_one_partnership(records, who, action, text, intent):
    reply = ask(who, action, text, intent)
    if SEES[who]:
        assert "school district on truancy" in reply and "can't show it" not in reply
    elif PEOPLE[who][0] == "T1":  # same workspace: refused, and told whom to ask
        assert reply.startswith("The school district on truancy partnership is Sgt. Alice's, so I can't show it")
        assert "Ask Sgt. Alice to add you" in reply
    else:  # another workspace: as if it did not exist
        assert reply.startswith("I don't know a partnership called \"truancy\"")
        assert "school district" not in reply


def test_a_leader_sees_every_partnership_in_their_workspace_only(records):
    reply = ask("leader", ActionPartnershipStatus(), "which partnerships are stalled?", "partnership_status")
    assert reply.startswith("How the partnerships in your workspace stand:")
    assert "school district on truancy (Sgt. Alice): on track" in reply and "county hospital" not in reply
    other = ask("other_leader", ActionPartnershipStatus(), "which partnerships are stalled?", "partnership_status")
    assert "county hospital (Sgt. Frank)" in other and "truancy" not in other


def test_a_supervisor_sees_only_their_own(records):
    assert ask("colleague", ActionPartnershipStatus(), "which partnerships are stalled?",
               "partnership_status").startswith("You have no partnerships yet")


def test_a_slack_admin_is_a_leader_by_default_and_stops_being_one_when_slack_says_so(records):
    text = "status of the truancy partnership"
    assert "can't show it" in ask("colleague", ActionPartnershipStatus(), text, "partnership_status")
    assert "can't show it" not in ask("colleague", ActionPartnershipStatus(), text, "partnership_status", admin=True)
    assert "can't show it" in ask("colleague", ActionPartnershipStatus(), text, "partnership_status", admin=False)


def test_a_member_sees_a_shared_partnership(records):
    with session_scope(records) as session:
        alice = people.person_for(session, people.Identity("T1", "UALICE"))
        bob = people.person_for(session, people.Identity("T1", "UBOB"))
        [truancy] = partnerships.partnerships_of(session, alice)
        assert partnerships.share_partnership(session, truancy, bob)
        assert not partnerships.share_partnership(session, truancy, bob)  # already there
    reply = ask("colleague", ActionRequestChecklist(), "checklist for the truancy partnership", "request_checklist")
    assert reply.startswith("Checklist for the school district on truancy partnership")


def home_text(who: str, admin: bool | None = None) -> str:
    team, user, name, _ = PEOPLE[who]
    return json.dumps(home_blocks(SlackPerson(team, user, name, "America/Chicago", admin), NOW))


@pytest.mark.parametrize("who", list(SEES))
def test_app_home(records, who):
    text = home_text(who)
    assert ("school district on truancy" in text) == SEES[who]
    assert ("Every partnership in the workspace" in text) == (PEOPLE[who][3] == "leader")
    assert ("county hospital" in text) == (PEOPLE[who][0] == "T2")


def test_app_home_of_a_slack_admin_shows_the_workspace(records):
    assert "Sgt. Alice" in home_text("colleague", admin=True) and "Sgt. Alice" not in home_text("colleague", admin=False)


@pytest.mark.parametrize("workspace,found", [("T1", True), ("T2", False)])
def test_checklist_file_and_export_stay_in_their_workspace(records, workspace, found):
    checklist = runner.invoke(app, ["checklist", "--partnership", "truancy", "--workspace", workspace])
    assert (checklist.exit_code == 0) == found, checklist.output
    if not found:
        assert "'truancy' matches no partnership. Known: county hospital." in checklist.output
    exported = json.loads(runner.invoke(app, ["export", "--workspace", workspace]).stdout)
    names = [p["name"] for w in exported["workspaces"] for p in w["partnerships"]]
    assert names == (["school district on truancy"] if found else ["county hospital"])


def test_roles_grant_list_and_revoke(records):
    granted = runner.invoke(app, ["roles", "grant", "Sgt. Bob", "leader", "--workspace", "T1"])
    assert granted.exit_code == 0 and "Sgt. Bob (UBOB) in T1 is now a leader." in granted.output
    assert "can't show it" not in ask("colleague", ActionPartnershipStatus(), "status of the truancy partnership",
                                      "partnership_status")
    listed = runner.invoke(app, ["roles", "list", "--workspace", "T1"]).output
    assert "UBOB" in listed and "UCAROL" in listed and "UERIN" not in listed
    revoked = runner.invoke(app, ["roles", "revoke", "UBOB", "leader", "--workspace", "T1"])
    assert revoked.exit_code == 0 and "is now a supervisor" in revoked.output
    assert "can't show it" in ask("colleague", ActionPartnershipStatus(), "status of the truancy partnership",
                                  "partnership_status")


def test_a_leader_can_be_granted_before_they_first_talk_to_the_coach(records):
    result = runner.invoke(app, ["roles", "grant", "UNEWCHIEF", "leader", "--workspace", "T1"])
    assert result.exit_code == 0, result.output
    team, user = "T1", "UNEWCHIEF"
    texts, _, _ = run(ActionPartnershipStatus(), tracker("which partnerships are stalled?", "partnership_status",
                                                         team=team, user=user))
    assert "school district on truancy (Sgt. Alice)" in texts[0]


@pytest.mark.parametrize("args,problem", [
    (["grant", "UBOB", "king"], "Unknown role 'king'. Roles: leader, supervisor."),
    (["grant", "Nobody Known", "leader", "--workspace", "T1"], "No one called 'Nobody Known' has talked to the coach"),
    (["grant", "UBOB", "leader"], "Say which workspace with --workspace: T1, T2."),
    (["grant", "UBOB", "leader", "--workspace", "T9"], "No workspace 'T9'. Known: T1, T2."),
])
def test_role_changes_that_cannot_be_made_say_why(records, args, problem):
    result = runner.invoke(app, ["roles", *args])
    assert result.exit_code == 1 and problem in " ".join(result.output.split())
