"""`followup db check`: report (and with --repair, recompute) what does not hold together."""

from __future__ import annotations

import typer

from followup.cli.context import print_json, session
from followup.domain.localtime import parse_moment, zone
from followup.services import consistency


def register(db_app: typer.Typer) -> None:
    db_app.command("check")(check)


def check(
    ctx: typer.Context,
    repair: bool = typer.Option(
        False, "--repair", help="Recompute every derived value found wrong (not references)."
    ),
    at: str = typer.Option(
        None, "--at", help="The moment to judge reminder claims by (ISO; default: now)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document to stdout."),
) -> None:
    """Check the database: references, stored due times, the reminders ledger (exit 1 if
    anything is wrong; one line per problem)."""
    s = session(ctx)
    now = parse_moment(at, zone("UTC"))[0] if at else s.now()
    run = consistency.Check(s.workspace, now)
    count, fixes, documents = 0, [], []
    for problem in run.problems():  # streamed: each line appears as it is found
        count += 1
        if problem.repair is not None:
            fixes.append(problem.repair)
        if as_json:
            documents.append(problem.document())
        else:
            typer.echo(problem.message)
    repaired = consistency.repair(s.workspace, fixes, now) if repair else 0
    left = count - (len(fixes) if repair else 0)
    if as_json:
        checked = dict(run.checked)
        print_json(
            {"ok": left == 0, "checked": checked, "problems": documents, "repaired": repaired}
        )
    else:
        typer.echo(_summary(run, count, len(fixes), repaired if repair else None))
    if left:
        raise typer.Exit(1)


def _summary(run: consistency.Check, count: int, fixable: int, repaired: int | None) -> str:
    tables = ", ".join(f"{n:,} {table.replace('_', ' ')}" for table, n in run.checked.items())
    head = f"Checked {tables} and the reminders ledger: "
    if count == 0:
        return head + "no problems."
    found = f"{count:,} problem{'s' * (count != 1)}"
    if repaired is not None:
        return (
            head
            + f"{found}; recomputed {repaired:,} row{'s' * (repaired != 1)}, "
            + (
                f"{count - fixable:,} left (broken references need a person, or a backup)."
                if count > fixable
                else "nothing left."
            )
        )
    if fixable:
        return head + f"{found}, {fixable:,} of them fixed by 'followup db check --repair'."
    return head + f"{found}."
