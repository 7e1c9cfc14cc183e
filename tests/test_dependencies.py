"""Every package our code imports is declared where it runs: the app's code in
requirements/app.in (the image installs only its lock), tests and benchmarks in test.in
as well, and the two modules the engine loads in engine.in's lock. A module that works
only because something else happened to pull its package in breaks the next lock. And our
own modules import only down the layers (pyproject.toml, [tool.importlinter])."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINE_MODULES = {"bot/intent_classifier.py", "bot/engine_runtime.py",  # loaded by Rasa, in .venv-engine
                  "bench/engine_probe.py"}
# where a package's metadata does not name the module it installs
DISTRIBUTION_OF = {"lingua": "lingua-language-detector"}
OURS = {"bot", "tests", "bench"}


def declared(*files: str) -> set[str]:
    names = set()
    for name in files:
        for line in (ROOT / "requirements" / name).read_text().splitlines():
            if match := re.match(r"^([A-Za-z0-9_.-]+)", line):
                names.add(canonical(match.group(1)))
    return names


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported(paths: list[Path]) -> dict[str, set[str]]:
    """Top-level third-party modules imported, with the files importing each."""
    found: dict[str, set[str]] = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                     else [])
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in OURS:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def undeclared(paths: list[Path], allowed: set[str]) -> list[str]:
    distributions = packages_distributions()
    missing = []
    for module, files in sorted(imported(paths).items()):
        dists = {canonical(d) for d in distributions.get(module, [DISTRIBUTION_OF.get(module, module)])}
        if not dists & allowed:
            missing.append(f"{module} ({', '.join(sorted(dists))}) imported by {', '.join(sorted(files))}")
    return missing


def test_the_apps_imports_are_all_in_its_runtime_requirements():
    app_code = [p for p in (ROOT / "bot").rglob("*.py") if str(p.relative_to(ROOT)) not in ENGINE_MODULES]
    assert undeclared(app_code, declared("app.in")) == []


def test_tests_and_benchmarks_import_only_what_the_app_and_test_requirements_declare():
    code = [p for p in [*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
            if str(p.relative_to(ROOT)) not in ENGINE_MODULES]
    assert undeclared(code, declared("app.in", "test.in")) == []


def test_the_engines_modules_import_only_what_its_lock_installs():
    lock = declared("engine.txt")
    modules = imported([ROOT / m for m in sorted(ENGINE_MODULES)])
    # the engine's packages are not installed in this virtualenv: map the few by hand
    known = {"rasa": "rasa", "sklearn": "scikit-learn", "skops": "skops", "numpy": "numpy", "scipy": "scipy",
             "jsonschema": "jsonschema", "sqlalchemy": "sqlalchemy", "aiohttp": "aiohttp", "redis": "redis",
             "sanic": "sanic", "yaml": "pyyaml", "rasa_sdk": "rasa-sdk", "structlog": "structlog"}
    missing = [m for m in modules if canonical(known.get(m, m)) not in lock]
    assert missing == []


def test_tests_and_benchmarks_share_code_through_tests_support_only():
    shared_wrongly = []
    for path in [*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tests.") \
                    and not node.module.startswith("tests.support"):
                shared_wrongly.append(f"{path.relative_to(ROOT)} imports {node.module}")
    assert shared_wrongly == []


def test_imports_keep_to_the_layers():
    """The import contracts in pyproject.toml ([tool.importlinter]): no cycle between the
    packages and modules of a folder; the store at the bottom, the domain modules above it,
    the Rasa actions and the Slack app on top as separate adapters; action modules siblings
    that share code through context.py, guard.py and the modules below."""
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_nudges_know_nothing_of_slack():
    """bot/nudges/ says what to tell whom; bot/slack/ renders and sends it (layers point down)."""
    script = ("import pkgutil, importlib, sys, bot.nudges\n"
              "for module in pkgutil.iter_modules(bot.nudges.__path__):\n"
              "    importlib.import_module(f'bot.nudges.{module.name}')\n"
              "print(sorted(m for m in sys.modules if m.startswith(('bot.slack', 'slack_sdk', 'slack_bolt'))))")
    imported_too = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True).stdout.strip()
    assert imported_too == "[]"


def test_the_action_server_never_loads_the_slack_libraries():
    """The action server speaks to the engine only: Slack's libraries (and bot/slack/,
    which needs them) stay out of it, whatever an action borrows (bot/words.py holds
    the @mention pattern the buy-in step reads)."""
    probe = ("import json, sys\n"
             "from bot import action_server, config\n"
             "action_server.build_app(config.load())  # registers every action, as the server does\n"
             "print(json.dumps(sorted(m for m in sys.modules\n"
             "                        if m.split('.')[0] in ('slack_sdk', 'slack_bolt') or m.startswith('bot.slack'))))")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert json.loads(loaded.stdout.splitlines()[-1]) == []


# bot/store/__init__.py says why these build queries of their own.
BUILDS_QUERIES = ("bot/store/", "bot/standing.py", "bot/survey/rounds.py")
STATEMENT_BUILDERS = {"select", "insert", "update", "delete", "text", "union_all", "exists", "func", "and_", "or_"}


def test_queries_are_built_only_where_bot_store_says():
    elsewhere = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        name = str(path.relative_to(ROOT))
        if name.startswith(BUILDS_QUERIES) or name in ENGINE_MODULES:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "sqlalchemy" \
                    and (builders := {a.name for a in node.names} & STATEMENT_BUILDERS):
                elsewhere.append(f"{name} imports {', '.join(sorted(builders))}")
    assert elsewhere == []


def test_bot_words_imports_nothing_of_ours():
    """A leaf: the action server, the Slack app and the store all match words with it."""
    imports = [name for node in ast.walk(ast.parse((ROOT / "bot" / "words.py").read_text()))
               for name in ([a.name for a in node.names] if isinstance(node, ast.Import)
                            else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])]
    ours = [name for name in imports if name.split(".")[0] in OURS]
    assert ours == []
