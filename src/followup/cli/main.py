"""The `followup` command: global options, set-up, users and accounts."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from followup.cli import (
    access,
    capture,
    consistency,
    cultures,
    deals,
    demo,
    followups,
    history,
    intake,
    notify,
    people,
    privacy,
    relations,
    reports,
    service,
    trust,
    visits,
)
from followup.cli import render as show
from followup.cli.access import read_password
from followup.cli.context import IF_VERSION, FollowupGroup, Session, print_json, session, warn
from followup.domain.localtime import zone
from followup.domain.model import Role
from followup.services import directory, team
from followup.services.access import check_password, set_password
from followup.settings import load_settings
from followup.store.engine import make_engine
from followup.store.schema import current_revision, head_revision, upgrade

app = typer.Typer(
    cls=FollowupGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="followup: every promise kept, every customer on their agreed rhythm.",
)
user_app = typer.Typer(cls=FollowupGroup, no_args_is_help=True, help="Team members.")
account_app = typer.Typer(cls=FollowupGroup, no_args_is_help=True, help="Accounts (organisations).")
db_app = typer.Typer(cls=FollowupGroup, no_args_is_help=True, help="The database schema.")
app.add_typer(user_app, name="user")
app.add_typer(account_app, name="account")
app.add_typer(db_app, name="db")
consistency.register(db_app)
people.register(app)
followups.register(app)
demo.register(app)
trust.register(app)
capture.register(app)
notify.register(app)
cultures.register(app)
relations.register(app)
service.register(app)
reports.register(service.report_app)
visits.register(app)
access.register(app, user_app)
deals.register(app)
intake.register(app)
history.register(app)
privacy.register(app)

JSON = typer.Option(False, "--json", help="Print one JSON document to stdout.")
ACCOUNT_COLUMNS = ("id", "name", "country", "culture", "tier", "owner", "people")


@app.callback()
def main(
    ctx: typer.Context,
    db: str = typer.Option(None, "--db", metavar="URL", help="Database URL (or FOLLOWUP_DB)."),
    user: str = typer.Option(
        None,
        "--as",
        metavar="USER",
        help="Act as this user (or FOLLOWUP_USER; default: your login).",
    ),
) -> None:
    """followup remembers every promise on both sides and tells you whom to contact today."""
    # Set-up commands work before the acting user exists; the others refuse an unknown one.
    setup = ctx.invoked_subcommand in {"init", "user", "demo", "db", "serve", "backup", "restore"}
    ctx.obj = Session(load_settings(db, user), acts_as_user=not setup)


def system_timezone() -> str:
    """The machine's IANA zone: $TZ, else where /etc/localtime points, else UTC."""
    if os.environ.get("TZ", "").count("/"):
        return os.environ["TZ"].lstrip(":")
    target = Path("/etc/localtime")
    if target.is_symlink() and "zoneinfo/" in str(target.resolve()):
        return str(target.resolve()).split("zoneinfo/", 1)[1]
    return "UTC"


