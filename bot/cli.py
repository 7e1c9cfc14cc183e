"""The `coach` command."""

from __future__ import annotations

import json
import sys

import typer
from rich.console import Console

from bot import config
from bot.engine import EngineClient

app = typer.Typer(help="Partnership Coach: coach police supervisors through formal community partnerships.",
                  no_args_is_help=True)
kb_app = typer.Typer(help="Check and search the knowledge base.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")
console = Console()


def _client(settings: config.Settings) -> EngineClient:
    return EngineClient(settings.engine_url, settings.actions_url)


@app.command()
def chat() -> None:
    """Chat with the coach in the terminal (starts the engine and action server, stops them after)."""
    from bot import chat as terminal_chat
    from bot.processes import StartupFailed, start_stack, stop_all, stop_on_signals

    settings = config.load()
    client = _client(settings)
    children = []
    stop_on_signals()
    if not client.engine_ready():
        try:
            with console.status("Starting the coaching engine (loading the model takes a little while)..."):
                children = start_stack(settings, client)
        except StartupFailed as error:
            console.print(f"[red]Could not start:[/] {error}")
            raise typer.Exit(1)
    try:
        terminal_chat.run(settings, client, console)
    finally:
        with console.status("Stopping..."):
            stop_all(children)


@app.command()
def up(slack: bool = typer.Option(None, help="Also run the Slack app (default: when Slack tokens are set).")) -> None:
    """Run the engine, the action server and (with Slack tokens) the Slack app until Ctrl-C."""
    import os
    import time

    from bot.processes import StartupFailed, start_stack, stop_all, stop_on_signals

    settings = config.load()
    stop_on_signals()
    with_slack = slack if slack is not None else bool(os.environ.get("SLACK_BOT_TOKEN"))
    try:
        with console.status("Starting..."):
            children = start_stack(settings, _client(settings), with_slack=with_slack)
    except StartupFailed as error:
        console.print(f"[red]Could not start:[/] {error}")
        raise typer.Exit(1)
    console.print(f"Running: {', '.join(c.name for c in children)} (engine {settings.engine_url}). Ctrl-C stops.")
    try:
        while True:
            time.sleep(1)
            dead = [c for c in children if not c.alive()]
            if dead:
                console.print(f"[red]{dead[0].name} exited; see {dead[0].log_path}. Stopping the rest.[/]")
                break
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        stop_all(children)
        console.print("Stopped.")


@app.command()
def train(force: bool = typer.Option(False, help="Train even if nothing changed.")) -> None:
    """Train the dialogue model if config.yml or nlu/ changed since the last training."""
    from bot.training import ensure_model, model_path

    existed = model_path().exists()
    path = ensure_model(force=force)
    console.print(f"Model up to date: {path}" if existed and not force else f"Trained: {path}")


@app.command()
def export(format: str = typer.Option("json", "--format", help="Output format (json)."),
           workspace: str = typer.Option(None, help="Only this workspace (Slack team id, or 'local').")) -> None:
    """Print every partnership with stakeholders, goals, commitments and progress notes."""
    from bot.export import export as build_export
    from bot.store.db import session_scope

    if format != "json":
        console.print(f"[red]Unknown format '{format}'. Use --format json.[/]")
        raise typer.Exit(2)
    with session_scope() as session:
        sys.stdout.write(json.dumps(build_export(session, workspace), indent=2) + "\n")


@kb_app.command("check")
def kb_check() -> None:
    """Validate the knowledge base; name the file and entry of the first problem."""
    from bot.knowledge import KnowledgeError, load

    try:
        kb = load()
    except KnowledgeError as error:
        console.print(f"[red]Knowledge base invalid:[/] {error}")
        raise typer.Exit(1)
    console.print(f"Knowledge base OK: {len(kb.factors)} factors, {len(kb.case_studies)} case studies, "
                  f"{len(kb.steps)} steps, {len(kb.assessment['items'])} assessment items.")


@kb_app.command("search")
def kb_search(text: str, limit: int = typer.Option(5, help="How many entries to show.")) -> None:
    """Print the knowledge base entries ranked by relevance to TEXT."""
    from bot.knowledge import knowledge

    results = knowledge().search(text, limit=limit)
    if not results:
        console.print("Nothing in the knowledge base matches that.")
        raise typer.Exit(1)
    for score, kind, entry in results:
        console.print(f"{score:6.2f}  {kind:<10} {entry['id']:<32} {entry['name']}", highlight=False, soft_wrap=True)


@kb_app.command("nlu")
def kb_nlu() -> None:
    """Regenerate the NLU lookup tables and synonyms (nlu/data/knowledge_entities.yml) from knowledge/."""
    from bot import nlu_entities
    from bot.knowledge import knowledge

    changed = nlu_entities.write(knowledge())
    console.print(f"{'Rewrote' if changed else 'Already up to date:'} {nlu_entities.ENTITIES_FILE}")


if __name__ == "__main__":
    app()
