"""Per-message NLU latency of a trained model: starts `rasa run` on it, sends every
held-out message to POST /model/parse, and prints p50/p95 in milliseconds.

    .venv/bin/python bench/nlu_latency.py MODEL.tar.gz [PORT]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import requests
import yaml

from bot import config
from bot.config import PROJECT_ROOT
from bot.processes import child_env
from bot.training import rasa_executable


def held_out_texts() -> list[str]:
    data = yaml.safe_load((PROJECT_ROOT / "tests" / "nlu_heldout.yml").read_text())["nlu"]
    return [line[2:] for block in data for line in block["examples"].splitlines() if line.startswith("- ")]


def main(model: str, port: int = 5305) -> None:
    server = subprocess.Popen([str(rasa_executable()), "run", "--enable-api", "--model", model, "--port", str(port)],
                              env=child_env(config.load()), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{url}/status", timeout=2).json().get("model_file"):
                    break
            except (requests.RequestException, ValueError):
                pass
            time.sleep(1)
        texts = held_out_texts()
        for text in texts[:20]:  # warm up
            requests.post(f"{url}/model/parse", json={"text": text})
        timings = []
        for text in texts:
            start = time.perf_counter()
            requests.post(f"{url}/model/parse", json={"text": text}).raise_for_status()
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        print(f"{model}: n={len(timings)} p50={statistics.median(timings):.1f}ms "
              f"p95={timings[int(len(timings) * 0.95)]:.1f}ms")
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5305)