@app.command()
def init(
    ctx: typer.Context,
    tz: str = typer.Option(None, "--tz", help="Your time zone (default: the system's)."),
) -> None:
    """Create (or upgrade) the schema and a default user named after your login."""
    s = session(ctx)
    timezone = zone(tz or system_timezone()).key  # checked before anything is created
    if s.settings.uses_default_database:
        Path(s.settings.db.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    upgrade(make_engine(s.settings.db))
    created = directory.ensure_first_user(s.workspace, s.login or "me", timezone, s.now())
    show.console.print(f"Workspace ready at {s.settings.db}")
    if created:
        show.console.print(f"Created user {created.name} ({created.timezone}), an admin.")


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Bring the database schema up to this version of followup (back up first)."""
    engine = make_engine(session(ctx).settings.db)
    before = current_revision(engine)
    upgrade(engine)
    show.console.print(f"Schema {before or 'empty'} → {head_revision(engine)}")


@db_app.command("current")
def db_current(ctx: typer.Context, as_json: bool = JSON) -> None:
    """Show the schema revision of the database and the one this followup needs."""
    engine = make_engine(session(ctx).settings.db)
    document = {"current": current_revision(engine), "head": head_revision(engine)}
    if as_json:
        print_json(document)
    else:
        show.console.print(f"database at {document['current']}, followup needs {document['head']}")


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    name: str,
    email: str = typer.Option(None, "--email"),
    tz: str = typer.Option("UTC", "--tz", help="IANA time zone, e.g. Europe/Berlin."),
    role: Role = typer.Option(Role.MEMBER, "--role"),
    password: bool = typer.Option(
        False, "--password", help="Ask for a password to sign in to the web app with."
    ),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read that password from standard input."
    ),
    as_json: bool = JSON,
) -> None:
    """Add a team member."""
    s = session(ctx)
    secret = read_password(password_stdin) if password or password_stdin else None
    if secret is not None:
        check_password(secret)  # before the user exists: all or nothing
    user = directory.add_user(s.workspace, name, tz, s.now(), email, role)
    if secret is not None:
        set_password(s.workspace, user.name, secret)
    document = {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "timezone": user.timezone,
        "role": user.role.value,
    }
    print_json(document) if as_json else show.console.print(f"Added user {user.name}.")


@user_app.command("list")
def user_list(ctx: typer.Context, as_json: bool = JSON) -> None:
    """List the team."""
    documents = team.team(session(ctx).workspace)
    if as_json:
        print_json({"users": documents})
    else:
        show.table(
            "Users",
            ["id", "name", "email", "time zone", "role"],
            [[d[k] for k in ("id", "name", "email", "timezone", "role")] for d in documents],
        )


@account_app.command("add")
def account_add(
    ctx: typer.Context,
    name: str,
    country: str = typer.Option(None, "--country", help="ISO code, e.g. DE."),
    tier: str = typer.Option(None, "--tier", help="Service tier."),
    culture: str = typer.Option(None, "--culture", help="Culture profile key."),
    owner: str = typer.Option(None, "--owner", help="Owning user."),
    as_json: bool = JSON,
) -> None:
    """Add an account (an organisation)."""
    s = session(ctx)
    account = directory.add_account(
        s.workspace, name, s.now(), owner, s.login, country, tier, culture
    )
    warn(directory.show_account(s.workspace, str(account.id))["warnings"])
    if as_json:
        print_json(
            {
                "id": account.id,
                "name": account.name,
                "country": account.country,
                "tier": account.tier,
                "culture": account.culture,
                "version": account.version,
            }
        )
    else:
        show.console.print(f"Added account #{account.id} {account.name}.")


@account_app.command("edit")
def account_edit(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="ACCOUNT", help="Name or id."),
    name: str = typer.Option(None, "--name"),
    country: str = typer.Option(None, "--country", help="ISO code ('' for none)."),
    culture: str = typer.Option(None, "--culture", help="Culture profile key ('' for none)."),
    tier: str = typer.Option(None, "--tier", help="Service tier ('' for none)."),
    owner: str = typer.Option(None, "--owner", help="Owning user."),
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Change an account; only the options given are changed."""
    s = session(ctx)
    changes = directory.AccountChanges(name, country, culture, tier, owner, if_version)
    document = directory.edit_account(s.workspace, ref, changes, s.now())
    warn(document["warnings"])
    if as_json:
        print_json(document)
    else:
        show.console.print(f"Updated account #{document['id']} {document['name']}.")


@account_app.command("list")
def account_list(ctx: typer.Context, as_json: bool = JSON) -> None:
    """List accounts with their culture, owner and number of people."""
    accounts = directory.list_accounts(session(ctx).workspace)
    if as_json:
        print_json({"accounts": accounts})
    else:
        show.table(
            "Accounts",
            list(ACCOUNT_COLUMNS),
            [[a[k] for k in ACCOUNT_COLUMNS] for a in accounts],
        )


@account_app.command("show")
def account_show(ctx: typer.Context, ref: str, as_json: bool = JSON) -> None:
    """Show an account, its culture's etiquette and its people."""
    document = directory.show_account(session(ctx).workspace, ref)
    if as_json:
        print_json(document)
        return
    show.fields(
        f"Account #{document['id']} {document['name']}",
        [(k, document[k]) for k in ("country", "tier", "owner", "culture")],
    )
    etiquette = document["etiquette"]
    show.fields(
        f"Etiquette ({etiquette['culture']}), for everyone who touches this account",
        [
            ("notes", etiquette["notes"]),
            ("avoid", etiquette["faux_pas"]),
            ("negotiation", etiquette["negotiation"]),
            ("ask feedback", etiquette["feedback_channel"].replace("_", " ")),
            ("deliberation", f"about {etiquette['deliberation_days']} days"),
            ("after a yes", f"deliver within {etiquette['delivery_days']} days"),
            ("next check-in", show.when(document["next_checkin"])),
        ],
    )
    show.table(
        "People",
        ["id", "name", "stage", "next due"],
        [[p["id"], p["name"], p["stage"], show.when(p["next_due_at"])] for p in document["people"]],
    )


def run() -> None:
    """Console entry point."""
    app()
