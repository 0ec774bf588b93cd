"""`followup forget` and `followup export-person`: a person's rights over their data."""

from __future__ import annotations

import typer

from followup.cli import render as show
from followup.cli.context import fail, print_json, session
from followup.cli.guarded import interactive
from followup.services.privacy import export_person, forget_person, person_to_forget


def register(app: typer.Typer) -> None:
    app.command("forget")(forget_command)
    app.command("export-person")(export_command)


def forget_command(
    ctx: typer.Context,
    person: str = typer.Argument(..., help="Person: id, email or name."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask: forget them (irreversible)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document to stdout."),
) -> None:
    """Erase a person and their personal data everywhere (irreversible); the team's
    touches stay as anonymous stubs, the audit trail records only that it happened."""
    s = session(ctx)
    who = person_to_forget(s.workspace, person)
    if not yes:
        if not interactive():
            fail("forgetting is irreversible: pass --yes to confirm")
        at = f" ({who['account']})" if who["account"] else ""
        question = f"Forget #{who['id']} {who['name']}{at} and erase their data for good?"
        if not typer.confirm(question, default=False):
            fail("nothing forgotten")
    report = forget_person(s.workspace, str(who["id"]), s.now())
    if as_json:
        print_json(report)
        return
    kept = report["kept_anonymous"]
    show.console.print(
        f"Forgot person #{who['id']}: {kept['interactions']} interactions kept as anonymous "
        f"stubs, {report['audit_entries_erased']} audit entries erased.",
        markup=False,
    )


def export_command(
    ctx: typer.Context, person: str = typer.Argument(..., help="Person: id, email or name.")
) -> None:
    """Print everything held about a person (fields, contacts, interactions, promises,
    deal roles, feedback, requests, their history) as one JSON document."""
    s = session(ctx)
    print_json(export_person(s.workspace, person, s.now()))
