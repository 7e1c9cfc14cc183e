"""The `coach` command."""

from __future__ import annotations

import contextlib
import json
import sys
import time

import typer
from rich.console import Console

from bot import config
from bot.engine_client import EngineClient

app = typer.Typer(help="Partnership Coach: coach police supervisors through formal community partnerships.",
                  no_args_is_help=True)
kb_app = typer.Typer(help="Check and search the knowledge base.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")
roles_app = typer.Typer(help="Who is a leader: leaders see every partnership in their workspace.",
                        no_args_is_help=True)
app.add_typer(roles_app, name="roles")
console = Console()


@app.callback()
def read_settings() -> None:
    """Before any command: the settings, read from the environment once for this run."""
    config.install(config.load())


@contextlib.contextmanager
def _step(label: str):
    """One start-up step: a spinner while it runs, then the label with its time, or a cross."""
    started = time.monotonic()
    try:
        with console.status(f"{label}..."):
            yield
    except BaseException:
        console.print(f"[red]✗[/] {label}")
        raise
    console.print(f"[green]✓[/] {label} ({time.monotonic() - started:.1f} s)")


def _client(settings: config.Settings) -> EngineClient:
    return EngineClient.for_settings(settings)


@app.command()
def chat() -> None:
    """Chat with the coach in the terminal (starts the engine and action server, stops them after)."""
    from bot import chat as terminal_chat
    from bot.processes import StartupFailed, start_stack, stop_all, stop_on_signals
    from bot.training import TrainingFailed

    settings = config.installed()
    client = _client(settings)
    children = []
    stop_on_signals()
    if not client.engine_ready():
        try:
            children = start_stack(settings, client, step=_step)
        except (StartupFailed, TrainingFailed) as error:
            console.print(f"[red]Could not start:[/] {error}")
            raise typer.Exit(1) from None
    try:
        terminal_chat.run(settings, client, console)
    finally:
        with console.status("Stopping..."):
            stop_all(children)


@app.command()
def up(slack: bool = typer.Option(None, help="Also run the Slack app (default: when Slack tokens are set).")) -> None:
    """Run the engine, the action server and (with Slack tokens) the Slack app until Ctrl-C."""
    from bot.processes import (
        GaveUp,
        StartupFailed,
        Supervised,
        start_actions,
        start_engine,
        start_slack,
        start_stack,
        stop_all,
        stop_on_signals,
        supervise,
    )
    from bot.training import TrainingFailed, ensure_model

    settings = config.installed()
    stop_on_signals()
    with_slack = slack if slack is not None else bool(settings.slack.bot_token)
    try:
        children = start_stack(settings, _client(settings), with_slack=with_slack, step=_step)
    except (StartupFailed, TrainingFailed) as error:
        console.print(f"[red]Could not start:[/] {error}")
        raise typer.Exit(1) from None
    starters = {"actions": lambda: start_actions(settings), "engine": lambda: start_engine(settings, ensure_model()),
                "slack": lambda: start_slack(settings)}
    watched = [Supervised(child, starters[child.name], started=time.monotonic()) for child in children]
    try:  # from here on, Ctrl-C (however soon) stops the children and says so
        console.print(f"Running: {', '.join(c.name for c in children)} (engine {settings.engine_url}). Ctrl-C stops.")
        while True:
            time.sleep(1)
            supervise(watched, lambda news: console.print(f"[yellow]{news}[/]"))
    except GaveUp as error:
        console.print(f"[red]Giving up: {error}. Stopping the rest.[/]")
        raise typer.Exit(1) from None
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        stop_all([entry.child for entry in watched])
        console.print("Stopped.")


@app.command()
def train(force: bool = typer.Option(False, help="Train even if nothing changed.")) -> None:
    """Train the dialogue model if config.yml or nlu/ changed since the last training."""
    from bot.training import TrainingFailed, ensure_model, model_path

    if model_path().exists() and not force:
        console.print(f"Model up to date: {model_path().relative_to(config.PROJECT_ROOT)}")
        return
    log = config.installed().data_dir / "logs" / "train.log"
    try:
        with _step(f"Training the dialogue model (a few minutes the first time; log: {log})"):
            path = ensure_model(force=force, log_path=log)
    except TrainingFailed as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(1) from None
    console.print(f"Trained: {path.relative_to(config.PROJECT_ROOT)}")


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


