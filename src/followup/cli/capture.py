"""`extract`, `recap`, and the confirm step of `log --extract`."""

from __future__ import annotations

import sys
from dataclasses import asdict
from datetime import UTC, datetime, tzinfo
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from followup.cli import render as show
from followup.cli.context import Session, print_json, session
from followup.domain.errors import FollowupError, InvalidInput
from followup.domain.localtime import day_words, zone
from followup.domain.model import Side
from followup.extract import ProposedCadence, as_text
from followup.formats.recap import RecapFormat
from followup.services import capture, contact
from followup.services import recap as recaps
from followup.services.directory import viewer_timezone
from followup.settings import default_database_path

JSON = typer.Option(False, "--json", help="Print one JSON document to stdout.")
CHOICES = {"a": "accept", "accept": "accept", "y": "accept", "yes": "accept", "": "accept",
           "e": "edit", "edit": "edit", "r": "reject", "reject": "reject", "n": "reject",
           "no": "reject"}  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)
    app.command("recap")(recap_command)


def extract_command(
    ctx: typer.Context,
    at: str = typer.Option(None, "--at", help="When the meeting was (ISO; default: now)."),
    tz: str = typer.Option(None, "--tz", help="The meeting's time zone (default: yours)."),
    us: list[str] = typer.Option([], "--us", metavar="NAME", help="A name on our side."),
    them: list[str] = typer.Option([], "--them", metavar="NAME", help="A name on theirs."),
    lang: str = typer.Option(None, "--lang", help="en or de (default: detected)."),
    as_json: bool = JSON,
) -> None:
    """Propose the commitments in meeting notes or a transcript read from stdin."""
    s = session(ctx)
    text = as_text(sys.stdin.buffer.read(), "stdin")
    result = capture.extract_notes(text, at, _meeting_zone(s, tz, at), s.now(), us, them, lang)
    if as_json:
        print_json(result.document())
        return
    proposals = [
        capture.Proposal(c.owner, c.what, c.due, c.who, c.agreed, c.quote)
        for c in result.commitments
    ]
    _table(show.console, proposals)
    _cadence_line(show.console, result.cadence)


def _meeting_zone(s: Session, tz: str | None, at: str | None) -> tzinfo:
    """--tz, else the acting user's zone, else the offset written in --at, else UTC."""
    if tz:
        return zone(tz)
    if not (s.settings.uses_default_database and not default_database_path().exists()):
        try:
            return zone(viewer_timezone(s.workspace, s.login))
        except FollowupError:
            pass
    if at:
        try:
            written = datetime.fromisoformat(at.strip()).tzinfo
        except ValueError:
            written = None
        if written is not None:
            return written
    return UTC


def recap_command(
    ctx: typer.Context,
    interaction: int = typer.Argument(..., metavar="INTERACTION", help="The interaction id."),
    fmt: RecapFormat = typer.Option(RecapFormat.TEXT, "--format", help="text, markdown or html."),
    as_json: bool = JSON,
) -> None:
    """Draft the recap email for the customer: agreed next steps and the next contact."""
    email = recaps.recap(session(ctx).workspace, interaction, fmt.value)
    if as_json:
        print_json(asdict(email))
    elif email.format == "html":
        sys.stdout.write(email.body)  # a fragment for the mail client; --json has the subject
    else:
        sys.stdout.write(f"Subject: {email.subject}\n\n{email.body}")


def read_notes(value: str | None) -> str | None:
    """--notes: '-' reads stdin, an existing file is read, anything else is the text."""
    if value is None:
        return None
    if value == "-":
        return as_text(sys.stdin.buffer.read(), "stdin")
    path = Path(value)
    try:
        if len(value) < 4096 and path.is_file():
            return as_text(path.read_bytes(), value)
    except OSError as exc:
        raise InvalidInput(f"cannot read {value}: {exc.strerror}") from None
    return value


