"""`followup demo`: load a realistic demo workspace, dated from now."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from followup.cli import render as show
from followup.cli.context import print_json, session
from followup.domain.localtime import format_moment, zone
from followup.services.demo import load_demo, load_moment
from followup.settings import Settings
from followup.store.engine import make_engine, safe_url
from followup.store.schema import current_revision, upgrade


def register(app: typer.Typer) -> None:
    """Add the `demo` command to `app`."""
    app.command("demo")(demo)


def demo(
    ctx: typer.Context,
    reset: bool = typer.Option(False, "--reset", help="Replace everything in the database."),
    at: str = typer.Option(
        None, "--at", metavar="ISO", help="Date the demo from this moment (default: now)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document to stdout."),
) -> None:
    """Load a realistic demo workspace: a team of four, customers in six countries."""
    s = session(ctx)
    _create_schema_if_empty(s.settings)
    # Made up, not anyone's doing: the trail records the demo without an actor.
    summary = load_demo(s.workspace.acting_as(None), load_moment(at, s.now()), reset)
    if as_json:
        print_json(summary)
    else:
        show.console.print(escape(_paragraph(summary, safe_url(s.settings.db))))


def _create_schema_if_empty(settings: Settings) -> None:
    # As `followup init` does, so `make demo` works on a fresh checkout; a database
    # that has a schema is left alone (Workspace.open refuses a stale one).
    if settings.uses_default_database:
        Path(settings.db.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.db)
    try:
        if current_revision(engine) is None:
            upgrade(engine)
    finally:
        engine.dispose()


def _paragraph(summary: dict[str, Any], url: str) -> str:
    main, tz = summary["main_user"], summary["main_user_timezone"]
    moment = format_moment(datetime.fromisoformat(summary["at"]), zone(tz))
    return (
        f"Loaded the demo workspace into {url}: {summary['users']} users, "
        f"{summary['accounts']} accounts in {', '.join(summary['countries'])}, "
        f"{summary['people']} people, {summary['interactions']} interactions and "
        f"{summary['commitments']} commitments, dated relative to {moment} ({tz}). "
        f"The main user is {main}. To work in it: export FOLLOWUP_DB={url} "
        f"FOLLOWUP_USER={main}, then run 'followup today' or 'followup person list'."
    )
