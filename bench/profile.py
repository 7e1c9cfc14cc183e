"""Where a coaching turn's time goes (`make bench`, section "profile").

One supervisor at a time holds the coaching conversation of bench/stacks.py (COACHING)
with an engine and action server that time themselves (bench/engine_probe.py,
bench/actions_probe.py): the engine's NLU, policies, tracker store load and save, lock,
and each action server call (building the request, the HTTP round trip, checking the
answer); inside the action server, the request as a whole, our action code, and its
database queries. The same conversation runs against the engine as shipped (plain
`rasa run`, the whole domain in every action call) and as tuned, on SQLite and on
PostgreSQL. The first conversation of each stack warms it up and is not counted.

    python -m bench.profile [--rounds 3] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import uuid
from collections import defaultdict
from pathlib import Path

from bench.stacks import COACHING, bench_settings, cpu_ms, fresh_database, read_records, start_probed_stack, user_metadata
from bot.engine_client import EngineClient
from bot.processes import stop_all

ENGINE_PORT, ACTIONS_PORT = 5705, 5755
SETUPS = {"as shipped": True, "tuned": False}  # name -> as_shipped


def turn_breakdown(client_ms: float, records: list[dict]) -> dict:
    """One turn's figures from its probe records (ms unless named otherwise)."""
    parts: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    figures: dict[str, float] = dict.fromkeys(
        ("request_bytes", "request_events", "queries", "query_ms", "person_lookups", "settings_loads",
         "knowledge_loads", "q_select", "q_write"), 0.0)
    for r in records:
        key = f"{r['proc']}:{r['part']}"
        parts[key] += r["ms"]
        parts[key + ":cpu"] += r["cpu_ms"]
        calls[key] += 1
        if r["part"] == "action_request_build":
            figures["request_bytes"] += r["bytes"]
            figures["request_events"] += r["events"]
        if r["part"] == "action_code":
            for name in ("queries", "query_ms", "person_lookups", "settings_loads", "knowledge_loads"):
                figures[name] += r.get(name, 0)
            figures["q_select"] += r.get("q_select", 0)
            figures["q_write"] += r.get("q_insert", 0) + r.get("q_update", 0) + r.get("q_delete", 0)
    engine_parts = ("engine:nlu", "engine:policies", "engine:tracker_load", "engine:tracker_save", "engine:lock",
                    "engine:remote_action")
    timed = {"engine_turn": "engine:engine_turn", "nlu": "engine:nlu", "policies": "engine:policies",
             "tracker_load": "engine:tracker_load", "tracker_save": "engine:tracker_save", "lock": "engine:lock",
             "action_calls_engine": "engine:remote_action", "action_request_build": "engine:action_request_build",
             "action_round_trip": "engine:action_http", "action_response_check": "engine:action_response_check",
             "action_server_request": "actions:action_request", "action_code": "actions:action_code"}
    figures.update({f"{name}_ms": parts[part] for name, part in timed.items()})
    figures.update({f"{name}_cpu_ms": parts[part + ":cpu"] for name, part in timed.items()})
    figures["engine_other_ms"] = parts["engine:engine_turn"] - sum(parts[p] for p in engine_parts)
    figures["engine_other_cpu_ms"] = parts["engine:engine_turn:cpu"] - sum(parts[p + ":cpu"] for p in engine_parts)
    return {"client_ms": client_ms, "policy_runs": calls["engine:policies"],
            "action_calls": calls["engine:remote_action"], **figures}


