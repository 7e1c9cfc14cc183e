"""Settings read from the environment, with the defaults of the embedded setup."""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SLACK_API_URL = "https://slack.com/api/"


def _data_dir() -> Path:
    return Path(os.environ.get("COACH_DATA_DIR", PROJECT_ROOT / "data"))


@dataclass(frozen=True)
class SlackSettings:
    """The Slack app's (README, "Slack"). Socket Mode when `app_token` is set, else the
    HTTP Events API, whose requests are checked against `signing_secret`."""

    bot_token: str | None = field(default=None, repr=False)       # SLACK_BOT_TOKEN
    app_token: str | None = field(default=None, repr=False)       # SLACK_APP_TOKEN
    signing_secret: str | None = field(default=None, repr=False)  # SLACK_SIGNING_SECRET
    api_url: str = DEFAULT_SLACK_API_URL  # SLACK_API_URL (tests point it at a stand-in); ends in "/"
    host: str = "0.0.0.0"                 # SLACK_HOST: where the app (and the health check page) listen
    path: str = "/slack/events"           # SLACK_PATH: the Events API's request URL path
    workers: int = 16                     # COACH_SLACK_WORKERS: threads for turns (bot/slack/thread_pools.py)

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)


@dataclass(frozen=True)
class GivenSecrets:
    """The shared secrets the environment gives (COACH_IDENTITY_SECRET, COACH_ACTIONS_TOKEN,
    COACH_ENGINE_TOKEN); those it does not are made in the data folder (local_secret)."""

    identity_secret: str | None = field(default=None, repr=False)
    actions_token: str | None = field(default=None, repr=False)
    engine_token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Settings:
    """Everything configurable, read from the environment once by each entry point
    (load()) and passed down. Secrets and URLs that may carry passwords stay out of repr."""

    data_dir: Path
    database_url: str = field(repr=False)
    engine_port: int
    actions_port: int
    slack_port: int
    timezone: str | None
    # Rasa's lock store, when engine replicas share conversations
    redis_url: str | None = field(default=None, repr=False)
    bind_host: str = "127.0.0.1"  # where the engine and action server listen; containers need 0.0.0.0
    slack: SlackSettings = SlackSettings()
    nudge_every: int = 900           # COACH_NUDGE_EVERY: seconds between the Slack app's nudge passes; 0 = none
    inbox_lease: float = 60.0        # COACH_INBOX_LEASE: seconds a Slack message's claim lasts (bot/store/inbox.py)
    public_url: str | None = None    # COACH_PUBLIC_URL: where people outside Slack open the health check page
    survey_secret: str | None = field(default=None, repr=False)  # COACH_SURVEY_SECRET (bot/survey/tokens.py)
    user_name: str | None = None     # COACH_USER_NAME: the terminal chat's user
    given_engine_url: str | None = None   # ENGINE_URL, else the engine on engine_port here
    given_actions_url: str | None = None  # ACTIONS_URL, else the action server on actions_port here
    given_secrets: GivenSecrets = GivenSecrets()

    @property
    def engine_url(self) -> str:
        return self.given_engine_url or f"http://127.0.0.1:{self.engine_port}"

    @property
    def actions_url(self) -> str:
        return self.given_actions_url or f"http://127.0.0.1:{self.actions_port}"

    # The three shared secrets (README, "Security model"): from the environment, else
    # generated once into the data folder, so processes started from it agree.
    @property
    def identity_secret(self) -> str:
        return self._secret("identity_secret")

    @property
    def actions_token(self) -> str:
        return self._secret("actions_token")

    @property
    def engine_token(self) -> str:
        return self._secret("engine_token")

    def _secret(self, name: str) -> str:
        return getattr(self.given_secrets, name) or local_secret(self.data_dir, name)


SECRET_NAMES = ("identity_secret", "actions_token", "engine_token")


def local_secret(data_dir: Path, name: str) -> str:
    return _local_secrets(data_dir.resolve())[name]


@cache
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
    """The settings in the environment, with the defaults of the embedded setup."""
    env = os.environ
    data_dir = _data_dir()
    return Settings(
        data_dir=data_dir,
        database_url=env.get("DATABASE_URL", f"sqlite:///{data_dir / 'coach.db'}"),
        engine_port=int(env.get("ENGINE_PORT", "5005")),
        actions_port=int(env.get("ACTIONS_PORT", "5055")),
        slack_port=int(env.get("SLACK_PORT", "3000")),
        timezone=env.get("COACH_TZ"),
        redis_url=env.get("REDIS_URL"),
        bind_host=env.get("COACH_BIND_HOST", "127.0.0.1"),
        slack=SlackSettings(
            bot_token=env.get("SLACK_BOT_TOKEN") or None,
            app_token=env.get("SLACK_APP_TOKEN") or None,
            signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            api_url=env.get("SLACK_API_URL", DEFAULT_SLACK_API_URL).rstrip("/") + "/",
            host=env.get("SLACK_HOST", "0.0.0.0"),
            path=env.get("SLACK_PATH", "/slack/events"),
            workers=int(env.get("COACH_SLACK_WORKERS", "16")),
        ),
        nudge_every=int(env.get("COACH_NUDGE_EVERY", "900")),
        inbox_lease=float(env.get("COACH_INBOX_LEASE", "60")),
        public_url=env.get("COACH_PUBLIC_URL") or None,
        survey_secret=env.get("COACH_SURVEY_SECRET") or None,
        user_name=env.get("COACH_USER_NAME", "").strip() or None,
        given_engine_url=env.get("ENGINE_URL"),
        given_actions_url=env.get("ACTIONS_URL"),
        given_secrets=GivenSecrets(identity_secret=env.get("COACH_IDENTITY_SECRET") or None,
                                   actions_token=env.get("COACH_ACTIONS_TOKEN") or None,
                                   engine_token=env.get("COACH_ENGINE_TOKEN") or None),
    )


# The settings of this process, installed by its entry point, for the code that cannot be
# handed them: the actions (rasa_sdk makes them), and what every kind of process shares
# deep down (the store's sessions, health check links, the Slack inbox's lease).
_installed: Settings | None = None


def install(settings: Settings) -> Settings:
    """Make `settings` this process's (entry points only); returns them."""
    global _installed
    _installed = settings
    return settings


def installed() -> Settings:
    """This process's settings, as its entry point installed them."""
    if _installed is None:
        raise RuntimeError("No settings installed: the entry point calls config.install(config.load()).")
    return _installed
