"""`followup person ...` and `followup timeline`."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape

from followup.cli import render as show
from followup.cli.context import IF_VERSION, FollowupGroup, print_json, session
from followup.domain.model import Stage
from followup.domain.relationship import ContactRole
from followup.services.people import PersonFields, add_person, edit_person, list_people, show_person
from followup.services.timeline import timeline

person_app = typer.Typer(cls=FollowupGroup, no_args_is_help=True, help="People (contacts).")
JSON = typer.Option(False, "--json", help="Print one JSON document to stdout.")


def register(app: typer.Typer) -> None:
    app.add_typer(person_app, name="person")
    app.command("timeline")(timeline_command)


@person_app.command("add")
def person_add(
    ctx: typer.Context,
    name: str,
    email: list[str] = typer.Option([], "--email", help="Email address (repeatable)."),
    phone: list[str] = typer.Option([], "--phone", help="Phone number (repeatable)."),
    account: str = typer.Option(None, "--account", help="Account name or id."),
    country: str = typer.Option(None, "--country", help="ISO code, e.g. JP."),
    tz: str = typer.Option(None, "--tz", help="IANA time zone (default: from the country)."),
    stage: Stage = typer.Option(None, "--stage", case_sensitive=False, help="Relationship stage."),
    language: str = typer.Option(None, "--language"),
    culture: str = typer.Option(None, "--culture", help="Culture profile key."),
    source: str = typer.Option(None, "--source", "--event", help="Where you met (event)."),
    owner: str = typer.Option(None, "--owner", help="Owning user (default: you)."),
    notes: str = typer.Option(None, "--notes"),
    role: ContactRole = typer.Option(None, "--role", help="Their part in the decision."),
    title: str = typer.Option(None, "--title", help="Job title, e.g. Head of Purchasing."),
    as_json: bool = JSON,
) -> None:
    """Add a person."""
    s = session(ctx)
    fields = PersonFields(
        name=name,
        emails=email,
        phones=phone,
        account=account,
        country=country,
        timezone=tz,
        stage=stage.value if stage else None,
        language=language,
        culture=culture,
        source=source,
        owner=owner,
        notes=notes,
        role=role.value if role else None,
        title=title,
    )
    document = add_person(s.workspace, fields, s.now(), s.login)
    _report(document, as_json, "Added")


@person_app.command("edit")
def person_edit(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="PERSON", help="Id, email or unique name."),
    name: str = typer.Option(None, "--name"),
    email: list[str] = typer.Option([], "--email", help="Add an email (repeatable)."),
    remove_email: list[str] = typer.Option([], "--remove-email"),
    phone: list[str] = typer.Option([], "--phone", help="Add a phone (repeatable)."),
    remove_phone: list[str] = typer.Option([], "--remove-phone"),
    account: str = typer.Option(None, "--account", help="Account name or id ('' for none)."),
    country: str = typer.Option(None, "--country"),
    tz: str = typer.Option(None, "--tz"),
    stage: Stage = typer.Option(None, "--stage", case_sensitive=False, help="Relationship stage."),
    language: str = typer.Option(None, "--language"),
    culture: str = typer.Option(None, "--culture"),
    source: str = typer.Option(None, "--source", "--event"),
    owner: str = typer.Option(None, "--owner"),
    address: str = typer.Option(None, "--address"),
    notes: str = typer.Option(None, "--notes"),
    role: str = typer.Option(None, "--role", help="Their part in the decision ('' clears)."),
    title: str = typer.Option(None, "--title"),
    triage: str = typer.Option(None, "--triage", help="meet or file ('' for neither)."),
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Change a person; only the options given are changed."""
    s = session(ctx)
    fields = PersonFields(
        name=name,
        emails=email,
        phones=phone,
        remove_emails=remove_email,
        remove_phones=remove_phone,
        account=account,
        country=country,
        timezone=tz,
        stage=stage.value if stage else None,
        language=language,
        culture=culture,
        source=source,
        owner=owner,
        address=address,
        notes=notes,
        role=role,
        title=title,
        triage=triage,
        version=if_version,
    )
    _report(edit_person(s.workspace, ref, fields, s.now()), as_json, "Updated")


