"""`digest`, `notify`, `status` and `prefs`: reminders in the inbox, sent exactly once.

The sending services (httpx, smtplib) and the calendar (icalendar) are imported inside the
commands that use them: every other followup command starts a few hundred ms sooner.
"""

from __future__ import annotations

import logging
import sys
from datetime import datetime

import typer
from rich.markup import escape

from followup.cli import hooks
from followup.cli import render as show
from followup.cli.context import IF_VERSION, Session, print_json, session
from followup.domain.localtime import parse_moment, zone
from followup.services import reminder_status
from followup.services.directory import moment_for
from followup.services.reminders import PreferenceChanges, preferences

JSON = typer.Option(False, "--json", help="Print one JSON document to stdout.")
USER = typer.Option(None, "--user", help="Whose (default: yours).")
AT = typer.Option(None, "--at", help="The moment (ISO; default: now).")


def register(app: typer.Typer) -> None:
    app.command("digest")(digest)
    app.command("notify")(notify_command)
    app.command("status")(status)
    app.command("prefs")(prefs)
    hooks.register(app)


def moment(s: Session, at: str | None, user: str | None) -> datetime:
    """`--at` read in the user's zone, or now."""
    return moment_for(s.workspace, at, user, s.login, s.now())


class _StderrLines(logging.Handler):
    """One line per problem on the stderr of the moment ('warning: ...', 'error: ...')."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(f"{record.levelname.lower()}: {record.getMessage()}\n")


def log_to_stderr() -> None:
    """Reminder problems go to stderr, one line each, while the command runs."""
    logger = logging.getLogger("followup.notify")
    if not any(isinstance(h, _StderrLines) for h in logger.handlers):
        logger.addHandler(_StderrLines())
    logger.setLevel(logging.INFO)
    logger.propagate = False


def digest(
    ctx: typer.Context,
    user: str = USER,
    at: str = AT,
    print_it: bool = typer.Option(False, "--print", help="Print the digest; send nothing."),
    send: bool = typer.Option(False, "--send", help="Send today's digest now, once."),
    html: bool = typer.Option(False, "--html", help="With --print: the HTML part."),
    again: bool = typer.Option(False, "--again", help="With --send: even if sent today."),
    as_json: bool = JSON,
) -> None:
    """Your agenda as an email: print it, or send it now (recorded, never twice)."""
    if print_it == send:
        raise typer.BadParameter("give exactly one of --print or --send")
    from followup.services import digests  # loads the HTTP and SMTP clients: only here

    s = session(ctx)
    when = moment(s, at, user)
    if print_it:
        rendered = digests.digest_preview(s.workspace, user, s.login, when)
        if as_json:
            print_json({"subject": rendered.subject, "text": rendered.text, "html": rendered.html})
        else:
            sys.stdout.write(
                rendered.html if html else f"Subject: {rendered.subject}\n\n{rendered.text}"
            )
        return
    log_to_stderr()
    sent = digests.send_digest_now(s.workspace, s.settings.notify, user, s.login, when, again)
    document = {"user": sent.user.name, "key": sent.key, "status": sent.status.value,
                "detail": sent.detail, "error": sent.error}  # fmt: skip
    if as_json:
        print_json(document)
    elif sent.error is None:
        show.console.print(f"Digest sent to {escape(sent.detail or '')}.")
    if sent.error is not None:
        if not as_json:
            show.console.print(f"Digest not sent ({sent.status.value}): {escape(sent.error)}")
        raise typer.Exit(1)


def notify_command(
    ctx: typer.Context,
    at: str = typer.Option(None, "--at", help="Act as if it were this moment (ISO, UTC)."),
    retry: int = typer.Option(None, "--retry", metavar="ID", help="Queue a failed reminder."),
    as_json: bool = JSON,
) -> None:
    """Send every reminder that is due, each exactly once (run it from cron or a timer).

    Exit code 1 when a reminder failed in this run (it is retried or shown as failed)."""
    from followup.services import notify  # loads the HTTP and SMTP clients: only here

    s = session(ctx)
    when = parse_moment(at, zone("UTC"))[0] if at else s.now()
    log_to_stderr()
    if retry is not None and not notify.requeue(s.workspace, retry, when):
        raise typer.BadParameter(f"reminder #{retry} is not failed or unconfirmed")
    report = notify.notify_once(s.workspace, s.settings.notify, when)
    if as_json:
        print_json({"at": when.isoformat(), **report.document()})
    else:
        others = f" · {report.taken_by_others} sent by another process" * bool(
            report.taken_by_others
        )
        show.console.print(
            f"sent {report.sent} · retrying {report.retrying} · failed {report.failed} · "
            f"unconfirmed {report.unconfirmed} · newly planned {report.planned}{others}"
        )
    if report.troubled:
        raise typer.Exit(1)


def status(ctx: typer.Context, user: str = USER, at: str = AT, as_json: bool = JSON) -> None:
    """Per user: when the last digest and reminders went out, what fails and why, what waits."""
    s = session(ctx)
    document = reminder_status.status_document(
        s.workspace, s.settings.notify, moment(s, at, user), user
    )
    if as_json:
        print_json(document)
        return
    scheduler = document["scheduler"]
    smtp = document["smtp"]
    show.console.print(
        f"SMTP: {smtp.get('server', 'not configured')}"
        f" · last notify run: {show.when(scheduler['last_run_at']) or 'never'}"
        + (" [red](stale: is cron or serve running?)[/red]" if scheduler["stale"] else "")
    )
    for entry in document["users"]:
        show_user_status(entry)


def show_user_status(entry: dict[str, object]) -> None:
    show.console.print()
    show.console.print(f"[bold]{escape(str(entry['user']))}[/bold] ({entry['timezone']})")
    if "error" in entry:
        show.console.print(f"  [red]error:[/red] {escape(str(entry['error']))}")
        return
    mail = entry["email_digest"]
    hooks_state = entry["webhooks"]
    assert isinstance(mail, dict) and isinstance(hooks_state, dict)
    state = "on" if mail["enabled"] else "off"
    last, upcoming = show.when(mail["last_sent_at"]), show.when(mail["next_due_at"])
    show.console.print(
        f"  digest {state} at {mail['at']} to {escape(str(entry['email'] or '(no address)'))}: "
        f"last {last or 'never'}, next {upcoming or '-'}"
    )
    if entry.get("quiet_today"):
        show.console.print(f"  quiet today: {escape(str(entry['quiet_today']))}")
    show.console.print(
        f"  webhooks {'on' if hooks_state['enabled'] else 'off'}: "
        f"{len(hooks_state['endpoints'])} endpoint(s), last event "
        f"{show.when(hooks_state['last_sent_at']) or 'never'}"
    )
    for trouble in entry["failing"]:  # type: ignore[attr-defined]
        show.console.print(
            f"  [red]failing[/red] {trouble['channel']} to {escape(trouble['target'])} since "
            f"{show.when(trouble['since'])} ({trouble['status']}, "
            f"{trouble['attempts']} attempt{'s' * (trouble['attempts'] != 1)}): "
            f"{escape(str(trouble['error']))}"
        )
    for waiting in entry["queued"]:  # type: ignore[attr-defined]
        show.console.print(
            f"  queued #{waiting['id']} {waiting['kind']} ({waiting['channel']}) at "
            f"{show.when(waiting['not_before'])}, attempt {waiting['attempts']} of "
            f"{waiting['max_attempts']}"
            + (f": {escape(str(waiting['last_error']))}" if waiting["last_error"] else "")
        )


def prefs(
    ctx: typer.Context,
    user: str = USER,
    digest_at: str = typer.Option(None, "--digest-at", help="Time of day, HH:MM (yours)."),
    email_digest: bool = typer.Option(None, "--digest/--no-digest", help="Email digest on/off."),
    webhooks: bool = typer.Option(None, "--webhooks/--no-webhooks", help="Webhooks on/off."),
    empty: bool = typer.Option(
        None, "--empty-digest/--no-empty-digest", help="Send a digest when nothing is due."
    ),
    quiet: str = typer.Option(None, "--quiet", help="Quiet weekdays, e.g. sat,sun (or none)."),
    holidays: str = typer.Option(None, "--holidays", help="Quiet on holidays of CC[-REGION]."),
    language: str = typer.Option(None, "--language", help="Digest language: en or de."),
    tz: str = typer.Option(None, "--tz", help="Your IANA time zone."),
    email: str = typer.Option(None, "--email", help="Where your digest goes."),
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Show or change how and when you are reminded."""
    s = session(ctx)
    changes = PreferenceChanges(
        digest_at, email_digest, webhooks, empty, quiet, holidays, language, tz, email, if_version
    )
    document = preferences(s.workspace, user, s.login, changes, s.now())
    if as_json:
        print_json(document)
        return
    show.fields(
        f"Reminders for {document['user']}",
        [(key.replace("_", " "), _word(value)) for key, value in document.items() if key != "user"],
    )


def _word(value: object) -> object:
    if isinstance(value, bool):
        return "on" if value else "off"
    return value if value not in (None, []) else "none"
