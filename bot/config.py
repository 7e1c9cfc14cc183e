"""Settings read from the environment, with the defaults of the embedded setup."""

from __future__ import annotations

import os
from dataclasses import dataclass
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

    @property
    def engine_url(self) -> str:
        return os.environ.get("ENGINE_URL", f"http://127.0.0.1:{self.engine_port}")

    @property
    def actions_url(self) -> str:
        return os.environ.get("ACTIONS_URL", f"http://127.0.0.1:{self.actions_port}")


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
    )
