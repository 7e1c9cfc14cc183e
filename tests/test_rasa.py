"""Rasa's own checks of the training data and the dialogue model, run in the engine's
virtualenv: `rasa data validate` with warnings as failures, and the test stories."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from bot.config import PROJECT_ROOT
from bot.training import ensure_model, rasa_executable

pytestmark = pytest.mark.integration  # runs Rasa itself, in the engine's virtualenv

ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


def rasa(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(rasa_executable()), *args], cwd=PROJECT_ROOT, env=ENV, capture_output=True,
                          text=True, timeout=timeout)


def test_training_data_validates_without_warnings():
    result = rasa("data", "validate", "--domain", "nlu/domain.yml", "--data", "nlu/data",
                  "--config", "config.yml", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_the_dialogue_model_passes_the_test_stories(tmp_path):
    result = rasa("test", "core", "--model", str(ensure_model()), "--stories", "tests/stories",
                  "--out", str(tmp_path), "--fail-on-prediction-errors")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads((tmp_path / "story_report.json").read_text())
    assert report["conversation_accuracy"]["accuracy"] == 1.0