@app.command()
def checklist(partnership: str = typer.Option(None, help="A partnership's name (fuzzy); omit for the generic one."),
              format: str = typer.Option("md", "--format", help="md, csv or text."),
              workspace: str = typer.Option(None, help="Slack team id, when names repeat across workspaces.")) -> None:
    """Print the formation checklist, or one partnership's with what is done, as Markdown or CSV."""
    from datetime import date, datetime, timezone

    from bot import briefing, checklists
    from bot.store.db import session_scope

    if format not in ("md", "csv", "text"):
        console.print(f"[red]Unknown format '{format}'. Use md, csv or text.[/]")
        raise typer.Exit(2)
    with session_scope() as session:
        if partnership is None:
            title, rows = "Partnership formation checklist", checklists.generic_checklist()
        else:
            found = _partnership_named(session, partnership, workspace)
            title = f"Checklist for the {found.name} partnership ({date.today():%d %B %Y})"
            rows = checklists.partnership_checklist(found, date.today())
        rendered = {"md": lambda: checklists.as_markdown(title, rows), "csv": lambda: checklists.as_csv(rows),
                    "text": lambda: checklists.as_text(title, rows) + "\n"}[format]()
        if partnership is not None and format != "csv":  # the briefing for command staff comes first
            summary = briefing.briefing(found, date.today(), datetime.now(timezone.utc))
            shown = briefing.as_markdown(summary) if format == "md" else briefing.as_text(summary) + "\n"
            rendered = f"{shown}\n{rendered}"
    sys.stdout.write(rendered)


@app.command()
def mou(partnership: str = typer.Option(..., help="The partnership's name (fuzzy)."),
        format: str = typer.Option("md", "--format", help="md or docx."),
        out: str = typer.Option(None, "--out", help="Write to this file (docx default: mou-NAME.docx here)."),
        workspace: str = typer.Option(None, help="Slack team id, when names repeat across workspaces.")) -> None:
    """Draft the partnership's agreement (MOU) from its records, with what is missing marked to complete."""
    from datetime import date
    from pathlib import Path

    from bot import agreement
    from bot.store.db import session_scope

    if format not in ("md", "docx"):
        console.print(f"[red]Unknown format '{format}'. Use md or docx.[/]")
        raise typer.Exit(2)
    with session_scope() as session:
        found = _partnership_named(session, partnership, workspace)
        filename, content, _ = agreement.draft_file(found, date.today(), format)
    if format == "md" and out is None:
        sys.stdout.write(content)
        return
    path = Path(out or filename)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    console.print(f"Wrote {path}", highlight=False, soft_wrap=True)


def _partnership_named(session, name: str, workspace: str | None):
    """The one partnership `name` means across the database (or one workspace); exits naming the known ones."""
    from bot.store import partnerships
    from bot.words import matching_partnerships

    candidates = partnerships.every_partnership(session, workspace)
    matches = matching_partnerships(candidates, name)
    if len(matches) != 1:
        known = ", ".join(sorted(p.name for p in candidates)) or "none"
        problem = "matches several partnerships" if matches else "matches no partnership"
        console.print(f"[red]'{name}' {problem}. Known: {known}.[/]")
        raise typer.Exit(1)
    return matches[0]


@app.command()
def manifest(http: str = typer.Option(None, "--http", help="HTTP mode: the app's public https:// URL."),
             socket: bool = typer.Option(False, "--socket", help="Socket Mode (no public URL).")) -> None:
    """Print the Slack app manifest for Socket Mode or HTTP mode."""
    from bot.slack import manifest as slack_manifest
    if bool(http) == socket:
        typer.echo("Say which: --socket, or --http https://YOUR-HOST.", err=True)
        raise typer.Exit(2)
    try:
        typer.echo(slack_manifest.as_yaml(slack_manifest.manifest(http)), nl=False)
    except slack_manifest.ManifestProblem as problem:
        typer.echo(str(problem), err=True)
        raise typer.Exit(2) from None


