"""`followup user passwd|edit`, `followup token ...` and `followup serve`."""

from __future__ import annotations

import os
import sys

import typer

from followup.cli import render as show
from followup.cli.context import IF_VERSION, FollowupGroup, print_json, session
from followup.domain.errors import InvalidInput
from followup.domain.model import Role
from followup.services import access, team

token_app = typer.Typer(
    cls=FollowupGroup, no_args_is_help=True, help="Personal API tokens for scripts."
)
JSON = typer.Option(False, "--json", help="Print one JSON document to stdout.")


def register(app: typer.Typer, user_app: typer.Typer) -> None:
    app.add_typer(token_app, name="token")
    app.command("serve")(serve)
    user_app.command("passwd")(passwd)
    user_app.command("edit")(user_edit)


def read_password(from_stdin: bool) -> str:
    """The new password: one line of standard input, or typed twice at a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = typer.prompt("New password", hide_input=True, err=True)
    if typer.prompt("Repeat it", hide_input=True, err=True) != first:
        raise InvalidInput("the two passwords differ; nothing changed")
    return str(first)


def passwd(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="USER"),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input (scripts)."
    ),
) -> None:
    """Set a user's password for signing in to the web app (their sessions end)."""
    s = session(ctx)
    user = access.set_password(s.workspace, name, read_password(password_stdin))
    show.console.print(f"Password set for {user.name}; they can sign in to the web app.")


def user_edit(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="USER"),
    role: Role = typer.Option(None, "--role"),
    tz: str = typer.Option(None, "--tz", help="IANA time zone."),
    email: str = typer.Option(None, "--email", help="New email ('' removes it)."),
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Change a user's role, time zone or email."""
    changes = team.UserChanges(role, tz, email, if_version)
    document = team.edit_user(session(ctx).workspace, name, changes)
    if as_json:
        print_json(document)
    else:
        show.console.print(f"{document['name']}: {document['role']}, {document['timezone']}")


@token_app.command("add")
def token_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="What the token is for, e.g. 'nightly export'."),
    as_json: bool = JSON,
) -> None:
    """Create a personal API token for the acting user; it is printed once, never again."""
    s = session(ctx)
    document = access.add_token(s.workspace, s.login, name, s.now())
    if as_json:
        print_json(document)
        return
    show.console.print(f"Token #{document['id']} {document['name']} for {document['user']}:")
    sys.stdout.write(document["token"] + "\n")
    show.console.print("Keep it secret; it is not shown again. Send: Authorization: Bearer <token>")


@token_app.command("list")
def token_list(ctx: typer.Context, as_json: bool = JSON) -> None:
    """List the acting user's tokens (without their secrets)."""
    s = session(ctx)
    tokens = access.list_tokens(s.workspace, s.login)
    if as_json:
        print_json({"tokens": tokens})
        return
    show.table(
        "API tokens",
        ["id", "name", "starts with", "created", "last used", "revoked"],
        [
            [
                t["id"],
                t["name"],
                t["hint"],
                show.when(t["created_at"]),
                show.when(t["last_used_at"]),
                show.when(t["revoked_at"]),
            ]
            for t in tokens
        ],
    )


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context, token_id: int = typer.Argument(..., metavar="ID"), as_json: bool = JSON
) -> None:
    """Revoke one of your tokens: scripts using it are refused from now on."""
    s = session(ctx)
    document = access.revoke_token(s.workspace, s.login, token_id, s.now())
    if as_json:
        print_json(document)
    else:
        show.console.print(f"Token #{document['id']} {document['name']} revoked.")


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=0, max=65535),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Worker processes."),
) -> None:
    """Serve the web app and the REST API (/api, OpenAPI at /api/openapi.json)."""
    import uvicorn

    s = session(ctx)
    _ = s.workspace  # refuses a missing or stale schema before anything listens
    # Every worker process builds its app from the environment: hand it the settings.
    os.environ["FOLLOWUP_DB"] = s.settings.db
    show.console.print(f"followup serving {s.settings.db} at http://{host}:{port}/")
    uvicorn.run(
        "followup.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level="warning",
        access_log=False,
    )
