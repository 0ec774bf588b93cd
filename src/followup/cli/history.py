"""`followup history`: every change to a person, an account or a deal, who made it, when."""

from __future__ import annotations

import typer

from followup.cli import render as show
from followup.cli.context import print_json, session
from followup.services.history import MAX_LIMIT, history_of, readable


def register(app: typer.Typer) -> None:
    app.command("history")(history_command)


def history_command(
    ctx: typer.Context,
    person: str = typer.Argument(None, help="Person: id, email or name."),
    account: str = typer.Option(None, "--account", help="An account's history instead."),
    deal: str = typer.Option(None, "--deal", help="A deal's history instead."),
    limit: int = typer.Option(50, "--limit", help=f"Latest changes shown (1-{MAX_LIMIT})."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document to stdout."),
) -> None:
    """Show the audit trail of a person (with their emails, commitments, ...), an account
    or a deal: every change, newest first, field by field."""
    document = history_of(session(ctx).workspace, person, account, deal, limit)
    if as_json:
        print_json(document)
        return
    subject = document["subject"]
    title = f"History of {subject['kind']} #{subject['id']} {subject['name']}"
    if not document["changes"]:
        show.console.print(f"{title}: no changes recorded.", markup=False)
        return
    show.table(
        title,
        ["when", "who", "what", "details"],
        [
            [show.when(line["at"]), line["actor"] or "(system)", line["what"], line["details"]]
            for line in readable(document, show.when)
        ],
    )