@app.command()
def workspace(team: str = typer.Argument(..., help="Slack team id (or 'local')."),
              stall_days: int = typer.Option(None, help="Days without progress before a goal is stalled."),
              renudge_days: int = typer.Option(None, help="Days before the same item is nudged again."),
              holidays: str = typer.Option(None, "--holidays", help="Skip this country's public holidays (US, GB, AU...)."),
              holiday_subdivision: str = typer.Option(
                  None, help="With --holidays: the state or region whose holidays count too (CA, NSW...)."),
              no_holidays: bool = typer.Option(False, "--no-holidays", help="Nudge on public holidays again."),
              escalate_after_days: int = typer.Option(
                  None, help="Days a blocker stays open before it is raised with the partnership's sponsor.")) -> None:
    """Show or change a workspace's nudge settings."""
    from bot.nudges import shifts
    from bot.store.db import session_scope
    from bot.store.workspaces import workspace_called

    for value, name in ((stall_days, "--stall-days"), (renudge_days, "--renudge-days"),
                        (escalate_after_days, "--escalate-after-days")):
        if value is not None and not 1 <= value <= 365:
            console.print(f"[red]{name} must be between 1 and 365 days.[/]")
            raise typer.Exit(2)
    if no_holidays and (holidays or holiday_subdivision):
        console.print("[red]--no-holidays turns holidays off; give it without --holidays.[/]")
        raise typer.Exit(2)
    with session_scope() as session:
        found = workspace_called(session, team)
        if found is None:
            console.print(f"[red]No workspace '{team}' yet: it appears once someone from it talks to the coach.[/]")
            raise typer.Exit(1)
        found.stall_days = stall_days or found.stall_days
        found.renudge_days = renudge_days or found.renudge_days
        if holidays or holiday_subdivision:
            try:
                country, subdivision = shifts.holiday_codes(holidays or found.holiday_country, holiday_subdivision)
            except ValueError as problem:
                console.print(f"[red]{problem}[/]")
                raise typer.Exit(2) from None
            found.holiday_country, found.holiday_subdivision = country, subdivision
        if no_holidays:
            found.holiday_country = found.holiday_subdivision = None
        found.escalate_after_days = escalate_after_days or found.escalate_after_days
        skipped = (f"nobody is nudged on public holidays in {shifts.holiday_place(found)}" if found.holiday_country
                   else "public holidays are not skipped")
        console.print(f"{team}: goals stall after {found.stall_days} days without progress; "
                      f"the same item is nudged at most every {found.renudge_days} days; {skipped}; "
                      f"a blocker open {found.escalate_after_days} days is raised with the sponsor.")


@app.command()
def nudge(once: bool = typer.Option(False, "--once", help="Run one pass and exit (for cron)."),
          now: str = typer.Option(None, "--now", help="Pretend it is this ISO date-time (UTC if no offset)."),
          dry_run: bool = typer.Option(False, "--dry-run", help="Print what would be sent; send and record nothing."),
          every: int = typer.Option(900, help="Seconds between passes when not --once.")) -> None:
    """Nudge people about stalled goals and overdue commitments; send leaders' digests, blocker
    escalations and channel digests. Prints what was sent and what failed (retried later or not)."""
    from datetime import datetime, timezone

    from bot.nudges.loop import run_forever
    from bot.nudges.scheduler import PassReport, run_pass
    from bot.slack.nudge_blocks import describe

    settings = config.installed()
    sender = None
    if not dry_run:
        if not settings.slack.bot_token:
            console.print("[red]SLACK_BOT_TOKEN is not set: nudges go out as Slack DMs. Use --dry-run to preview.[/]")
            raise typer.Exit(2)
        from bot.slack.nudge_sender import SlackNudgeSender
        sender = SlackNudgeSender(settings.slack.bot_token, settings.slack.api_url)

    def one_pass() -> PassReport:
        moment = datetime.fromisoformat(now) if now else datetime.now(timezone.utc)
        moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        return run_pass(settings.database_url, sender, moment, dry_run=dry_run)

    def show(report: PassReport) -> None:
        for line in report.lines(describe):
            console.print(("would send " + line.removeprefix("planned ")) if dry_run else line,
                          highlight=False, soft_wrap=True)

    if once:
        show(one_pass())
    else:
        run_forever(one_pass, every, on_report=show)


@app.command()
def checkup(partnership: str = typer.Option(..., help="The partnership's name (fuzzy)."),
            invite: list[str] = typer.Option(None, "--invite", help="Invite this person (name or e-mail); repeatable."),
            partner_org: str = typer.Option(None, "--partner-org", help="Those invited are partners from this organisation."),
            police: bool = typer.Option(False, "--police", help="Those invited are police."),
            days: int = typer.Option(14, help="Days a new round stays open."),
            close: bool = typer.Option(False, "--close", help="Close the open round now: its links stop working."),
            min_respondents: int = typer.Option(None, "--min-respondents",
                                                help="Show results only once this many answered (3 or more), "
                                                     "for the partnership's whole workspace."),
            workspace: str = typer.Option(None, help="Slack team id, when names repeat across workspaces.")) -> None:
    """Send a partnership's health check to everyone in it, or to the people named with --invite, and print
    the personal links to hand out (nothing sends e-mail; Slack members get a DM from the Slack app)."""
    from datetime import datetime, timezone

    from bot.store.db import session_scope
    from bot.survey import invites, rounds

    if police and partner_org:
        console.print("[red]Say --police or --partner-org ORG, not both.[/]")
        raise typer.Exit(2)
    now = datetime.now(timezone.utc)
    with session_scope() as session:
        found = _partnership_named(session, partnership, workspace)
        try:
            if min_respondents is not None:
                rounds.set_minimum(found.owner.workspace, min_respondents)
                console.print(f"{found.owner.workspace.external_id}: health check results show once "
                              f"{min_respondents} people have answered.", highlight=False)
            if close:
                open_round = rounds.open_round(session, found, now)
                if open_round is not None:
                    rounds.close_round(open_round, now)
                console.print(f"Closed the open health check round of {found.name}." if open_round
                              else f"{found.name} has no health check round open.", highlight=False)
            elif invite:
                for name in invite:
                    _, invitation = invites.invite_one(session, found, None, now, name, "police" if police else "partner",
                                                       partner_org, days)
                    org = f" ({invitation.organisation})" if invitation.organisation else ""
                    console.print(f"{invitation.name}{org}, {invitation.side}: {invitation.link}",
                                  highlight=False, soft_wrap=True)
            elif min_respondents is None:
                invited = invites.invite_partnership(session, found, found.owner, now, days)
                for line in invites.roster_lines(session, invited):
                    console.print(line, highlight=False, soft_wrap=True, markup=False)
        except ValueError as error:
            console.print(f"[red]{error}[/]")
            raise typer.Exit(2) from None


