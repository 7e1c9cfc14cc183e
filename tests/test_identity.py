"""Signed identity (bot/identity.py), the secrets it is keyed with (bot/config.py), and
an action refusing a message whose identity is not signed (bot/actions/context.py)."""

from __future__ import annotations

import dataclasses
import json
import stat
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from bot import config, identity
from bot.actions.commitments import ActionListCommitments
from bot.actions.context import UNCONFIRMED
from bot.config import PROJECT_ROOT
from bot.store.models import Person
from tests.support.trackers import run, tracker

SECRET = "a-test-secret"
ALICE = {"team": "T1", "user": "U1", "user_name": "Alice", "tz": "America/Chicago", "is_admin": False,
         "message_id": "m1", "channel": "D1"}


def test_signed_metadata_verifies_and_keeps_every_field():
    signed = identity.sign(ALICE, SECRET)
    assert identity.verify(signed, SECRET)
    assert {k: signed[k] for k in ALICE} == ALICE


def test_a_round_trip_through_json_still_verifies():
    assert identity.verify(json.loads(json.dumps(identity.sign(ALICE, SECRET))), SECRET)


@pytest.mark.parametrize("field, forged", [("team", "T2"), ("user", "U2"), ("user_name", "Bob"),
                                           ("tz", "UTC"), ("is_admin", True)])
def test_changing_any_identity_field_breaks_the_signature(field, forged):
    assert not identity.verify({**identity.sign(ALICE, SECRET), field: forged}, SECRET)


def test_adding_the_admin_flag_breaks_the_signature():
    unflagged = {k: v for k, v in ALICE.items() if k != "is_admin"}
    assert not identity.verify({**identity.sign(unflagged, SECRET), "is_admin": True}, SECRET)


def test_fields_outside_identity_may_change():
    assert identity.verify({**identity.sign(ALICE, SECRET), "message_id": "m2", "thread_ts": "1.2"}, SECRET)


def test_another_secret_or_a_moved_timestamp_does_not_verify():
    signed = identity.sign(ALICE, SECRET)
    assert not identity.verify(signed, "another-secret")
    assert not identity.verify({**signed, "issued_at": signed["issued_at"] + 1}, SECRET)


def test_missing_or_malformed_signatures_do_not_verify():
    signed = identity.sign(ALICE, SECRET)
    assert not identity.verify(ALICE, SECRET)
    assert not identity.verify({}, SECRET) and not identity.verify(None, SECRET)
    assert not identity.verify({k: v for k, v in signed.items() if k != "signature"}, SECRET)
    assert not identity.verify({k: v for k, v in signed.items() if k != "issued_at"}, SECRET)
    assert not identity.verify({**signed, "issued_at": str(signed["issued_at"])}, SECRET)
    assert not identity.verify({**signed, "signature": None}, SECRET)


def test_a_signature_expires_after_five_minutes_and_is_not_good_ahead_of_time():
    signed = identity.sign(ALICE, SECRET, now=1_000_000)
    assert identity.verify(signed, SECRET, now=1_000_000 + identity.MAX_AGE_SECONDS)
    assert not identity.verify(signed, SECRET, now=1_000_000 + identity.MAX_AGE_SECONDS + 1)
    assert not identity.verify(signed, SECRET, now=1_000_000 - identity.MAX_AGE_SECONDS - 1)


def settings_in(data_dir) -> config.Settings:
    return dataclasses.replace(config.load(), data_dir=data_dir)


def test_without_the_environment_secrets_are_made_once_in_the_data_folder(tmp_path, monkeypatch):
    for name in ("COACH_IDENTITY_SECRET", "COACH_ACTIONS_TOKEN", "COACH_ENGINE_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    settings = settings_in(tmp_path)
    made = (settings.identity_secret, settings.actions_token, settings.engine_token)
    assert len(set(made)) == 3 and all(len(secret) >= 32 for secret in made)
    assert stat.S_IMODE((tmp_path / "secrets.json").stat().st_mode) == 0o600
    elsewhere = settings_in(tmp_path / "other")
    assert elsewhere.identity_secret not in made
    script = "from bot import config; s = config.load(); print(s.identity_secret, s.actions_token, s.engine_token)"
    another_process = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                                     cwd=PROJECT_ROOT, env={"COACH_DATA_DIR": str(tmp_path)})
    assert tuple(another_process.stdout.split()) == made


def test_processes_starting_at_once_from_one_data_folder_agree(tmp_path):
    script = "from bot import config; print(config.load().identity_secret)"
    starting = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=PROJECT_ROOT,
                                 env={"COACH_DATA_DIR": str(tmp_path / "fresh")}) for _ in range(4)]
    assert len({process.communicate(timeout=60)[0] for process in starting}) == 1
    assert [f.name for f in (tmp_path / "fresh").iterdir()] == ["secrets.json"]  # no drafts left


def test_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_IDENTITY_SECRET", "from-env")
    assert settings_in(tmp_path).identity_secret == "from-env"


@pytest.mark.parametrize("metadata", [
    {"team": "T1", "user": "U1"},  # unsigned
    identity.sign({"team": "T1", "user": "U1"}, "not-the-secret"),
])
def test_an_action_refuses_unconfirmed_identity_and_stores_no_one(session, metadata):
    turn = tracker("what have I committed to?", "list_commitments")
    turn.events[-1]["metadata"] = turn.latest_message["metadata"] = metadata
    texts, _, events = run(ActionListCommitments(), turn)
    assert texts == [UNCONFIRMED] and events == []
    assert session.scalar(select(func.count()).select_from(Person)) == 0


def test_an_action_answers_signed_identity(session):
    texts, _, _ = run(ActionListCommitments(), tracker("what have I committed to?", "list_commitments"))
    assert texts and "no open commitments" in texts[0]


def test_a_session_started_by_unsigned_identity_restores_nothing_and_does_not_fail(session):
    from bot.actions.session import ActionSessionStart
    turn = tracker("hi", "greet", slots={"session_started_metadata": {"team": "T1", "user": "U1", "is_admin": True}})
    _, _, events = run(ActionSessionStart(), turn)
    assert [e["event"] for e in events] == ["session_started", "action"]
    assert session.scalar(select(func.count()).select_from(Person)) == 0
