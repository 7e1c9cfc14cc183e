"""The NLU contract (DESIGN.md) and its measured quality on the held-out set."""

from __future__ import annotations

import re

import yaml

from bot.config import PROJECT_ROOT
from bot.evaluation import HELD_OUT, MIN_MACRO_F1, evaluate

CONTRACT = ["greet", "goodbye", "thank", "affirm", "deny", "help", "bot_challenge", "out_of_scope",
            "start_partnership", "ask_next_step", "check_partnership", "ask_success_factors", "ask_barriers",
            "ask_factor", "ask_case_study", "ask_model", "make_commitment", "list_commitments",
            "complete_commitment", "report_progress", "report_blocker", "request_checklist",
            "partnership_status", "assess_partnership", "manage_reminders"]


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
    training = {t.lower().strip() for ts in examples(PROJECT_ROOT / "nlu" / "data" / "nlu.yml").values() for t in ts}
    held_out = examples(HELD_OUT)
    assert all(len(held_out.get(intent, [])) >= 10 for intent in CONTRACT)
    assert not [t for ts in held_out.values() for t in ts if t.lower().strip() in training]


def test_macro_f1_on_the_held_out_set_is_at_least_the_threshold():
    summary = evaluate()
    worst = sorted(summary["per_intent"].items(), key=lambda kv: kv[1]["f1"])[:5]
    assert summary["macro_f1"] >= MIN_MACRO_F1, f"macro F1 {summary['macro_f1']}; weakest: {worst}"