def log_with_extract(
    ctx: typer.Context,
    ref: str,
    entry: contact.LogInput,
    from_stdin: bool,
    yes: bool,
    lang: str | None,
    as_json: bool,
) -> None:
    """`log --extract`: propose, let the user accept, edit or reject, then save all at once."""
    if entry.notes is None:
        raise typer.BadParameter("--extract needs --notes TEXT, FILE or -")
    if from_stdin and not yes:
        raise InvalidInput(
            "notes read from stdin leave no way to answer the questions: add --yes, "
            "or give the notes as a FILE"
        )
    s = session(ctx)
    draft = capture.draft_meeting(s.workspace, ref, entry.notes, entry.at, s.now(), s.login, lang)
    out = Console(stderr=True, highlight=False) if as_json else show.console
    _table(out, list(draft.proposals))
    _cadence_line(out, draft.cadence)
    accepted, cadence = (list(draft.proposals), draft.cadence) if yes else _review(draft, as_json)
    logged = capture.save_meeting(s.workspace, draft, entry, accepted, cadence, s.now(), s.login)
    if as_json:
        print_json(logged.document())
        return
    _report(out, entry, logged, cadence)


def _report(
    out: Console,
    entry: contact.LogInput,
    logged: capture.LoggedMeeting,
    cadence: ProposedCadence | None,
) -> None:
    made = len(logged.commitments)
    out.print(
        f"Logged {entry.kind.value} #{logged.interaction_id} with {made} "
        f"commitment{'s' * (made != 1)}"
        + (f", rhythm every {cadence.every_days} days" if cadence else "")
        + f"; next due {show.when(logged.next_due_at) or 'nothing'}"
    )
    for what in logged.dated_by_default:
        out.print(f"  no date in the notes for {what!r}: due a week after the meeting")
    out.print(f"Recap for the customer: followup recap {logged.interaction_id}")


def _review(
    draft: capture.MeetingDraft, as_json: bool
) -> tuple[list[capture.Proposal], ProposedCadence | None]:
    accepted = []
    for number, proposal in enumerate(draft.proposals, 1):
        while True:
            answer = typer.prompt(
                f"#{number} [a]ccept, [e]dit or [r]eject", default="a", err=as_json
            )
            choice = CHOICES.get(answer.strip().lower())
            if choice is not None:
                break
            typer.echo("answer a, e or r", err=True)
        if choice == "accept":
            accepted.append(proposal)
        elif choice == "edit":
            accepted.append(_edit(proposal, draft, as_json))
    cadence = draft.cadence
    if cadence is not None:
        channel = f" by {cadence.channel.replace('_', ' ')}" if cadence.channel else ""
        question = (
            f"Agree a rhythm of every {cadence.every_days} days{channel} with {draft.person_name}?"
        )
        if not typer.confirm(question, default=True, err=as_json):
            cadence = None
    return accepted, cadence


def _edit(
    proposal: capture.Proposal, draft: capture.MeetingDraft, as_json: bool
) -> capture.Proposal:
    what = typer.prompt("what", default=proposal.what, err=as_json)
    owner = typer.prompt("owner (us/them)", default=proposal.owner.value, err=as_json)
    while owner.strip().lower() not in {"us", "them"}:
        owner = typer.prompt("owner (us/them)", default=proposal.owner.value, err=as_json)
    while True:
        due_text = typer.prompt("due (ISO date or e.g. 'next Friday')", default=proposal.due or "",
                                err=as_json)  # fmt: skip
        try:
            due = capture.resolve_due(due_text, draft) if due_text.strip() else None
            break
        except InvalidInput as exc:
            typer.echo(exc.message, err=True)
    return capture.Proposal(Side(owner.strip().lower()), what, due, proposal.who, proposal.agreed,
                            proposal.quote)  # fmt: skip


def _table(out: Console, proposals: list[capture.Proposal]) -> None:
    if not proposals:
        out.print("No commitments found in the notes.")
        return
    grid = Table(title="Proposed commitments", title_justify="left")
    for column in ("#", "side", "who", "what", "due", "agreed", "said"):
        grid.add_column(column)
    for number, p in enumerate(proposals, 1):
        said = p.quote if len(p.quote) <= 40 else p.quote[:37] + "..."
        cells = [
            str(number),
            p.owner.value,
            p.who or "",
            p.what,
            _day(p.due),
            "yes" * p.agreed,
            said,
        ]
        grid.add_row(*[escape(c) for c in cells])
    out.print(grid)


def _day(iso: str | None) -> str:
    if iso is None:
        return "no date"
    day = datetime.fromisoformat(iso).date()
    return f"{day_words(day)} {day.year}"


def _cadence_line(out: Console, cadence: ProposedCadence | None) -> None:
    if cadence is not None:
        channel = f", {cadence.channel.replace('_', ' ')}" if cadence.channel else ""
        out.print(f"Rhythm: every {cadence.every_days} days{channel}")