def _report(document: dict[str, Any], as_json: bool, verb: str) -> None:
    if as_json:
        print_json(document)
        return
    due = show.when(document["next_due_at"]) or "nothing scheduled"
    show.console.print(f"{verb} #{document['id']} {escape(document['name'])}; next due: {due}")


@person_app.command("list")
def person_list(
    ctx: typer.Context,
    account: str = typer.Option(None, "--account"),
    event: str = typer.Option(None, "--event", help="Only people met at this event (source)."),
    stage: Stage = typer.Option(None, "--stage", case_sensitive=False, help="Relationship stage."),
    owner: str = typer.Option(None, "--owner"),
    as_json: bool = JSON,
) -> None:
    """List people, filtered by account, event, stage or owner."""
    people = list_people(
        session(ctx).workspace, account, event, stage.value if stage else None, owner
    )
    if as_json:
        print_json({"people": people})
        return
    show.table(
        f"People ({len(people)})",
        ["id", "name", "account", "stage", "country", "owner", "next due"],
        [
            [
                p["id"],
                p["name"],
                p["account"],
                p["stage"],
                p["country"],
                p["owner"],
                show.when(p["next_due_at"]),
            ]
            for p in people
        ],
    )


@person_app.command("show")
def person_show(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="PERSON", help="Id, email or unique name."),
    as_json: bool = JSON,
) -> None:
    """Show a person, their rhythm and their commitments."""
    d = show_person(session(ctx).workspace, ref)
    if as_json:
        print_json(d)
        return
    rhythm = d["rhythm"]
    rhythm_text = (
        f"every {rhythm['every_days']} days by {rhythm['channel']} ({rhythm['source']})"
        if rhythm
        else "none"
    )
    show.fields(
        f"#{d['id']} {d['name']}",
        [
            ("account", d["account"]),
            ("stage", d["stage"]),
            ("emails", d["emails"]),
            ("phones", d["phones"]),
            ("country", d["country"]),
            ("time zone", d["timezone"]),
            ("culture", d["culture"]),
            ("owner", d["owner"]),
            ("source", d["source"]),
            ("role", d["role"]),
            ("title", d["title"]),
            ("rhythm", rhythm_text),
            ("last contact", show.when(d["last_contact_at"])),
            ("snoozed until", show.when(d["snoozed_until"])),
            ("next due", show.when(d["next_due_at"])),
            ("address", d["address"]),
            ("notes", d["notes"]),
            ("interests", d["interests"]),
            ("links", [f"{link['as'].replace('_', ' ')} {link['name']}" for link in d["links"]]),
        ],
    )
    if d["commitments"]:
        show.table(
            "Commitments",
            ["id", "side", "what", "due", "status"],
            [
                [c["id"], c["owner"], c["what"], show.when(c["due"], c["all_day"]), c["status"]]
                for c in d["commitments"]
            ],
        )


def timeline_command(
    ctx: typer.Context, ref: str = typer.Argument(..., metavar="PERSON"), as_json: bool = JSON
) -> None:
    """A person's history: touches and promises, newest first."""
    document = timeline(session(ctx).workspace, ref)
    if as_json:
        print_json(document)
        return
    rows = []
    for e in document["entries"]:
        if e["event"] == "interaction":
            what = " ".join(x for x in (e["kind"], e["direction"], e["outcome"] or "") if x)
            what += f" ({e['point'].replace('_', ' ')})" if e.get("point") else ""
            rows.append([show.when(e["at"]), what, e["user"], e["notes"] or ""])
        elif e["event"] == "guard_confirmed":
            rows.append([show.when(e["at"]), "logged despite", e["user"], e["breach"]])
        else:
            rows.append(
                [
                    show.when(e["at"]),
                    f"{e['event']} ({e['owner']})",
                    e["owed_by"] or "",
                    f"{e['what']} — due {show.when(e['due'], e['all_day'])}",
                ]
            )
    show.table(
        f"Timeline of {document['person']['name']}", ["when", "what", "who", "details"], rows
    )
