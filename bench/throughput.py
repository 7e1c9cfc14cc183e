"""Turns per second at 50 concurrent users (`make bench`, section "throughput").

Each user holds the coaching conversation of bench/stacks.py (COACHING) once, as fast
as the replies come, against three setups started one after another in the same run:

- as shipped: one engine as before the issue's part 3 (plain `rasa run`, the whole
  domain in every action call), the baseline;
- tuned: one engine through bot/engine_runtime.py, only the form validators sent the domain;
- two replicas: two tuned engines behind HAProxy (round robin, as deploy/haproxy.cfg),
  sharing the tracker store and a Redis lock store (as docker-compose.yml).

All on PostgreSQL (a fresh schema each: the store replicas share) with one action
server, which counts the bytes it is sent (bench/actions_probe.py, request sizes only).
Without HAProxy installed the load generator takes turns between the two engines itself.

    python -m bench.throughput [--users 50]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import shutil
import statistics
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from bench.stacks import (
    COACHING,
    bench_settings,
    cpu_ms,
    fresh_database,
    read_records,
    start_actions_probed,
    start_engines,
    user_metadata,
)
from bot import engine_client
from bot.actions.context import TROUBLE, UNCONFIRMED
from bot.engine_client import EngineClient, EngineUnavailable
from bot.processes import stop_all, wait_until

ENGINE_PORT, ACTIONS_PORT, BALANCER_PORT = 5705, 5755, 5709
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
FAILURES = (TROUBLE, UNCONFIRMED, engine_client.ACTIONS_DOWN, engine_client.ENGINE_DOWN)
SETUPS = {  # name -> (as shipped, engines)
    "as shipped, 1 engine": (True, 1),
    "tuned, 1 engine": (False, 1),
    "tuned, 2 engine replicas": (False, 2),
}


@dataclasses.dataclass
class Load:
    timings: list[float] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)
    fallbacks: int = 0
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def turn(self, client: EngineClient, sender: str, text: str, metadata: dict) -> None:
        started = time.perf_counter()
        try:
            replies = client.send(sender, text, {**metadata, "message_id": uuid.uuid4().hex})
        except EngineUnavailable as error:
            with self.lock:
                self.errors.append(f"{text[:30]}: {error}"[:200])
            return
        elapsed = (time.perf_counter() - started) * 1000
        texts = [r.text for r in replies]
        with self.lock:
            self.timings.append(elapsed)
            if not texts or any(failure in t for t in texts for failure in FAILURES):
                self.errors.append(f"{text[:30]}: {texts[:1]}"[:200])
            elif all(t == engine_client.ENGINE_DEFAULT for t in texts):
                self.fallbacks += 1


def run_users(clients: Callable[[], EngineClient], users: int, load: Load, label: str) -> float:
    """Every user holds the conversation at once; the seconds it took them all."""
    def one_user(n: int) -> None:
        client, user = clients(), f"U{uuid.uuid4().hex[:8]}"
        workspace = f"T-{label}{n}"
        for text in COACHING:
            load.turn(client, f"{workspace}:{user}", text, user_metadata(workspace, user))
    threads = [threading.Thread(target=one_user, args=(n,)) for n in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def haproxy_config(port: int, engines: list[int]) -> str:
    servers = "\n".join(f"    server engine-{n} 127.0.0.1:{p} check" for n, p in enumerate(engines, 1))
    return f"""
defaults
    mode http
    timeout connect 5s
    timeout client 120s
    timeout server 120s
    retries 3
    option redispatch
    default-server inter 2s fall 2 rise 1
frontend engines
    bind 127.0.0.1:{port}
    default_backend engine_replicas
