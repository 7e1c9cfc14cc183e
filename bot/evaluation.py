"""NLU evaluation on the held-out set (`make eval`, and a test in `make test`).

Runs `rasa test nlu` with the trained model on tests/nlu_heldout.yml (never used for
training) and writes results/nlu_eval.json and results/nlu_eval.md: per-intent
precision, recall and F1, macro F1, and the most frequent confusions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT
from bot.training import ensure_model, rasa_executable

HELD_OUT = PROJECT_ROOT / "tests" / "nlu_heldout.yml"
RESULTS_DIR = PROJECT_ROOT / "results"
MIN_MACRO_F1 = 0.90
SKIP_KEYS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def fallback_threshold() -> float:
    pipeline = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())["pipeline"]
    return next(c["threshold"] for c in pipeline if c["name"] == "FallbackClassifier")


def run_rasa_test(model: Path, out_dir: Path) -> None:
    subprocess.run(
        [str(rasa_executable()), "test", "nlu", "--model", str(model), "--nlu", str(HELD_OUT),
         "--out", str(out_dir), "--no-plot", "--successes"],
        cwd=PROJECT_ROOT, check=True, capture_output=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"},
    )


def summarise(out_dir: Path) -> dict:
    report = json.loads((out_dir / "intent_report.json").read_text())
    per_intent = {
        name: {"precision": round(v["precision"], 3), "recall": round(v["recall"], 3),
               "f1": round(v["f1-score"], 3), "support": v["support"]}
        for name, v in sorted(report.items()) if name not in SKIP_KEYS
    }
    errors = json.loads((out_dir / "intent_errors.json").read_text())
    successes = json.loads((out_dir / "intent_successes.json").read_text())
    unsure = [p for p in errors + successes if p["intent_prediction"]["confidence"] < fallback_threshold()]
    confusions = Counter((e["intent"], e["intent_prediction"]["name"]) for e in errors)
    return {
        "macro_f1": round(report["macro avg"]["f1-score"], 4),
        "accuracy": round(report["accuracy"], 4),
        "threshold": MIN_MACRO_F1,
        # messages that would get "Did you mean ...?" instead of an answer
        "fallback_rate": round(len(unsure) / max(len(errors) + len(successes), 1), 4),
        "fallback_wrong_avoided": sum(1 for p in unsure if p in errors),
        "per_intent": per_intent,
        "confusions": [{"expected": a, "predicted": b, "count": n} for (a, b), n in confusions.most_common(15)],
        "errors": [{"text": e["text"], "expected": e["intent"], "predicted": e["intent_prediction"]["name"],
                    "confidence": round(e["intent_prediction"]["confidence"], 3)} for e in errors],
    }


def markdown(summary: dict) -> str:
    lines = ["# NLU evaluation on the held-out set\n",
             f"Macro F1 **{summary['macro_f1']:.3f}** (threshold {summary['threshold']}), "
             f"accuracy {summary['accuracy']:.3f}. {summary['fallback_rate']:.1%} of messages fall below the "
             f"fallback threshold and would be asked \"Did you mean ...?\" ({summary['fallback_wrong_avoided']} "
             "of them would otherwise have been answered wrongly).\n",
             "| intent | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    lines += [f"| {name} | {v['precision']:.2f} | {v['recall']:.2f} | {v['f1']:.2f} | {v['support']} |"
              for name, v in summary["per_intent"].items()]
    lines += ["", "Most frequent confusions (expected -> predicted):", ""]
    lines += [f"- {c['expected']} -> {c['predicted']}: {c['count']}" for c in summary["confusions"]]
    return "\n".join(lines) + "\n"


def evaluate(model: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        run_rasa_test(model or ensure_model(), Path(tmp))
        summary = summarise(Path(tmp))
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "nlu_eval.json").write_text(json.dumps(summary, indent=2))
    (RESULTS_DIR / "nlu_eval.md").write_text(markdown(summary))
    return summary


def main() -> int:
    summary = evaluate()
    print(markdown(summary))
    print(f"Written to {RESULTS_DIR / 'nlu_eval.md'} and nlu_eval.json")
    if summary["macro_f1"] < MIN_MACRO_F1:
        print(f"FAIL: macro F1 {summary['macro_f1']:.3f} is below {MIN_MACRO_F1}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
