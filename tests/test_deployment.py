"""The deployment files agree with each other and with the code: docker-compose.yml
builds the Dockerfile's targets from pinned bases as a non-root user, the load balancer
fronts the replicas compose runs, and the engine's endpoints file is one Rasa reads.
`docker compose config` (or Debian's `docker-compose config`) validates the compose
file where either is installed; tests/integration/test_images.py runs the built images."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.training import rasa_executable

COMPOSE = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text()
HAPROXY = (PROJECT_ROOT / "deploy" / "haproxy.cfg").read_text()
SERVICES = COMPOSE["services"]


def test_the_stack_has_what_the_scale_path_names():
    assert {"postgres", "redis", "engine-1", "engine-2", "actions-1", "actions-2", "lb", "slack"} <= set(SERVICES)


def test_every_build_target_is_a_stage_of_the_dockerfile_run_as_a_non_root_user():
    stages = re.split(r"^FROM ", DOCKERFILE, flags=re.M)[1:]
    by_name = {re.match(r"\S+ AS (\w+)", stage).group(1): stage for stage in stages}
    for name, service in SERVICES.items():
        if "build" in service:
            target = service["build"]["target"]
            assert target in by_name, f"{name} builds unknown target {target}"
            assert re.search(r"^USER (?!root)\w+", by_name[target], re.M), f"{target} runs as root"


def test_every_base_image_is_pinned_to_a_version():
    defaults = dict(re.findall(r"^ARG (\w+)=(\S+)", DOCKERFILE, re.M))
    bases = [re.sub(r"\$\{(\w+)\}", lambda arg: defaults[arg.group(1)], base)
             for base in re.findall(r"^FROM (\S+)", DOCKERFILE, re.M)]
    images = [s["image"] for s in SERVICES.values() if "build" not in s]
    for image in bases + images:
        assert re.search(r":\d+\.\d+", image), f"{image} is not pinned to a version"


def test_the_load_balancer_fronts_the_replicas_compose_runs():
    servers = re.findall(r"^\s*server (\S+) (\S+):(\d+)", HAPROXY, re.M)
    assert {name for name, _, _ in servers} == {"engine-1", "engine-2", "actions-1", "actions-2"}
    assert all(host in SERVICES for _, host, _ in servers)
    assert SERVICES["slack"]["environment"]["ENGINE_URL"] == "http://lb:5005"
    assert SERVICES["engine-1"]["environment"]["ACTIONS_URL"] == "http://lb:5055"


def test_the_app_services_set_the_variables_the_code_reads():
    config_source = (PROJECT_ROOT / "bot" / "config.py").read_text()
    for name in ("actions-1", "slack"):
        for variable in SERVICES[name]["environment"]:
            if not variable.startswith("SLACK_"):
                assert f'"{variable}"' in config_source, f"{name} sets {variable}, which bot/config.py never reads"


def test_every_service_gets_its_secrets_from_the_environment_and_demands_them():
    """Tokens and the identity secret come from the operator, never from the files
    (README, "Security model"); compose refuses to start without them."""
    needs = {"engine-1": ("COACH_ACTIONS_TOKEN", "COACH_ENGINE_TOKEN"),
             "actions-1": ("COACH_ACTIONS_TOKEN", "COACH_IDENTITY_SECRET"),
             "slack": ("COACH_ENGINE_TOKEN", "COACH_IDENTITY_SECRET")}
    for service, names in needs.items():
        for name in names:
            assert SERVICES[service]["environment"][name] == f"${{{name}:?set {name}}}", f"{service} {name}"
    assert "COACH_IDENTITY_SECRET" not in SERVICES["engine-1"]["environment"]  # the engine never signs


def test_the_images_ask_for_their_tokens_and_listen_on_the_container_network():
    engine, app = re.split(r"^FROM ", DOCKERFILE, flags=re.M)[1:]
    assert '--auth-token="${COACH_ENGINE_TOKEN:?set COACH_ENGINE_TOKEN}"' in engine
    assert '--interface "$COACH_BIND_HOST"' in engine
    # the image trains with our intent classifier and runs the engine without Rasa's per-call waste
    assert "bot/intent_classifier.py" in engine and "CMD exec python -m bot.engine_runtime run" in engine
    assert re.search(r'^CMD \["python", "-m", "bot.action_server"', app, re.M)
    assert all("COACH_BIND_HOST=0.0.0.0" in stage for stage in (engine, app))


def test_rasa_reads_the_engines_endpoints_file(tmp_path):
    """The engine image's endpoints, with compose's environment, as Rasa itself loads them."""
    environment = {**os.environ, **{k: str(v) for k, v in SERVICES["engine-1"]["environment"].items()},
                   "POSTGRES_PASSWORD": "secret", "COACH_ACTIONS_TOKEN": "actions-token"}
    engine_python = rasa_executable().parent / "python"
    script = ("import sys; from rasa.core.utils import AvailableEndpoints as E; "
              "e = E.read_endpoints(sys.argv[1]); "
              "print(e.action.url, e.action.token, e.tracker_store.type, e.tracker_store.kwargs['dialect'], "
              "e.lock_store.type)")
    result = subprocess.run([str(engine_python), "-c", script, str(PROJECT_ROOT / "deploy" / "endpoints.yml")],
                            capture_output=True, text=True, env=environment, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["http://lb:5055/webhook", "actions-token", "SQL", "postgresql", "redis"]


def compose_command() -> list[str] | None:
    """`docker compose` (the plugin) or `docker-compose` (Debian's package), whichever is here."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    return [shutil.which("docker-compose")] if shutil.which("docker-compose") else None


@pytest.mark.skipif(compose_command() is None, reason="neither docker compose nor docker-compose is installed")
def test_docker_compose_config_accepts_the_file_and_demands_the_secrets():
    config = [*compose_command(), "config", "-q"]
    secrets = {"POSTGRES_PASSWORD": "x", "SLACK_BOT_TOKEN": "xoxb-x", "COACH_ENGINE_TOKEN": "e",
               "COACH_ACTIONS_TOKEN": "a", "COACH_IDENTITY_SECRET": "i"}
    result = subprocess.run(config, cwd=PROJECT_ROOT, capture_output=True, text=True,
                            env={**os.environ, **secrets}, timeout=60)
    assert result.returncode == 0, result.stderr
    without = {k: v for k, v in os.environ.items() if k not in secrets}
    missing = subprocess.run(config, cwd=PROJECT_ROOT, capture_output=True, text=True, env=without, timeout=60)
    assert missing.returncode != 0 and re.search(r"set (POSTGRES_PASSWORD|COACH_\w+)", missing.stderr)


@pytest.mark.skipif(shutil.which("haproxy") is None, reason="HAProxy is not installed (Debian package haproxy)")
def test_haproxy_accepts_the_load_balancer_config():
    result = subprocess.run(["haproxy", "-c", "-f", str(PROJECT_ROOT / "deploy" / "haproxy.cfg")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
