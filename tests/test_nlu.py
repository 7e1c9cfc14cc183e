"""The NLU contract (DESIGN.md) and its measured quality on the held-out, independent and fresh sets."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.evaluation import (
    FRESH,
    HELD_OUT,
    INDEPENDENT,
    MIN_MACRO_F1,
    TEST_SETS,
    WRITE_CONFIDENCE,
    confident_write_errors,
    evaluate_all,
)

CONTRACT = ["greet", "goodbye", "thank", "affirm", "deny", "help", "bot_challenge", "out_of_scope",
            "start_partnership", "ask_next_step", "check_partnership", "ask_success_factors", "ask_barriers",
            "ask_factor", "ask_case_study", "ask_model", "make_commitment", "list_commitments",
            "complete_commitment", "report_progress", "report_blocker", "request_checklist",
            "partnership_status", "assess_partnership", "manage_reminders"]
# Intents added after the contract; the independent set covers them too.
ADDED = ["tell_me_more", "skip_step", "change_answer", "undo", "draft_agreement"]


def examples(path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for block in yaml.safe_load(path.read_text())["nlu"]:
        if "intent" in block:
            lines = [line[2:] for line in block["examples"].splitlines() if line.startswith("- ")]
            found[block["intent"]] = [re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line) for line in lines]
    return found


def test_every_contract_intent_is_in_the_domain_with_at_least_40_examples():
    domain = yaml.safe_load((PROJECT_ROOT / "nlu" / "domain.yml").read_text())
    training = examples(PROJECT_ROOT / "nlu" / "data" / "nlu.yml")
    for intent in CONTRACT:
        assert intent in domain["intents"], intent
        assert len(training.get(intent, [])) >= 40, f"{intent}: {len(training.get(intent, []))} examples"


def test_the_held_out_set_is_never_trained_on():
    held_out = examples(HELD_OUT)
    assert all(len(held_out.get(intent, [])) >= 10 for intent in CONTRACT)
    training = every_training_text()
    assert not [t for ts in held_out.values() for t in ts if t.lower().strip() in training]


def every_training_text() -> set[str]:
    texts = set()
    for path in sorted((PROJECT_ROOT / "nlu" / "data").rglob("*.yml")):
        if "nlu" in (yaml.safe_load(path.read_text()) or {}):
            texts |= {t.lower().strip() for ts in examples(path).values() for t in ts}
    return texts


@pytest.mark.parametrize("test_set", [INDEPENDENT, FRESH], ids=["independent", "fresh"])
def test_the_blind_sets_cover_every_intent_and_are_never_trained_on(test_set):
    blind = examples(test_set)
    for intent in CONTRACT + ADDED:  # the issue asks for at least 10 per intent
        assert len(blind.get(intent, [])) >= 10, f"{intent}: {len(blind.get(intent, []))}"
    training = every_training_text()
    assert not [t for ts in blind.values() for t in ts if t.lower().strip() in training]


def test_a_confident_mistake_touching_a_write_intent_is_counted_and_others_are_not():
    def error(expected, predicted, confidence):
        return {"text": "x", "intent": expected, "intent_prediction": {"name": predicted, "confidence": confidence}}

    found = confident_write_errors([
        error("ask_factor", "report_blocker", WRITE_CONFIDENCE),  # a question stored as a blocker
        error("undo", "deny", 0.9),  # an undo that silently does nothing
        error("report_progress", "make_commitment", 0.59),  # unsure: asked first
        error("greet", "thank", 0.95),  # wrong, but nothing stored
    ])
    assert [(e["expected"], e["predicted"]) for e in found] == [("ask_factor", "report_blocker"), ("undo", "deny")]


@pytest.fixture(scope="module")
def scores() -> dict[str, dict]:
    return evaluate_all()


# The two below run the trained model over every test set in the engine's virtualenv.
@pytest.mark.integration
@pytest.mark.parametrize("name", list(TEST_SETS))
def test_macro_f1_on_every_test_set_is_at_least_the_threshold(scores, name):
    summary = scores[name]
    worst = sorted(summary["per_intent"].items(), key=lambda kv: kv[1]["f1"])[:5]
    assert summary["macro_f1"] >= MIN_MACRO_F1, f"macro F1 {summary['macro_f1']}; weakest: {worst}"


@pytest.mark.integration
@pytest.mark.parametrize("name", list(TEST_SETS))
def test_no_write_is_confidently_misread_on_any_test_set(scores, name):
    assert scores[name]["confident_write_errors"] == []