# (label, key) for the report's table, in the order a turn happens; "wall (CPU)" where a
# part has both. CPU is the process's own: the engine's, or the action server's.
ROWS = [
    ("Turn as the client sees it", "client"),
    ("Engine: whole turn", "engine_turn"),
    ("Engine: tracker store load", "tracker_load"),
    ("Engine: NLU parse", "nlu"),
    ("Engine: policy predictions", "policies"),
    ("Engine: policy predictions per turn", "policy_runs"),
    ("Engine: tracker store save", "tracker_save"),
    ("Engine: lock store", "lock"),
    ("Engine: rest of the turn", "engine_other"),
    ("Action calls per turn", "action_calls"),
    ("Action calls, engine side, all", "action_calls_engine"),
    ("- building the request", "action_request_build"),
    ("- HTTP round trip", "action_round_trip"),
    ("- checking the response", "action_response_check"),
    ("Action server: the requests", "action_server_request"),
    ("- our action code", "action_code"),
    ("- its database queries", "query"),
    ("Database queries per turn", "queries"),
    ("- of which writes", "q_write"),
    ("Person look-ups per turn", "person_lookups"),
    ("Settings loads per turn", "settings_loads"),
    ("Knowledge base loads per turn", "knowledge_loads"),
    ("Bytes sent to the action server per turn", "request_bytes"),
    ("Tracker events sent per turn", "request_events"),
    ("Engine process CPU per turn (/proc)", "engine_process_cpu"),
    ("Action server process CPU per turn (/proc)", "actions_process_cpu"),
]


def cell(summary: dict, key: str) -> str:
    if f"{key}_cpu_ms" in summary:
        return f"{summary[f'{key}_ms']:g} ({summary[f'{key}_cpu_ms']:g})"
    value = summary.get(f"{key}_ms", summary.get(key))
    return "" if value is None else f"{value:g}"


def converse(client: EngineClient, workspace: str, probe_log: Path, offset: int) -> tuple[list[dict], int]:
    user = f"U{uuid.uuid4().hex[:8]}"
    sender, metadata = f"{workspace}:{user}", user_metadata(workspace, user)
    turns = []
    for line, text in enumerate(COACHING, 1):
        started = time.perf_counter()
        client.send(sender, text, {**metadata, "message_id": uuid.uuid4().hex})
        client_ms = (time.perf_counter() - started) * 1000
        time.sleep(0.05)  # the probes' last lines are written as the reply goes out
        records, offset = read_records(probe_log, offset)
        turns.append({"text": f"{line}. {text}", **turn_breakdown(client_ms, records)})
    return turns, offset


def profile_setup(backend: str, as_shipped: bool, rounds: int) -> dict:
    url, cleanup = fresh_database(backend)
    settings = bench_settings(url, ENGINE_PORT, ACTIONS_PORT)
    probe_log = settings.data_dir / "probe.jsonl"
    probe_log.touch()
    children = start_probed_stack(settings, as_shipped, probe_log)
    try:
        client = EngineClient.for_settings(settings, timeout=120)
        _, offset = converse(client, "T-warm", probe_log, 0)
        actions, engine = children[0].process.pid, children[1].process.pid
        cpu_before = cpu_ms(engine), cpu_ms(actions)
        turns = []
        for n in range(rounds):
            conversation, offset = converse(client, f"T-profile{n}", probe_log, offset)
            turns += conversation
        engine_cpu = (cpu_ms(engine) - cpu_before[0]) / len(turns)
        actions_cpu = (cpu_ms(actions) - cpu_before[1]) / len(turns)
    finally:
        stop_all(children)
        cleanup()
    summary = {key: round(statistics.mean(t[key] for t in turns), 2) for key in turns[0] if key != "text"}
    summary = {key: round(value, 1 if abs(value) >= 10 else 2) for key, value in summary.items()}
    summary.update(engine_process_cpu_ms=round(engine_cpu, 1), actions_process_cpu_ms=round(actions_cpu, 1))
    return {"per_turn_mean": summary, "turns": len(turns), "by_text": by_text(turns)}


def by_text(turns: list[dict]) -> dict:
    """Median client ms and CPU, action calls, bytes and queries of each line of the conversation."""
    grouped = defaultdict(list)
    for t in turns:
        grouped[t["text"]].append(t)
    return {text: {"client_ms": round(statistics.median(t["client_ms"] for t in ts), 1),
                   "engine_cpu_ms": round(statistics.median(t["engine_turn_cpu_ms"] for t in ts), 1),
                   "actions_cpu_ms": round(statistics.median(t["action_server_request_cpu_ms"] for t in ts), 1),
                   "action_calls": ts[0]["action_calls"], "request_bytes": int(ts[0]["request_bytes"]),
                   "queries": ts[0]["queries"]}
            for text, ts in grouped.items()}


