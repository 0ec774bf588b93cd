"""`webhook ...` and `calendar ...`: feeding the tools a team already uses."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.markup import escape

from followup.cli import render as show
from followup.cli.context import IF_VERSION, FollowupGroup, print_json, session
from followup.services import reminders
from followup.services.directory import moment_for

webhook_app = typer.Typer(
    cls=FollowupGroup, no_args_is_help=True, help="Webhooks: signed JSON events to your tools."
)
calendar_app = typer.Typer(
    cls=FollowupGroup, no_args_is_help=True, help="Calendar: promises and check-ins as iCalendar."
)
JSON = typer.Option(False, "--json", help="Print one JSON document to stdout.")
USER = typer.Option(None, "--user", help="Whose (default: yours).")


def register(app: typer.Typer) -> None:
    app.add_typer(webhook_app, name="webhook")
    app.add_typer(calendar_app, name="calendar")


@webhook_app.command("add")
def webhook_add(
    ctx: typer.Context,
    url: str = typer.Argument(..., help="Where to POST, http(s)://..."),
    user: str = USER,
    events: str = typer.Option(
        None, "--events", help="Comma-separated: item.due, commitment.overdue (default: all)."
    ),
    secret: str = typer.Option(None, "--secret", help="Signing secret (default: generated)."),
    as_json: bool = JSON,
) -> None:
    """Send your agenda's events to URL, signed with HMAC-SHA256."""
    s = session(ctx)
    document = reminders.add_webhook(s.workspace, user, s.login, url, events, secret, s.now())
    if as_json:
        print_json(document)
        return
    show.console.print(f"Webhook #{document['id']} → {escape(document['url'])}")
    show.console.print(f"Signing secret (shown once): {escape(document['secret'])}")


@webhook_app.command("list")
def webhook_list(
    ctx: typer.Context,
    user: str = USER,
    everyone: bool = typer.Option(False, "--all", help="Every user's endpoints."),
    as_json: bool = JSON,
) -> None:
    """List webhook endpoints with their last delivery."""
    s = session(ctx)
    found = reminders.list_webhooks(s.workspace, "*" if everyone else user, s.login)
    if as_json:
        print_json({"webhooks": found})
        return
    rows = []
    for hook in found:
        last = hook["last_delivery"]
        outcome = (
            "never"
            if last is None
            else f"{show.when(last['at'])} "
            + (str(last["status_code"]) if last["error"] is None else str(last["error"]))
        )
        rows.append([hook["id"], hook["user"], hook["url"], ",".join(hook["events"]), outcome])
    show.table("Webhooks", ["id", "user", "url", "events", "last delivery"], rows)


@webhook_app.command("remove")
def webhook_remove(
    ctx: typer.Context,
    endpoint_id: int = typer.Argument(..., metavar="ID"),
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Stop sending to an endpoint (its queued events are cancelled, history kept)."""
    s = session(ctx)
    document = reminders.remove_webhook(s.workspace, endpoint_id, s.now(), version=if_version)
    if as_json:
        print_json(document)
    else:
        show.console.print(
            f"Removed webhook #{endpoint_id} ({escape(document['url'])}); "
            f"{document['cancelled']} queued event(s) cancelled."
        )


@webhook_app.command("test")
def webhook_test(
    ctx: typer.Context, endpoint_id: int = typer.Argument(..., metavar="ID"), as_json: bool = JSON
) -> None:
    """Send a signed 'ping' event to an endpoint now."""
    from followup.services import notify  # the HTTP client, only where it is used

    s = session(ctx)
    sent = notify.ping_webhook(s.workspace, s.settings.notify, endpoint_id, s.now())
    document = {"key": sent.key, "status": sent.status.value, "detail": sent.detail,
                "error": sent.last_error}  # fmt: skip
    if as_json:
        print_json(document)
    elif sent.last_error is None:
        show.console.print(f"ping delivered ({sent.detail}).")
    else:
        show.console.print(f"ping not delivered: {escape(sent.last_error)}")
    if sent.last_error is not None:
        raise typer.Exit(1)


@calendar_app.command("export")
def calendar_export_command(
    ctx: typer.Context,
    user: str = USER,
    at: str = typer.Option(None, "--at", help="The moment (ISO; default: now)."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to FILE (default: stdout)."),
) -> None:
    """Your promises (VTODO) and check-ins and meetings (VEVENT) as an .ics file."""
    from followup.services.calendar import calendar_export  # icalendar, only where used

    s = session(ctx)
    when = moment_for(s.workspace, at, user, s.login, s.now())
    document = calendar_export(s.workspace, user, s.login, when)
    if output is None:
        sys.stdout.buffer.write(document)
        sys.stdout.flush()
    else:
        output.write_bytes(document)


@calendar_app.command("feed")
def calendar_feed_command(
    ctx: typer.Context,
    user: str = USER,
    rotate: bool = typer.Option(False, "--rotate", help="New secret; the old URL stops."),
    as_json: bool = JSON,
) -> None:
    """The secret URL calendar apps subscribe to (served by 'followup serve')."""
    s = session(ctx)
    document = reminders.calendar_feed_document(
        s.workspace, user, s.login, rotate, s.now(), s.settings.notify.public_url
    )
    if as_json:
        print_json(document)
        return
    show.console.print(
        document["url"] or f"{document['path']} (set FOLLOWUP_PUBLIC_URL for the full URL)"
    )
