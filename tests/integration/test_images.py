"""The built images, run: the engine image (model trained at build time, reading
deploy/endpoints.yml from the environment, as in docker-compose.yml) and the app
image as its action server, on a PostgreSQL database of their own. Needs a Docker
engine and `make images`; skipped, saying which is missing, otherwise."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid

import pytest
import requests
import sqlalchemy

from bot import identity
from bot.config import PROJECT_ROOT
from tests.support.postgres import POSTGRES_SERVER

pytestmark = pytest.mark.integration
IMAGES = ("partnership-coach-engine", "partnership-coach-app")
ENGINE_PORT, ACTIONS_PORT = 5205, 5255
SECRETS = {"COACH_ENGINE_TOKEN": "images-engine-token", "COACH_ACTIONS_TOKEN": "images-actions-token",
           "COACH_IDENTITY_SECRET": "images-identity-secret"}


def secrets(*names: str) -> list[str]:
    return [arg for name in names for arg in ("-e", f"{name}={SECRETS[name]}")]


def docker(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=120, check=check)


def missing() -> str | None:
    if not shutil.which("docker") or subprocess.run(["docker", "info"], capture_output=True).returncode != 0:
        return "no Docker engine is running here"
    absent = [image for image in IMAGES if docker("image", "inspect", image, check=False).returncode != 0]
    return f"images not built ({', '.join(absent)}): run make images" if absent else None


@pytest.fixture(scope="module")
def database():
    """A PostgreSQL database for the containers (they connect over the host network)."""
    name = f"coach_images_{uuid.uuid4().hex[:8]}"
    server = sqlalchemy.create_engine(POSTGRES_SERVER, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sqlalchemy.text(f"CREATE DATABASE {name}"))
    yield name
    with server.connect() as connection:
        connection.execute(sqlalchemy.text(f"DROP DATABASE {name} WITH (FORCE)"))
    server.dispose()


@pytest.mark.skipif(missing() is not None, reason=missing() or "")
def test_the_images_hold_a_conversation_as_a_non_root_user(database):
    url = sqlalchemy.engine.make_url(POSTGRES_SERVER)
    run = ["run", "-d", "--rm", "--network", "host"]
    actions = docker(*run, "-e", f"DATABASE_URL={url.set(database=database).render_as_string(False)}",
                     *secrets("COACH_ACTIONS_TOKEN", "COACH_IDENTITY_SECRET"),
                     "partnership-coach-app", "python", "-m", "bot.action_server",
                     "--host", "127.0.0.1", "--port", str(ACTIONS_PORT)).stdout.strip()
    engine = docker(*run, "-v", f"{PROJECT_ROOT / 'deploy' / 'endpoints.yml'}:/coach/endpoints.yml:ro",
                    "-e", f"ACTIONS_URL=http://127.0.0.1:{ACTIONS_PORT}", "-e", f"POSTGRES_HOST={url.host}",
                    "-e", f"POSTGRES_DB={database}", "-e", f"POSTGRES_USER={url.username}",
                    "-e", "POSTGRES_PASSWORD=unused-with-trust-auth", "-e", "REDIS_HOST=127.0.0.1",
                    *secrets("COACH_ACTIONS_TOKEN"), "partnership-coach-engine", "rasa", "run", "--enable-api",
                    f"--auth-token={SECRETS['COACH_ENGINE_TOKEN']}", "--model", "models/coach.tar.gz",
                    "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
                    "--port", str(ENGINE_PORT)).stdout.strip()
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{ENGINE_PORT}/status", timeout=2,
                                params={"token": SECRETS["COACH_ENGINE_TOKEN"]}).ok:
                    break
            except requests.RequestException:
                time.sleep(1)
        replies = requests.post(f"http://127.0.0.1:{ENGINE_PORT}/webhooks/rest/webhook", timeout=60, json={
            "sender": "T9:UIMAGE", "message": "I want to start a partnership with Mercy Hospital",
            "metadata": identity.sign({"team": "T9", "user": "UIMAGE", "tz": "America/Chicago"},
                                      SECRETS["COACH_IDENTITY_SECRET"])}).json()
        assert "Step 1 of 9: The common problem" in "\n".join(r.get("text", "") for r in replies)
        assert [docker("exec", c, "id", "-u").stdout.strip() for c in (engine, actions)] == ["10001", "10001"]
        stored = sqlalchemy.create_engine(url.set(database=database))
        with stored.connect() as connection:
            assert connection.execute(sqlalchemy.text("SELECT name FROM partnerships")).scalars().all() == \
                ["Mercy Hospital"]
            assert connection.execute(sqlalchemy.text("SELECT count(*) FROM events")).scalar() > 0  # Rasa's tracker
        stored.dispose()
    finally:
        docker("rm", "-f", engine, actions, check=False)