@app.command()
def report(partnership: str = typer.Option(..., help="The partnership's name (fuzzy)."),
           out: str = typer.Option(..., "--out", help="Folder for summary.md and the charts (made if missing)."),
           workspace: str = typer.Option(None, help="Slack team id, when names repeat across workspaces.")) -> None:
    """Write the partnership's report: the latest health check's results and each goal's progress, as
    summary.md beside PNG charts (health-check.png, goal-*.png)."""
    from datetime import datetime, timezone
    from pathlib import Path

    from bot import report as partnership_report
    from bot.store.db import session_scope

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    with session_scope() as session:
        found = _partnership_named(session, partnership, workspace)
        built = partnership_report.build(session, found, datetime.now(timezone.utc))
    (folder / "summary.md").write_text(built.markdown, encoding="utf-8")
    for _, chart in built.charts:
        (folder / chart.filename).write_bytes(chart.png)
    written = ["summary.md", *(chart.filename for _, chart in built.charts)]
    console.print(f"Wrote {', '.join(written)} to {folder}", highlight=False, soft_wrap=True)


def _set_role(user: str, role: str, workspace: str | None) -> None:
    from bot.store import roles
    from bot.store.db import session_scope

    with session_scope() as session:
        try:
            person = roles.set_role(session, workspace, user, role)
        except roles.RoleError as error:
            console.print(f"[red]{error}[/]")
            raise typer.Exit(1) from None
        console.print(f"{person.shown_name} ({person.external_id}) in {person.workspace.external_id} is now a {person.role}"
                      + (" (and a leader anyway, as a Slack workspace admin)." if person.slack_admin else "."))


WORKSPACE_OPTION = typer.Option(None, help="Slack team id; needed only when there are several workspaces.")


@roles_app.command("grant")
def roles_grant(user: str = typer.Argument(..., help="Slack user id (U...) or display name."),
                role: str = typer.Argument(..., help="leader"),
                workspace: str = WORKSPACE_OPTION) -> None:
    """Make USER a leader: they see every partnership in their workspace."""
    _set_role(user, role, workspace)


@roles_app.command("revoke")
def roles_revoke(user: str = typer.Argument(..., help="Slack user id (U...) or display name."),
                 role: str = typer.Argument(..., help="leader"),
                 workspace: str = WORKSPACE_OPTION) -> None:
    """Take a role back: USER sees only the partnerships they own or were added to."""
    if role != "leader":
        console.print(f"[red]Unknown role '{role}'. The role that can be revoked is: leader.[/]")
        raise typer.Exit(2)
    _set_role(user, "supervisor", workspace)


@roles_app.command("list")
def roles_list(workspace: str = WORKSPACE_OPTION) -> None:
    """Everyone who is a leader, by grant or as a Slack workspace admin."""
    from bot.store import roles
    from bot.store.db import session_scope

    with session_scope() as session:
        leaders = roles.leaders(session, workspace)
        if not leaders:
            console.print("No leaders yet. Grant the role with `coach roles grant USER leader`.")
        for person in leaders:
            why = "granted" if person.role == "leader" else "Slack admin"
            console.print(f"{person.workspace.external_id}  {person.external_id:<12} "
                          f"{person.display_name or '':<24} {why}", highlight=False)


@kb_app.command("check")
def kb_check() -> None:
    """Validate the knowledge base; name the file and entry of the first problem."""
    from bot.knowledge import KnowledgeError, load

    try:
        kb = load()
    except KnowledgeError as error:
        console.print(f"[red]Knowledge base invalid:[/] {error}")
        raise typer.Exit(1) from None
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
