"""`followup visit CITY --from --to`: whom to meet while you are in town anyway."""

from __future__ import annotations

import typer
from rich.markup import escape

from followup.cli import render as show
from followup.cli.context import print_json, session
from followup.services import visits

JSON = typer.Option(False, "--json", help="Print one JSON document to stdout.")


def register(app: typer.Typer) -> None:
    app.command("visit")(visit)


def visit(
    ctx: typer.Context,
    city: str = typer.Argument(..., metavar="CITY", help="e.g. München, Munich, Tokyo."),
    first: str = typer.Option(..., "--from", help="First day there (ISO date)."),
    last: str = typer.Option(..., "--to", help="Last day there (ISO date)."),
    everyone: bool = typer.Option(False, "--all", help="The whole team's contacts."),
    as_json: bool = JSON,
) -> None:
    """Who is worth meeting in a city while you are there anyway, with a draft note."""
    s = session(ctx)
    document = visits.visit(s.workspace, city, first, last, s.login, everyone)
    if as_json:
        print_json(document)
        return
    people = document["people"]
    show.console.print(
        f"[bold]{escape(document['city'])}, {document['from']} to {document['to']}: "
        f"{len(people)} worth meeting[/bold]"
    )
    for entry in people:
        where = "" if entry["matched_by"] == "address" else " (by time zone: no address on file)"
        at = f" ({escape(entry['account'])})" if entry["account"] else ""
        show.console.print(f"\n[bold]{escape(entry['name'])}[/bold]{at}{where}")
        for reason in entry["reasons"]:
            show.console.print(f"  · {escape(reason)}")
        for warning in entry["warnings"]:
            show.console.print(f"  [yellow]![/yellow] {escape(warning)}")
        show.console.print(f"  [green]✉[/green] {escape(entry['note'])}")
