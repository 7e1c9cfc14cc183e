"""What a newcomer sees when the coach cannot start: the port that is taken and the
setting that moves it, the end of the log of what failed, and training kept out of the
terminal but its failure shown."""

from __future__ import annotations

import dataclasses
import socket
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot import config, training
from bot.processes import StartupFailed, spawn, start_stack, wait_until
from bot.training import TrainingFailed, ensure_model


@pytest.fixture
def settings(tmp_path):
    return dataclasses.replace(config.load(), data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/coach.db")


def test_a_busy_engine_port_is_named_with_the_setting_that_moves_it(settings, monkeypatch):
    monkeypatch.delenv("ENGINE_URL", raising=False)
    monkeypatch.delenv("ACTIONS_URL", raising=False)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = dataclasses.replace(settings, engine_port=port, actions_port=port + 1 if port < 65535 else port - 1)
        with pytest.raises(StartupFailed) as failed:
            start_stack(busy, client=None)
    assert str(failed.value) == (f"port {port} (the engine) is already in use, perhaps by another coach. Stop that, "
                                 f"or choose another port: ENGINE_PORT={port + 1} make chat")


def test_a_process_that_dies_at_start_shows_the_end_of_its_log(settings):
    child = spawn("engine", [sys.executable, "-c", "print('loading model'); print('OSError: model file is corrupt');"
                             "raise SystemExit(1)"], settings)
    child.process.wait(10)
    with pytest.raises(StartupFailed) as failed:
        wait_until(lambda: False, [child], timeout=5)
    assert str(failed.value).startswith(f"the engine process exited. The end of {child.log_path}:")
    assert str(failed.value).endswith("loading model\nOSError: model file is corrupt")


def test_training_output_goes_to_its_log_and_a_failure_shows_the_end_of_it(tmp_path, monkeypatch, capfd):
    fake_rasa = tmp_path / "rasa"
    fake_rasa.write_text("#!/bin/sh\necho 'Training NLU model...'\necho 'YamlSyntaxException: nlu/data/x.yml line 3'\n"
                         "exit 1\n")
    fake_rasa.chmod(0o755)
    monkeypatch.setenv("RASA_BIN", str(fake_rasa))
    log = tmp_path / "logs" / "train.log"
    with pytest.raises(TrainingFailed) as failed:
        ensure_model(force=True, log_path=log)
    assert "Training NLU model" not in capfd.readouterr().out  # the terminal stays quiet
    assert str(failed.value).endswith("Training NLU model...\nYamlSyntaxException: nlu/data/x.yml line 3")


def test_a_model_appears_whole_even_when_two_processes_train_at_once(tmp_path, monkeypatch):
    """Each training writes into a folder of its own; the archive is moved into place
    when complete, so the engine never loads half of one (seen when `coach up` and
    `make eval` trained the same model at the same moment)."""
    fake_rasa = tmp_path / "rasa"
    fake_rasa.write_text('#!/bin/sh\nwhile [ "$1" ]; do case "$1" in --out) out=$2;; --fixed-model-name) name=$2;; esac; '
                         'shift; done\nprintf first > "$out/$name.tar.gz"; sleep 0.3; printf " half" >> "$out/$name.tar.gz"\n')
    fake_rasa.chmod(0o755)
    monkeypatch.setenv("RASA_BIN", str(fake_rasa))
    monkeypatch.setattr(training, "MODELS_DIR", tmp_path / "models")
    with ThreadPoolExecutor(2) as pool:
        paths = list(pool.map(lambda _: training.ensure_model(force=True), range(2)))
    assert paths[0] == paths[1] and paths[0].read_text() == "first half"
    assert [p.name for p in (tmp_path / "models").iterdir()] == [paths[0].name]  # no drafts left behind
