"""The `coach` command's quick subcommands (chat and up are integration tests)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot import step_review
from bot.cli import app
from bot.store import commitments, partnerships, people
from bot.store.db import session_scope
from bot.store.models import Workspace

runner = CliRunner()


@pytest.mark.parametrize("command", [[], ["chat"], ["up"], ["train"], ["export"], ["nudge"], ["workspace"], ["checklist"],
                                     ["kb", "check"], ["kb", "search"], ["kb", "nlu"]])
def test_every_command_has_help(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_export_prints_the_json_contract(database_url):
    with session_scope(database_url) as session:
        alice = people.person_for(session, people.Identity("T1", "U1", "Sgt. Alice"))
        partnership = partnerships.create_partnership(session, alice, "Mercy Hospital", "problem")
        commitments.add_commitment(session, alice, "call the CEO", date(2026, 12, 1), partnership)
    result = runner.invoke(app, ["export", "--format", "json"])
    assert result.exit_code == 0, result.output
    [workspace] = json.loads(result.stdout)["workspaces"]
    [exported] = workspace["partnerships"]
    assert exported["name"] == "Mercy Hospital"
    assert exported["commitments"][0] == {"owner": "Sgt. Alice", "owner_id": "U1", "text": "call the CEO",
                                          "due_date": "2026-12-01", "status": "open", "goal": None}
    assert {"stakeholders", "goals", "progress_notes"} <= set(exported)


def test_export_refuses_an_unknown_format(database_url):
    result = runner.invoke(app, ["export", "--format", "xml"])
    assert result.exit_code == 2 and "Unknown format 'xml'" in result.output


def test_kb_check_reports_the_counts():
    result = runner.invoke(app, ["kb", "check"])
    assert result.exit_code == 0 and "Knowledge base OK:" in result.output and "5 case studies" in result.output


def test_kb_search_prints_ranked_entries():
    result = runner.invoke(app, ["kb", "search", "buy-in from my lieutenants"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split()[2] == "supervisor_buy_in"


def test_kb_search_says_when_nothing_matches():
    result = runner.invoke(app, ["kb", "search", "xyzzy"])
    assert result.exit_code == 1 and "Nothing in the knowledge base matches" in result.output


def test_workspace_nudge_settings_can_be_changed(database_url):
    with session_scope(database_url) as session:
        people.person_for(session, people.Identity("T1", "U1"))
    result = runner.invoke(app, ["workspace", "T1", "--stall-days", "10", "--renudge-days", "3"])
    assert result.exit_code == 0, result.output
    assert "goals stall after 10 days" in result.output and "every 3 days" in result.output
    assert "after 10 days" in runner.invoke(app, ["workspace", "T1"]).output


def test_a_workspace_can_skip_public_holidays_and_stop_skipping_them(database_url):
    with session_scope(database_url) as session:
        people.person_for(session, people.Identity("T1", "U1"))
    assert "public holidays are not skipped" in runner.invoke(app, ["workspace", "T1"]).output
    result = runner.invoke(app, ["workspace", "T1", "--holidays", "us", "--holiday-subdivision", "ca"])
    assert result.exit_code == 0, result.output
    assert "nobody is nudged on public holidays in US-CA" in result.output
    with session_scope(database_url) as session:
        workspace = session.scalar(select(Workspace))
        assert (workspace.holiday_country, workspace.holiday_subdivision) == ("US", "CA")
    result = runner.invoke(app, ["workspace", "T1", "--no-holidays"])
    assert result.exit_code == 0 and "public holidays are not skipped" in result.output
    with session_scope(database_url) as session:
        assert session.scalar(select(Workspace)).holiday_country is None


@pytest.mark.parametrize("args, code, message", [
    (["workspace", "T404"], 1, "No workspace 'T404' yet"),
    (["workspace", "T1", "--stall-days", "0"], 2, "--stall-days must be between 1 and 365"),
    (["workspace", "T1", "--holidays", "US", "--no-holidays"], 2, "--no-holidays turns holidays off"),
])
def test_workspace_settings_reject_bad_input(database_url, args, code, message):
    result = runner.invoke(app, args)
    assert result.exit_code == code and message in result.output


@pytest.mark.parametrize("args, message", [
    (["--holidays", "ZZ"], "No public holidays known for 'ZZ'"),
    (["--holidays", "US", "--holiday-subdivision", "XX"], "US has no subdivision 'XX'"),
    (["--holiday-subdivision", "CA"], "Give the country too"),
])
def test_unknown_holiday_places_are_refused(database_url, args, message):
    with session_scope(database_url) as session:
        people.person_for(session, people.Identity("T1", "U1"))
    result = runner.invoke(app, ["workspace", "T1", *args])
    assert result.exit_code == 2 and message in result.output


def test_checklist_for_a_partnership_as_markdown_and_csv(database_url):
    with session_scope(database_url) as session:
        alice = people.person_for(session, people.Identity("T1", "U1", "Sgt. Alice"))
        partnership = partnerships.create_partnership(session, alice, "Mercy Hospital", "problem")
        partnerships.save_step_answer(session, partnership, "problem", "overdoses up 40%")
        step_review.review(partnership, "problem", "overdoses up 40%")
    markdown = runner.invoke(app, ["checklist", "--partnership", "mercy", "--format", "md"])
    assert markdown.exit_code == 0 and markdown.stdout.startswith("# Briefing: the Mercy Hospital partnership")
    assert "\n# Checklist for the Mercy Hospital partnership" in markdown.stdout
    assert "- [x] **done**" in markdown.stdout and "(owner: Sgt. Alice)" in markdown.stdout
    table = runner.invoke(app, ["checklist", "--partnership", "mercy", "--format", "csv"])
    assert table.stdout.splitlines()[0] == "step,item,why,state,owner"


def test_checklist_for_an_unknown_partnership_fails_clearly(database_url):
    result = runner.invoke(app, ["checklist", "--partnership", "zoo"])
    assert result.exit_code == 1 and "'zoo' matches no partnership. Known: none." in result.output


def test_the_generic_checklist_needs_no_partnership(database_url):
    result = runner.invoke(app, ["checklist", "--format", "text"])
    assert result.exit_code == 0 and result.stdout.startswith("Partnership formation checklist\n1. The common problem")
