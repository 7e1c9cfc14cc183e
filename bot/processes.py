"""Starting, watching and stopping the engine, the action server and the Slack app.

Each child runs in its own process group, so stopping it stops everything it spawned;
nothing is left running when `coach chat` or `coach up` ends."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from sqlalchemy.engine import make_url

from bot.config import PROJECT_ROOT, Settings
from bot.training import ensure_model, model_path, rasa_executable, tail

PR_SET_PDEATHSIG = 1


@dataclass
class Child:
    name: str
    process: subprocess.Popen
    log_path: Path

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, grace: float = 10.0) -> None:
        if not self.alive():
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass


class StartupFailed(RuntimeError):
    pass


def tracker_store_config(database_url: str, data_dir: Path) -> dict:
    """Rasa's SQL tracker store: on PostgreSQL in our database (its own `events` table);
    on SQLite in a file of its own beside ours, so the two processes never wait on
    each other's write lock."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        ours = Path(url.database) if url.database else data_dir / "coach.db"
        return {"type": "SQL", "dialect": "sqlite", "db": str(ours.with_name("tracker.db"))}
    config = {"type": "SQL", "dialect": "postgresql", "url": url.host or "127.0.0.1",
              "port": url.port or 5432, "db": url.database, "username": url.username or "postgres"}
    if url.password:
        config["password"] = url.password
    if url.query.get("options"):
        config["query"] = {"options": url.query["options"]}
    return config


def lock_store_config(redis_url: str) -> dict:
    """Rasa's Redis lock store, so several engine replicas never process two messages
    of one conversation at once or out of order."""
    url = urlsplit(redis_url)
    config = {"type": "redis", "url": url.hostname or "127.0.0.1", "port": url.port or 6379,
              "db": int((url.path or "/1").strip("/") or 1), "key_prefix": "coach"}
    if url.password:
        config["password"] = url.password
    return config


def write_endpoints(settings: Settings, as_shipped: bool = False) -> Path:
    """The engine's endpoints file. Only the form validators (validate_*) are sent the
    domain: the other actions never read it, and it was most of every call's bytes.
    `as_shipped`: as before the benchmark's tuning (bench/throughput.py's baseline)."""
    endpoints = {
        "action_endpoint": {"url": f"{settings.actions_url}/webhook", "token": settings.actions_token,
                            "enable_selective_domain": not as_shipped},
        "tracker_store": tracker_store_config(settings.database_url, settings.data_dir),
    }
    if settings.redis_url:
        endpoints["lock_store"] = lock_store_config(settings.redis_url)
    path = settings.data_dir / f"endpoints-{urlsplit(settings.engine_url).port or settings.engine_port}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)  # it holds the actions token
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    return path


def child_env(settings: Settings) -> dict:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "DATABASE_URL": settings.database_url,
            "COACH_DATA_DIR": str(settings.data_dir), "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "TF_CPP_MIN_LOG_LEVEL": "2"}


