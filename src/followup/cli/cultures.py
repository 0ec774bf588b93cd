"""`followup culture show|edit|reset`: the culture profiles as editable data."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.markup import escape

from followup.cli import render as show
from followup.cli.context import IF_VERSION, FollowupGroup, print_json, session, warn
from followup.services import cultures

culture_app = typer.Typer(
    cls=FollowupGroup,
    no_args_is_help=True,
    help="Culture profiles: the rhythms, etiquette and rules a team can edit.",
)
JSON = typer.Option(False, "--json", help="Print one JSON document to stdout.")


def register(app: typer.Typer) -> None:
    app.add_typer(culture_app, name="culture")


@culture_app.command("show")
def culture_show(
    ctx: typer.Context,
    key: str = typer.Argument(None, metavar="[KEY]", help="A profile, e.g. jp (default: all)."),
    as_json: bool = JSON,
) -> None:
    """List the profiles, or show one: every value, where it comes from and why."""
    ws = session(ctx).workspace
    if ws.culture_problem:  # edits that no longer fit this version's shipped profiles
        warn([ws.culture_problem])
    if key is None:
        profiles = cultures.list_profiles(ws)
        if as_json:
            print_json({"profiles": profiles, "problem": ws.culture_problem})
            return
        stages = ("lead", "prospect", "customer")
        show.table(
            "Culture profiles",
            ["key", "name", "countries", "lead/prosp./cust.", "gap", "feedback", "edited"],
            [
                [
                    p["key"], p["name"], ", ".join(p["countries"]),
                    "/".join(str(p["cadence_days"].get(stage, "-")) for stage in stages),
                    p["min_gap_days"], p["feedback_channel"], "yes" if p["edited"] else "",
                ]
                for p in profiles
            ],
        )  # fmt: skip
        return
    _render(cultures.show_profile(ws, key.strip().lower()), as_json)


def _render(document: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(document)
        return
    show.console.print(f"[bold]{escape(document['key'])}: {escape(document['name'])}[/bold]")
    for f in document["fields"]:
        if f["field"] == "faux_pas":
            continue
        why = f" — {f['note']}" if f["note"] else ""
        show.console.print(
            f"  [bold]{f['field']}[/bold] = {escape(_value(f['value']))}  "
            f"[dim]({f['origin']}{escape(why)})[/dim]"
        )
    for entry in document["faux_pas"]:
        where = f" (on {', '.join(entry['on'])})" if entry["on"] else ""
        show.console.print(f"  [bold]avoid[/bold]: {escape(entry['text'])}{escape(where)}")
    if "recomputed" in document:
        moved = document["recomputed"]
        show.console.print(
            f"Recomputed the next due time of {moved['people']} people and the next check-in "
            f"of {moved['accounts']} accounts."
        )


def _value(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(v if isinstance(v, str) else json.dumps(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} = {v}" for k, v in value.items())
    return str(value)


@culture_app.command("edit")
def culture_edit(
    ctx: typer.Context,
    key: str = typer.Argument(..., metavar="KEY", help="The profile, e.g. de."),
    sets: list[str] = typer.Option(
        [], "--set", metavar="FIELD=VALUE", help="e.g. min_gap_days=10, cadence_days.lead=14."
    ),
    adds: list[str] = typer.Option(
        [], "--add", metavar="FIELD=VALUE", help="Add to a list: notes, faux_pas, countries..."
    ),
    note: str = typer.Option(None, "--note", help="Why (kept as the source of the values)."),
    new: bool = typer.Option(False, "--new", help="Create KEY as a profile of this workspace."),
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Change a profile for this workspace; nothing is written unless all of it is valid."""
    s = session(ctx)
    document = cultures.edit_profile(
        s.workspace, key, sets, adds, s.now(), s.login, note, new, if_version
    )
    _render(document, as_json)


@culture_app.command("reset")
def culture_reset(
    ctx: typer.Context,
    key: str = typer.Argument(..., metavar="KEY"),
    fields: list[str] = typer.Option([], "--field", help="Reset only this field (repeatable)."),
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Go back to the shipped profile (a workspace's own profile is removed)."""
    s = session(ctx)
    document = cultures.reset_profile(s.workspace, key, fields, s.now(), if_version)
    if as_json:
        print_json(document)
        return
    moved = document["recomputed"]
    show.console.print(
        f"Reset {', '.join(document['reset'])} of {document['key']}; recomputed "
        f"{moved['people']} people and {moved['accounts']} accounts."
    )
