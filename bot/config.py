"""Settings read from the environment, with the defaults of the embedded setup."""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _data_dir() -> Path:
    return Path(os.environ.get("COACH_DATA_DIR", PROJECT_ROOT / "data"))


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    engine_port: int
    actions_port: int
    slack_port: int
    timezone: str | None
    redis_url: str | None = None  # Rasa's lock store, when engine replicas share conversations
    bind_host: str = "127.0.0.1"  # where the engine and action server listen; containers need 0.0.0.0

    @property
    def engine_url(self) -> str:
        return os.environ.get("ENGINE_URL", f"http://127.0.0.1:{self.engine_port}")

    @property
    def actions_url(self) -> str:
        return os.environ.get("ACTIONS_URL", f"http://127.0.0.1:{self.actions_port}")

    # The three shared secrets (README, "Security model"): from the environment, else
    # generated once into the data folder, so processes started from it agree.
    @property
    def identity_secret(self) -> str:
        return os.environ.get("COACH_IDENTITY_SECRET") or local_secret(self.data_dir, "identity_secret")

    @property
    def actions_token(self) -> str:
        return os.environ.get("COACH_ACTIONS_TOKEN") or local_secret(self.data_dir, "actions_token")

    @property
    def engine_token(self) -> str:
        return os.environ.get("COACH_ENGINE_TOKEN") or local_secret(self.data_dir, "engine_token")


SECRET_NAMES = ("identity_secret", "actions_token", "engine_token")


def local_secret(data_dir: Path, name: str) -> str:
    return _local_secrets(data_dir.resolve())[name]


@lru_cache(maxsize=None)
def _local_secrets(data_dir: Path) -> dict:
    """<data_dir>/secrets.json, created (mode 0600) on first use. Created whole and
    linked into place, so processes starting at once all end up with the same one."""
    path = data_dir / "secrets.json"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        descriptor, draft = tempfile.mkstemp(dir=data_dir, prefix=".secrets-")  # mode 0600
        with os.fdopen(descriptor, "w") as out:
            json.dump({name: secrets.token_hex(32) for name in SECRET_NAMES}, out)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process was first: use theirs
        finally:
            os.unlink(draft)
    return json.loads(path.read_text())


def load() -> Settings:
    data_dir = _data_dir()
    return Settings(
        data_dir=data_dir,
        database_url=os.environ.get("DATABASE_URL", f"sqlite:///{data_dir / 'coach.db'}"),
        engine_port=int(os.environ.get("ENGINE_PORT", "5005")),
        actions_port=int(os.environ.get("ACTIONS_PORT", "5055")),
        slack_port=int(os.environ.get("SLACK_PORT", "3000")),
        timezone=os.environ.get("COACH_TZ"),
        redis_url=os.environ.get("REDIS_URL"),
        bind_host=os.environ.get("COACH_BIND_HOST", "127.0.0.1"),
    )
