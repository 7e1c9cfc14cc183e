"""Training the dialogue model, only when its inputs changed.

The model is named after a hash of config.yml and everything under nlu/, so a second
`make chat` finds it and skips the minutes of training."""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from pathlib import Path

from bot.config import PROJECT_ROOT

MODELS_DIR = PROJECT_ROOT / "models"
# The classifier is our code (config.yml names it): a change to it needs a new model too.
TRAINING_INPUTS = [PROJECT_ROOT / "config.yml", PROJECT_ROOT / "nlu", PROJECT_ROOT / "bot" / "intent_classifier.py"]


def rasa_executable() -> Path:
    return Path(os.environ.get("RASA_BIN", PROJECT_ROOT / ".venv-engine" / "bin" / "rasa"))


def training_files() -> list[Path]:
    files = []
    for path in TRAINING_INPUTS:
        files += sorted(path.rglob("*.yml")) if path.is_dir() else [path]
    return files


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in training_files():
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return MODELS_DIR / f"coach-{fingerprint()}.tar.gz"


class TrainingFailed(RuntimeError):
    """`rasa train` failed; the message ends with the last lines of its log."""


def ensure_model(force: bool = False, log_path: Path | None = None) -> Path:
    """The trained model for the current data, training it first if needed. Rasa's output
    goes to `log_path` when given (the terminal stays readable), else to ours.

    The model is trained in a folder of its own and moved into place whole, so a second
    process training at the same moment, or an engine loading the model, never reads half
    an archive."""
    path = model_path()
    if path.exists() and not force:
        return path
    MODELS_DIR.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=MODELS_DIR, prefix=".training-") as draft:
        _train(Path(draft), path.name.removesuffix(".tar.gz"), log_path)
        os.replace(Path(draft) / path.name, path)
    return path


def _train(out: Path, name: str, log_path: Path | None) -> None:
    command = [str(rasa_executable()), "train", "--config", "config.yml", "--domain", "nlu/domain.yml",
               "--data", "nlu/data", "--out", str(out), "--fixed-model-name", name]
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    if log_path is None:
        subprocess.run(command, cwd=PROJECT_ROOT, check=True, env=env)
        return
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        done = subprocess.run(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise TrainingFailed(f"training failed (exit {done.returncode}); the end of {log_path}:\n{tail(log_path)}")


def tail(log_path: Path, lines: int = 15) -> str:
    """The last lines of a log, for a message that says what went wrong."""
    try:
        return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
