"""`agree`, `log`, `commit ...`, `snooze` and `today`."""

from __future__ import annotations

from dataclasses import replace

import typer
from rich.markup import escape

from followup.cli import capture, guarded
from followup.cli import render as show
from followup.cli.context import IF_VERSION, FollowupGroup, print_json, session
from followup.domain.durations import parse_days
from followup.domain.localtime import parse_moment, zone
from followup.domain.model import (
    Channel,
    Direction,
    FollowUpPoint,
    InteractionKind,
    Outcome,
    Side,
    Status,
)
from followup.services import contact, directory
from followup.services.agenda import agenda_document, today

commit_app = typer.Typer(
    cls=FollowupGroup, no_args_is_help=True, help="Commitments: promises on either side."
)
JSON = typer.Option(False, "--json", help="Print one JSON document to stdout.")
PERSON = typer.Argument(..., metavar="PERSON", help="Id, email or unique name.")


def register(app: typer.Typer) -> None:
    app.command("agree")(agree)
    app.command("log")(log)
    app.command("snooze")(snooze)
    app.command("today")(today_command)
    app.add_typer(commit_app, name="commit")


def agree(
    ctx: typer.Context,
    ref: str = PERSON,
    every: str = typer.Option(..., "--every", help="Rhythm, e.g. 14d or 2w."),
    min_gap: str = typer.Option(None, "--min-gap", help="Never more often than, e.g. 7d."),
    channel: Channel = typer.Option(None, "--channel"),
    by: str = typer.Option(None, "--by", help="Who agreed (default: the person)."),
    on: str = typer.Option(None, "--on", help="When it was agreed (ISO; default: now)."),
    maximum: str = typer.Option(
        None, "--max", help="Urgent past this, e.g. 3w (--every is ideal)."
    ),
    about: str = typer.Option(None, "--about", help="A colleague's status reports on ACCOUNT."),
    what: str = typer.Option(None, "--what", help="What the colleague sends (with --about)."),
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Record the follow-up rhythm a person agreed to (or a colleague's, with --about)."""
    s = session(ctx)
    gap = parse_days(min_gap, "minimum gap") if min_gap else None
    terms = contact.InternalTerms(parse_days(maximum, "maximum") if maximum else None, about, what)
    document = contact.agree(
        s.workspace, ref, parse_days(every), s.now(), gap, channel, by, on, terms, if_version
    )
    if as_json:
        print_json(document)
    else:
        show.console.print(
            f"Agreed with {escape(document['name'])}: every "
            f"{document['agreement']['every_days']} days; next due "
            f"{show.when(document['next_due_at']) or 'nothing scheduled'}"
        )


def log(
    ctx: typer.Context,
    ref: str = PERSON,
    kind: InteractionKind = typer.Option(InteractionKind.MEETING, "--kind"),
    at: str = typer.Option(None, "--at", help="When (ISO; default: now, your time zone)."),
    direction: Direction = typer.Option(Direction.OUT, "--direction"),
    outcome: Outcome = typer.Option(None, "--outcome"),
    notes: str = typer.Option(None, "--notes", help="The notes: TEXT, a FILE, or - for stdin."),
    we: list[str] = typer.Option([], "--we", help="Our promise: 'WHAT by DATE' (repeatable)."),
    they: list[str] = typer.Option([], "--they", help="Their promise: 'WHAT by DATE'."),
    extract: bool = typer.Option(False, "--extract", help="Propose the promises in the notes."),
    lang: str = typer.Option(None, "--lang", help="With --extract: en or de (default: detected)."),
    point: FollowUpPoint = typer.Option(None, "--point", help="The natural reason it used."),
    yes: bool = typer.Option(
        False,
        "--yes",
        "--force",
        help="Answer yes to every question: log it even if too soon; accept every proposal.",
    ),
    as_json: bool = JSON,
) -> None:
    """Log an interaction, optionally with the promises made in it."""
    s = session(ctx)
    promises = [contact.inline_promise(Side.US, t) for t in we]
    promises += [contact.inline_promise(Side.THEM, t) for t in they]
    text = capture.read_notes(notes)
    entry = contact.LogInput(kind, direction, outcome, at, text, promises, point, confirm=yes)
    if extract:
        capture.log_with_extract(ctx, ref, entry, notes == "-", yes, lang, as_json)
        return
    document = guarded.confirmed(
        lambda sure: contact.log_interaction(
            s.workspace, ref, replace(entry, confirm=sure), s.now(), s.login
        ),
        yes,
    )
    if as_json:
        print_json(document)
    else:
        guarded.report(document["guard"])
        made = len(document["commitments"])
        show.console.print(
            f"Logged {kind.value} #{document['interaction_id']}"
            + (f" with {made} commitment{'s' * (made != 1)}" if made else "")
            + f"; next due {show.when(document['next_due_at']) or 'nothing'}"
        )


@commit_app.command("add")
def commit_add(
    ctx: typer.Context,
    ref: str = PERSON,
    what: str = typer.Argument(..., help="What was promised, e.g. 'send revised proposal'."),
    owner: Side = typer.Option(..., "--owner", help="Whose promise: us or them."),
    due: str = typer.Option(..., "--due", help="ISO date or time, in the person's time zone."),
    by: str = typer.Option(None, "--by", help="Who owes it (default: you, or the person)."),
    agreed: bool = typer.Option(False, "--agreed", help="The customer agreed to this date."),
    point: FollowUpPoint = typer.Option(
        FollowUpPoint.NEXT_STEP, "--point", help="The natural follow-up point it plants."
    ),
    as_json: bool = JSON,
) -> None:
    """Record a promise, ours or theirs."""
    s = session(ctx)
    promise = contact.PromiseInput(owner, what, due, agreed, by, point)
    document = contact.add_commitment(s.workspace, ref, promise, s.now(), s.login)
    if as_json:
        print_json(document)
    else:
        show.console.print(
            f"Commitment #{document['id']}: {escape(document['what'])}, "
            f"due {show.when(document['due'], document['all_day'])}"
        )


def _close(
    ctx: typer.Context, commitment_id: int, status: Status, version: int | None, as_json: bool
) -> None:
    s = session(ctx)
    document = contact.close_commitment(s.workspace, commitment_id, status, s.now(), version)
    if as_json:
        print_json(document)
    else:
        show.console.print(f"Commitment #{commitment_id} {status.value}.")


COMMITMENT = typer.Argument(..., metavar="ID")


@commit_app.command("done")
def commit_done(
    ctx: typer.Context,
    commitment_id: int = COMMITMENT,
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Mark a commitment as kept."""
    _close(ctx, commitment_id, Status.DONE, if_version, as_json)


@commit_app.command("drop")
def commit_drop(
    ctx: typer.Context,
    commitment_id: int = COMMITMENT,
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Drop a commitment that no longer applies."""
    _close(ctx, commitment_id, Status.DROPPED, if_version, as_json)


@commit_app.command("list")
def commit_list(ctx: typer.Context, ref: str = PERSON, as_json: bool = JSON) -> None:
    """List a person's commitments."""
    document = contact.commitments_for(session(ctx).workspace, ref)
    if as_json:
        print_json(document)
        return
    show.table(
        f"Commitments of {document['person']['name']}",
        ["id", "side", "owed by", "what", "due", "status"],
        [
            [
                c["id"],
                c["owner"],
                c["owed_by"],
                c["what"],
                show.when(c["due"], c["all_day"]),
                c["status"],
            ]
            for c in document["commitments"]
        ],
    )


def snooze(
    ctx: typer.Context,
    ref: str = PERSON,
    until: str = typer.Option(None, "--until", help="ISO date: back on the agenda that day."),
    clear: bool = typer.Option(False, "--clear", help="End the snooze now."),
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Keep a person's rhythm and their promises off the agenda until a day."""
    if until is None and not clear:
        raise typer.BadParameter("give --until DATE or --clear")
    s = session(ctx)
    day = None if clear else until
    document = contact.snooze(s.workspace, ref, day, s.now(), s.login, if_version)
    if as_json:
        print_json(document)
    else:
        until_text = show.when(document["snoozed_until"]) or "no longer snoozed"
        show.console.print(f"{escape(document['name'])}: {until_text}")


def today_command(
    ctx: typer.Context,
    at: str = typer.Option(None, "--at", help="The moment (ISO; default: now)."),
    user: str = typer.Option(None, "--user", help="Whose agenda (default: yours)."),
    as_json: bool = JSON,
) -> None:
    """Whom to contact today, why, how, and what to avoid."""
    s = session(ctx)
    if as_json:
        print_json(agenda_document(s.workspace, at, user, s.login, s.now()))
        return
    moment = s.now()
    if at:
        who = directory.agenda_owner(s.workspace, user, s.login)
        moment = parse_moment(at, zone(who.timezone))[0]
    owner, items = today(s.workspace, moment, user, s.login)
    show.agenda(owner, moment, items)
