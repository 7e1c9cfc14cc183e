"""What the benchmarks share: a fresh database, an engine + action server (as shipped or
tuned, with or without the probes of bench/profile.py), a realistic coaching
conversation, and a process's CPU time."""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import sys
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from bot import config
from bot.engine_client import EngineClient
from bot.processes import Child, engine_command, engine_python, spawn, stop_all, wait_until
from bot.training import ensure_model

# A supervisor starting a partnership and working through its first steps, then a
# commitment, the commitments list and a question to the knowledge base: the form turns
# that make up most of a coaching conversation, and the other kinds of turn beside them.
COACHING = [
    "hello",
    "chief wants me to set up a partnership with mercy hospital on repeat mental health crisis calls",
    "1,150 crisis calls to the mercy ER last yr per CAD, officers wait 3.5 hrs per handoff, ER director agreed",
    "formal partnership, we decide together under an MOU, long term, neither of us can fix it alone",
    "Mercy Hospital ER, contact Dr Okafor, needs shorter handoffs",
    "done",
    "ER handoff time from 3.5 hrs to 1 hr by june 2027",
    "done",
    "move on",
    "I'll call the principal by Friday",
    "what have I committed to?",
    "what makes a partnership work?",
    "thanks",
]


@functools.lru_cache(maxsize=1)
def bench_model() -> Path:
    """The model every stack of a run uses: trained once, even if nlu/ changes during the run."""
    return ensure_model()


def rss_mb(pid: int) -> float:
    """Resident memory of a process, MB (/proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def fresh_database(backend: str) -> tuple[str, callable]:
    """(URL of an empty database, cleanup): a new SQLite file, or a new PostgreSQL schema."""
    import sqlalchemy
    if backend == "sqlite":
        folder = tempfile.mkdtemp(prefix="coach-bench-db-")
        return f"sqlite:///{folder}/bench.db", lambda: None
    server = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    schema = f"coach_bench_{uuid.uuid4().hex[:8]}"
    engine = sqlalchemy.create_engine(server)
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))

    def cleanup():
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()
    return f"{server}?options=-csearch_path%3D{schema}", cleanup


def bench_settings(database_url: str, engine_port: int, actions_port: int, redis_url: str | None = None,
                   data_dir: Path | None = None) -> config.Settings:
    data_dir = data_dir or Path(tempfile.mkdtemp(prefix="coach-bench-"))
    return dataclasses.replace(config.load(), data_dir=data_dir, database_url=database_url,
                               engine_port=engine_port, actions_port=actions_port, redis_url=redis_url)


def cpu_ms(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


@contextmanager
def probe_environment(probe_log: Path, parts: str = "all"):
    """What the probes of processes spawned inside the block read: where to write, what to time."""
    saved = {name: os.environ.get(name) for name in ("COACH_PROBE_LOG", "COACH_PROBE_PARTS")}
    os.environ.update(COACH_PROBE_LOG=str(probe_log), COACH_PROBE_PARTS=parts)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def start_actions_probed(settings: config.Settings, probe_log: Path, parts: str = "all") -> Child:
    """The action server, recording each request (parts="requests": only their sizes)."""
    port = urlsplit(settings.actions_url).port or settings.actions_port
    with probe_environment(probe_log, parts):
        return spawn("actions", [sys.executable, "-m", "bench.actions_probe", "--host", settings.bind_host,
                                 "--port", str(port)], settings)


def start_engine_probed(settings: config.Settings, as_shipped: bool, probe_log: Path) -> Child:
    command = engine_command(settings, bench_model(), as_shipped)
    rasa_arguments = command[command.index("run"):]
    with probe_environment(probe_log):
        return spawn("engine", [str(engine_python()), "-m", "bench.engine_probe",
                                *(["--as-shipped"] if as_shipped else []), *rasa_arguments], settings)


def start_engines(settings: config.Settings, as_shipped: bool, engines: int) -> list[Child]:
    """`engines` engines on engine_port, engine_port + 1, ..., ready."""
    replicas = [dataclasses.replace(settings, engine_port=settings.engine_port + n) for n in range(engines)]
    children = [spawn(f"engine-{n + 1}", engine_command(replica, bench_model(), as_shipped), replica)
                for n, replica in enumerate(replicas)]
    try:
        for replica in replicas:
            wait_until(EngineClient.for_settings(replica).engine_ready, children, timeout=300)
    except BaseException:
        stop_all(children)
        raise
    return children


def start_probed_stack(settings: config.Settings, as_shipped: bool, probe_log: Path) -> list[Child]:
    """The action server and an engine, both recording into probe_log; [actions, engine]."""
    children = [start_actions_probed(settings, probe_log)]
    try:
        client = EngineClient.for_settings(settings)
        wait_until(client.actions_ready, children, timeout=60)
        children.append(start_engine_probed(settings, as_shipped, probe_log))
        wait_until(client.engine_ready, children, timeout=300)
    except BaseException:
        stop_all(children)
        raise
    return children


def read_records(path: Path, offset: int) -> tuple[list[dict], int]:
    """The probe records written to `path` after byte `offset`, and the new offset."""
    with open(path, "rb") as log:
        log.seek(offset)
        data = log.read()
    complete = data[: data.rfind(b"\n") + 1]
    return [json.loads(line) for line in complete.splitlines() if line.strip()], offset + len(complete)


def user_metadata(workspace: str, user: str) -> dict:
    return {"team": workspace, "user": user, "user_name": "Sgt. Bench", "tz": "America/Chicago"}