backend engine_replicas
    balance roundrobin
    option httpchk GET /
{servers}
"""


class RoundRobin:
    """The load generator as its own balancer: each turn goes to the next engine."""

    def __init__(self, clients: list[EngineClient]):
        self.clients, self.turns = clients, itertools.count()

    def send(self, *args, **kwargs):
        return self.clients[next(self.turns) % len(self.clients)].send(*args, **kwargs)


def balance(settings, engines: int, folder: Path) -> tuple[Callable, list[subprocess.Popen], str]:
    """(a new client for each user, processes started for it, how turns reach the engines)."""
    ports = [settings.engine_port + n for n in range(engines)]
    client_for = lambda port: EngineClient.for_settings(dataclasses.replace(settings, engine_port=port),
                                                        timeout=120)
    if engines == 1:
        return lambda: client_for(ports[0]), [], "direct"
    if not shutil.which("haproxy"):
        return lambda: RoundRobin([client_for(port) for port in ports]), [], "load generator round robin"
    (folder / "haproxy.cfg").write_text(haproxy_config(BALANCER_PORT, ports))
    haproxy = subprocess.Popen(["haproxy", "-db", "-f", str(folder / "haproxy.cfg")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until(client_for(BALANCER_PORT).engine_ready, [], timeout=30)
    return lambda: client_for(BALANCER_PORT), [haproxy], "HAProxy round robin"


def measure(as_shipped: bool, engines: int, users: int) -> dict:
    url, cleanup = fresh_database("postgresql")
    settings = bench_settings(url, ENGINE_PORT, ACTIONS_PORT, redis_url=REDIS_URL if engines > 1 else None)
    probe_log = settings.data_dir / "requests.jsonl"
    probe_log.touch()
    children, others = [start_actions_probed(settings, probe_log, parts="requests")], []
    try:
        wait_until(EngineClient.for_settings(settings).actions_ready, children, timeout=60)
        children += start_engines(settings, as_shipped, engines)
        clients, others, balancing = balance(settings, engines, settings.data_dir)
        run_users(clients, 1, Load(), "warm")  # first-use costs (date parsing, caches) out of the way
        _, offset = read_records(probe_log, 0)
        pids = {child.name: child.process.pid for child in children}
        cpu_before, busy_before = {name: cpu_ms(pid) for name, pid in pids.items()}, machine_busy_ms()
        load = Load()
        elapsed = run_users(clients, users, load, "load")
        turns = max(len(load.timings), 1)
        cpu = {name: round((cpu_ms(pid) - cpu_before[name]) / turns, 1) for name, pid in pids.items()}
        cores_busy = (machine_busy_ms() - busy_before) / 1000 / elapsed
        requests_seen = [r for r in read_records(probe_log, offset)[0] if r.get("part") == "action_request"]
    finally:
        for process in others:
            process.terminate()
            process.wait(10)
        stop_all(children)
        cleanup()
    ordered = sorted(load.timings) or [0.0]
    return {
        "users": users, "turns": len(load.timings), "seconds": round(elapsed, 1),
        "turns_per_s": round(len(load.timings) / elapsed, 2),
        "p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "errors": len(load.errors), "error_samples": load.errors[:5], "fallback_replies": load.fallbacks,
        "action_requests_per_turn": round(len(requests_seen) / turns, 2),
        "action_request_bytes_per_turn": round(sum(r["bytes_in"] for r in requests_seen) / turns),
        "cpu_ms_per_turn": cpu, "machine_cores_busy": round(cores_busy, 2), "balancing": balancing,
    }


def machine_busy_ms() -> float:
    """CPU time all cores have spent busy since boot (/proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) * 1000 / os.sysconf("SC_CLK_TCK")


def throughput_benchmark(users: int = 50) -> dict:
    results = {"users": users, "turns_per_user": len(COACHING), "setups": {}}
    for name, (as_shipped, engines) in SETUPS.items():
        results["setups"][name] = measure(as_shipped, engines, users)
        print(f"throughput {name}: {results['setups'][name]}", flush=True)
    baseline = results["setups"]["as shipped, 1 engine"]["turns_per_s"]
    for setup in results["setups"].values():
        setup["x_baseline"] = round(setup["turns_per_s"] / baseline, 2) if baseline else None
    return results


def markdown(results: dict) -> list[str]:
    lines = ["## Throughput: turns per second at 50 users", "",
             f"{results['users']} users at once, each holding the {results['turns_per_user']}-turn coaching "
             "conversation (bench/stacks.py) through the engine's REST channel with signed identities, as the "
             "Slack app sends them; PostgreSQL for the store and the tracker store; one action server. Setups "
             "measured one after another in the same run (bench/throughput.py). CPU per turn is each process's "
             "own (/proc); *cores busy* is the whole machine's, load generator and PostgreSQL included "
             "(2 cores).", "",
             "| setup | turns/s | x as shipped | p50 ms | p95 ms | errors | action calls/turn | "
             "bytes to action server/turn | CPU ms/turn | cores busy |", "|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in results["setups"].items():
        cpu = ", ".join(f"{k} {v}" for k, v in r["cpu_ms_per_turn"].items())
        lines.append(f"| {name} ({r['balancing']}) | {r['turns_per_s']} | {r['x_baseline']} | {r['p50_ms']} | "
                     f"{r['p95_ms']} | {r['errors']} | {r['action_requests_per_turn']} | "
                     f"{r['action_request_bytes_per_turn']} | {cpu} | {r['machine_cores_busy']} |")
    return lines + ["", verdict(results), ""]


def verdict(results: dict) -> str:
    """Whether the issue's target holds: at least 2x as shipped, with 0 errors."""
    setups = {name: r for name, r in results["setups"].items() if not name.startswith("as shipped")}
    met = all(r["x_baseline"] and r["x_baseline"] >= 2 and r["errors"] == 0 for r in setups.values())
    figures = "; ".join(f"{name} {r['x_baseline']}x with {r['errors']} errors" for name, r in setups.items())
    return f"Target, at least 2x the turns per second as shipped with 0 errors: {'met' if met else 'NOT met'} ({figures})."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    args = parser.parse_args()
    results = throughput_benchmark(args.users)
    print(json.dumps(results, indent=1))
    print("\n".join(markdown(results)))


if __name__ == "__main__":
    main()
