"""The README's "Layout" section names every package and module of bot/, every folder
at the top of the repository, and nothing that is not there."""

from __future__ import annotations

import re
import subprocess

from bot.config import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text()
LAYOUT = README[README.index("## Layout"):].split("```")[1]
BOT = PROJECT_ROOT / "bot"


def named_in_layout() -> set[str]:
    return set(re.findall(r"[\w./-]+", LAYOUT))


def test_every_module_and_package_of_bot_is_in_the_layout():
    modules = {p.name for p in BOT.glob("*.py") if p.name != "__init__.py"}
    packages = {f"{p.name}/" for p in BOT.iterdir() if (p / "__init__.py").exists()}
    store = {p.stem for p in (BOT / "store").glob("*.py") if p.name not in ("__init__.py", "models.py", "db.py")}
    slack = {p.name for p in (BOT / "slack").glob("*.py") if p.name != "__init__.py"}
    named = named_in_layout() | {word.rstrip(",") for word in named_in_layout()}
    missing = sorted(name for name in modules | packages | store | (slack - {"__main__.py", "app.py", "__init__.py"})
                     if name not in named and f"slack/{name}" not in named)
    assert missing == []


def test_every_file_the_layout_names_exists():
    mentioned = {word.rstrip(",.") for word in named_in_layout() if re.search(r"\.(py|yml|md)$|/$", word.rstrip(",."))}
    roots = [PROJECT_ROOT, *(PROJECT_ROOT / folder for folder in ("tests", "scripts", "requirements", "nlu")), BOT,
             *(path for path in BOT.iterdir() if path.is_dir())]
    absent = sorted(name for name in mentioned if not any((root / name).exists() for root in roots)
                    and name not in ("*.in", "*.txt"))
    assert absent == []


def test_every_top_level_folder_is_in_the_layout():
    tracked = subprocess.run(["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    folders = {f"{path.split('/')[0]}/" for path in tracked.stdout.splitlines() if "/" in path} - {".ci/"}
    assert sorted(folders - named_in_layout()) == []