def profile_benchmark(backends: list[str], rounds: int = 3) -> dict:
    results = {"rounds": rounds, "turns_per_round": len(COACHING), "setups": {}}
    for backend in backends:
        for name, as_shipped in SETUPS.items():
            key = f"{backend}, {name}"
            results["setups"][key] = profile_setup(backend, as_shipped, rounds)
            print(f"profile {key}: {results['setups'][key]['per_turn_mean']}", flush=True)
    return results


def markdown(results: dict) -> list[str]:
    setups = results["setups"]
    lines = ["## Where a coaching turn's time goes", "",
             f"One supervisor at a time, {results['rounds']} conversations of {results['turns_per_round']} turns "
             "(bench/stacks.py, COACHING: greeting, starting a partnership, six step answers, a commitment, the "
             "commitments list, a knowledge question, thanks), after one to warm up. Mean per turn. "
             "*As shipped*: plain `rasa run`, the whole domain in every action call; *tuned*: through "
             "bot/engine_runtime.py, selective domain (bench/profile.py; the probes add a little time of "
             "their own).", "",
             "| per turn | " + " | ".join(setups) + " |", "|---|" + "---|" * len(setups)]
    for label, key in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(setups[s]["per_turn_mean"], key) for s in setups) + " |")
    tuned = next((s for s in setups if s.endswith("tuned")), None)
    if tuned:
        lines += ["", f"Each line of the conversation ({tuned}; medians): time as the client sees it, CPU of the "
                  "engine and of the action server, action calls, bytes sent to the action server, database "
                  "queries. The cost grows with the session: each action call carries the session's events "
                  "(about 10 more a turn), which the engine also loads, replays and featurizes every turn.", "",
                  "| said | ms | engine CPU ms | action server CPU ms | action calls | bytes | queries |",
                  "|---|---|---|---|---|---|---|"]
        for text, t in setups[tuned]["by_text"].items():
            lines.append(f"| {text[:52]} | {t['client_ms']} | {t['engine_cpu_ms']} | {t['actions_cpu_ms']} | "
                         f"{t['action_calls']} | {t['request_bytes']} | {t['queries']:g} |")
    return lines + ["", *WHAT_WAS_CUT, ""]


WHAT_WAS_CUT = [
    "What the tuned setup cuts, and why:",
    "",
    "- *Checking the response*: for every action call Rasa 3.6 runs `jsonschema.validate`, which first re-checks "
    "the constant response schema against JSON Schema's meta-schema; that was most of the engine's CPU. "
    "bot/engine_runtime.py checks the schema once; every response is still validated.",
    "- *Event class look-up*: Rasa finds each event's class by walking the tree of Event subclasses, for every "
    "event of every tracker load and action response; bot/engine_runtime.py remembers each type once found "
    "(part of *tracker store load* and of the action calls).",
    "- *One HTTP session per action endpoint*: Rasa opened a new HTTP session and TCP connection for every "
    "action call, and the action server accepted each; bot/engine_runtime.py keeps one per event loop "
    "(part of *HTTP round trip*, both sides).",
    "- *Session-start index*: the SQL tracker store looks for the latest session_started event of the sender "
    "twice a turn with only sender_id indexed, so it read the whole conversation; bot/engine_runtime.py adds an "
    "index on (sender_id, type_name, timestamp) (section \"A turn after a long conversation\").",
    "- *Selective domain*: only the form validators (validate_*) are sent the domain, the only actions that read "
    "it (bot/processes.py, endpoints.yml). Bytes per turn fall a little; the rest is the session's events.",
    "- *Person look-up* (both setups, bot/store/people.py): each action call found the person with two "
    "queries and a flush; now one query, and nothing written unless Slack gave new details.",
    "",
    "Checked and left: settings loads (about 25 microseconds each) and the knowledge base (loaded once per "
    "process) cost nothing worth cutting; the lock store is in memory for one engine; there is no event broker; "
    "the engine logs at INFO. Left for the action code (bot/actions): a form turn is two action calls "
    "(validate_coaching_form, then action_ask_step_answer), and a question during a step four (the form's "
    "validation, the answer, the form's validation again and its question).",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    results = profile_benchmark(args.backends.split(","), args.rounds)
    print(json.dumps(results, indent=1))
    print("\n".join(markdown(results)))


if __name__ == "__main__":
    main()