def _die_with_parent() -> None:
    """Ask Linux to SIGTERM the child when its parent dies, even by SIGKILL."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:  # not Linux: the signal handlers in the parent still stop children
        pass


def spawn(name: str, command: list[str], settings: Settings) -> Child:
    log_path = settings.data_dir / "logs" / f"{name}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "ab")
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=child_env(settings), stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True,
                               preexec_fn=_die_with_parent)
    return Child(name, process, log_path)


def start_actions(settings: Settings) -> Child:
    port = urlsplit(settings.actions_url).port or settings.actions_port
    return spawn("actions", [sys.executable, "-m", "bot.action_server", "--host", settings.bind_host,
                             "--port", str(port)], settings)


def engine_python() -> Path:
    return rasa_executable().parent / "python"


def engine_command(settings: Settings, model: Path, as_shipped: bool = False) -> list[str]:
    """`rasa run` through bot/engine_runtime.py (Rasa with its per-call waste removed);
    `as_shipped`: plain `rasa run` with the endpoints as they were (benchmark baseline)."""
    port = urlsplit(settings.engine_url).port or settings.engine_port
    launcher = [str(rasa_executable())] if as_shipped else [str(engine_python()), "-m", "bot.engine_runtime"]
    return launcher + [
        "run", "--enable-api", "--model", str(model),
        "--endpoints", str(write_endpoints(settings, as_shipped)), "--credentials", str(PROJECT_ROOT / "credentials.yml"),
        "--interface", settings.bind_host, "--port", str(port),
        f"--auth-token={settings.engine_token}",  # "=": a token may start with "-"
    ]


def start_engine(settings: Settings, model: Path, as_shipped: bool = False) -> Child:
    return spawn("engine", engine_command(settings, model, as_shipped), settings)


def start_slack(settings: Settings) -> Child:
    return spawn("slack", [sys.executable, "-m", "bot.slack", "--port", str(settings.slack_port)], settings)


def wait_until(ready: Callable[[], bool], children: list[Child], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in children:
            if not child.alive():
                raise StartupFailed(f"the {child.name} process exited. The end of {child.log_path}:\n"
                                    f"{tail(child.log_path)}")
        if ready():
            return
        time.sleep(0.5)
    if not children:
        raise StartupFailed(f"not ready after {timeout:.0f}s")
    last = children[-1]
    raise StartupFailed(f"the {last.name} was not ready after {timeout:.0f}s. The end of {last.log_path}:\n"
                        f"{tail(last.log_path)}")


# Which setting moves each port, for the message when one is taken.
PORT_SETTINGS = {"actions": "ACTIONS_PORT", "engine": "ENGINE_PORT", "slack": "SLACK_PORT"}


def port_taken(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1" if host in ("0.0.0.0", "") else host, port)) == 0


def check_port_free(name: str, host: str, port: int) -> None:
    if port_taken(host, port):
        raise StartupFailed(f"port {port} (the {name}) is already in use, perhaps by another coach. Stop that, "
                            f"or choose another port: {PORT_SETTINGS[name]}={port + 1} make chat")


def stop_all(children: list[Child]) -> None:
    for child in reversed(children):
        child.stop()


def stop_on_signals() -> None:
    """Turn SIGTERM and SIGHUP (terminal closed) into a normal exit and Ctrl-C into
    KeyboardInterrupt, so `finally` blocks stop the children."""
    def _exit(signum, _frame):
        raise SystemExit(128 + signum)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit)
    # A shell starting us in the background sets SIGINT to "ignore"; Ctrl-C must still stop us.
    signal.signal(signal.SIGINT, signal.default_int_handler)


def start_stack(settings: Settings, client, with_slack: bool = False, timeout: float = 240,
                step: Callable | None = None) -> list[Child]:
    """Start the action server and engine (and Slack), wait for their health checks;
    `step(label)` is told of each step as a context manager (the CLI shows and times them)."""
    step = step or (lambda label: contextlib.nullcontext())
    actions_port = urlsplit(settings.actions_url).port or settings.actions_port
    engine_port = urlsplit(settings.engine_url).port or settings.engine_port
    check_port_free("actions", settings.bind_host, actions_port)
    check_port_free("engine", settings.bind_host, engine_port)
    if with_slack:
        check_port_free("slack", "127.0.0.1", settings.slack_port)
    model = model_path()
    if not model.exists():
        with step("Training the dialogue model (the first time takes a few minutes)"):
            ensure_model(log_path=settings.data_dir / "logs" / "train.log")
    children: list[Child] = []
    try:
        with step("Starting the action server"):
            children.append(start_actions(settings))
            wait_until(client.actions_ready, children, timeout=60)
        with step("Starting the coaching engine (loading the model)"):
            children.append(start_engine(settings, model))
            wait_until(client.engine_ready, children, timeout=timeout)
        if with_slack:
            with step("Starting the Slack app"):
                children.append(start_slack(settings))
    except BaseException:
        stop_all(children)
        raise
    return children


class GaveUp(RuntimeError):
    """A child kept crashing: restarting it again would only hide the problem."""


@dataclass
class Supervised:
    """A child, how to start it again, and how it has been doing."""

    child: Child
    start: Callable[[], Child]
    crashes: int = 0
    started: float = 0.0
    restart_at: float | None = None


# Seconds to wait before each restart of a child that keeps crashing; after the last, give up.
BACKOFF = (1, 2, 5, 15, 30)
STABLE_AFTER = 120  # a child that ran this long before exiting starts its count afresh


def supervise(watched: list[Supervised], say: Callable[[str], None], backoff=BACKOFF,
              stable_after: float = STABLE_AFTER, now: float | None = None) -> None:
    """One look at every child: a crashed one is restarted after a growing pause while the
    others keep serving; GaveUp when one has crashed len(backoff) times in a row."""
    now = time.monotonic() if now is None else now
    for entry in watched:
        if entry.child.alive():
            continue
        if entry.restart_at is None:
            entry.crashes = 1 if now - entry.started >= stable_after else entry.crashes + 1
            if entry.crashes > len(backoff):
                raise GaveUp(f"the {entry.child.name} process crashed {entry.crashes} times in a row; "
                             f"see {entry.child.log_path}")
            pause = backoff[entry.crashes - 1]
            entry.restart_at = now + pause
            say(f"{entry.child.name} exited (code {entry.child.process.returncode}); restarting in {pause}s "
                f"(crash {entry.crashes} of {len(backoff)}); see {entry.child.log_path}")
        elif now >= entry.restart_at:
            entry.child, entry.started, entry.restart_at = entry.start(), now, None
            say(f"{entry.child.name} restarted")
