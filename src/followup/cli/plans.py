"""`followup plan ...`: the mutual action plan of a deal, shared with the customer."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from followup.cli import render as show
from followup.cli.context import IF_VERSION, FollowupGroup, fail, print_json, session
from followup.domain.durations import parse_days
from followup.domain.plans import MilestoneStatus, PlanSide
from followup.services import plan_templates as templates
from followup.services import plans as service
from followup.services import sharing
from followup.services.plan_exports import PlanFormat, plan_file

plan_app = typer.Typer(
    cls=FollowupGroup, no_args_is_help=True, help="Mutual action plans: milestones and sharing."
)
template_app = typer.Typer(
    cls=FollowupGroup, no_args_is_help=True, help="Plan templates, shipped and your own."
)
plan_app.add_typer(template_app, name="template")
JSON = typer.Option(False, "--json", help="Print one JSON document to stdout.")
DEAL = typer.Argument(..., metavar="DEAL", help="Deal id or title.")
MILESTONE = typer.Argument(..., metavar="ID", help="Milestone id (see 'deal show').")


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")


def milestone_table(milestones: list[dict[str, Any]]) -> None:
    show.table(
        "Plan",
        ["id", "plan", "step", "side", "owner", "due", "status", "after"],
        [
            [
                m["id"], m["plan"],
                _step(m), m["side"],
                m["owner"] or (f"their {m['owner_role']}" if m["owner_role"] else ""),
                m["due_on"] if m["all_day"] else show.when(m["due_at"]),
                m["status"] + (f" (was {m['first_due_on']})" if m["first_due_on"] else ""),
                ", ".join(str(i) for i in m["depends_on"]),
            ]
            for m in milestones
        ],
    )  # fmt: skip


def _step(milestone: dict[str, Any]) -> str:
    title = str(milestone["title"])
    if milestone["kind"] == "checkpoint" and not title.lower().startswith("checkpoint"):
        return f"checkpoint: {title}"
    return title


# Laying out a template records it on the deal: the version checked is the deal's.
IF_DEAL_VERSION = typer.Option(
    None, "--if-version", metavar="N", min=1, max=2**31 - 1,
    help="With --template: refuse (writing nothing) if the deal changed since version N.",
)  # fmt: skip


@plan_app.command("add")
def plan_add(
    ctx: typer.Context,
    ref: str = DEAL,
    title: str = typer.Argument(None, help="The step, e.g. 'Security review'."),
    due: str = typer.Option(None, "--due", metavar="DATE", help="Due date (or time)."),
    side: PlanSide = typer.Option(PlanSide.US, "--side", help="Whose step it is."),
    owner: str = typer.Option(None, "--owner", help="Who owns it: a user, or their person."),
    after: list[int] = typer.Option([], "--after", metavar="ID", help="Waits for (repeatable)."),
    checkpoint: bool = typer.Option(False, "--checkpoint", help="A date to review together."),
    delivery: bool = typer.Option(False, "--delivery", help="A step of the delivery plan."),
    template: str = typer.Option(None, "--template", help="Lay out a template's steps instead."),
    notes: str = typer.Option(None, "--notes", help="Internal notes (never shared)."),
    if_version: int = IF_DEAL_VERSION,
    as_json: bool = JSON,
) -> None:
    """Add a milestone or checkpoint to a deal's plan, or lay out a template."""
    s = session(ctx)
    if if_version is not None and not template:
        raise typer.BadParameter("--if-version goes with --template: a new step has no version")
    if template:
        if title or due:
            raise typer.BadParameter("give either --template or a TITLE with --due")
        document = service.plan_from_template(
            s.workspace, ref, template, s.now(), version=if_version
        )
        if as_json:
            print_json(document)
        else:
            milestone_table(document["milestones"])
        return
    if not title or not due:
        raise typer.BadParameter("give a TITLE and --due DATE (or --template KEY)")
    entry = service.MilestoneInput(title, due, side, owner, after, checkpoint, delivery, notes)
    document = service.add_milestone(s.workspace, ref, entry, s.now(), s.login)
    if as_json:
        print_json(document)
    else:
        show.console.print(
            f"Milestone #{document['id']}: {escape(document['title'])}, due {document['due_on']}"
        )


def _close(
    ctx: typer.Context,
    milestone_id: int,
    status: MilestoneStatus,
    version: int | None,
    as_json: bool,
) -> None:
    s = session(ctx)
    document = service.close_milestone(s.workspace, milestone_id, status, s.now(), version)
    if as_json:
        print_json(document)
    else:
        show.console.print(
            f"Milestone #{milestone_id} {escape(document['title'])}: {status.value}."
        )


@plan_app.command("done")
def plan_done(
    ctx: typer.Context,
    milestone_id: int = MILESTONE,
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Mark a milestone done (a checkpoint: held)."""
    _close(ctx, milestone_id, MilestoneStatus.DONE, if_version, as_json)


@plan_app.command("drop")
def plan_drop(
    ctx: typer.Context,
    milestone_id: int = MILESTONE,
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Drop a milestone that no longer applies."""
    _close(ctx, milestone_id, MilestoneStatus.DROPPED, if_version, as_json)


@plan_app.command("slip")
def plan_slip(
    ctx: typer.Context,
    milestone_id: int = MILESTONE,
    to: str = typer.Option(..., "--to", metavar="DATE", help="The new date (or time)."),
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Move a milestone to a new date; the steps waiting on it move with it."""
    s = session(ctx)
    document = service.slip_milestone(s.workspace, milestone_id, to, s.now(), if_version)
    if as_json:
        print_json(document)
        return
    moved = document["moved_with_it"]
    show.console.print(
        f"Milestone #{milestone_id} {escape(document['title'])} moved to {document['due_on']}"
        + (f"; moved with it: {', '.join(f'#{i}' for i in moved)}" if moved else "")
    )


@plan_app.command("share")
def plan_share(
    ctx: typer.Context,
    ref: str = DEAL,
    expires: str = typer.Option("30d", "--expires", help="Link lifetime, e.g. 30d or 2w."),
    revoke: bool = typer.Option(False, "--revoke", help="Revoke the deal's links instead."),
    link: int = typer.Option(None, "--link", metavar="ID", help="With --revoke: only this link."),
    as_json: bool = JSON,
) -> None:
    """Give the customer a read-only page of the plan at an unguessable, expiring link."""
    if revoke:
        _unshare(ctx, ref, link, as_json)
        return
    s = session(ctx)
    days = parse_days(expires, "expiry")
    document = sharing.share_plan(s.workspace, ref, s.now(), s.login, s.settings.base_url, days)
    if as_json:
        print_json(document)
        return
    show.console.print(document["url"], soft_wrap=True)
    show.console.print(
        f"Link #{document['link_id']} expires {show.when(document['expires_at'])}; "
        "it is shown only now. Revoke it with 'followup plan unshare'."
    )


@plan_app.command("unshare")
def plan_unshare(
    ctx: typer.Context,
    ref: str = DEAL,
    link: int = typer.Option(None, "--link", metavar="ID", help="Only this link."),
    as_json: bool = JSON,
) -> None:
    """Revoke the deal's share links: they answer 'not found' from now on."""
    _unshare(ctx, ref, link, as_json)


def _unshare(ctx: typer.Context, ref: str, link: int | None, as_json: bool) -> None:
    s = session(ctx)
    document = sharing.unshare_plan(s.workspace, ref, s.now(), link)
    if as_json:
        print_json(document)
    else:
        show.console.print(f"Revoked link {', '.join(f'#{i}' for i in document['revoked'])}.")


@plan_app.command("export")
def plan_export(
    ctx: typer.Context,
    ref: str = DEAL,
    fmt: PlanFormat = typer.Option(..., "--format", help="markdown, html, ics or pdf."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file."),
) -> None:
    """Export the plan for the customer: a document, or calendar entries to import."""
    s = session(ctx)
    data = plan_file(s.workspace, ref, fmt, s.now(), s.settings.pdf_font).data
    if output is None:
        if fmt is PlanFormat.PDF and sys.stdout.isatty():
            fail("a PDF is not for the terminal: give --output FILE")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    show.console.print(f"Wrote {output} ({len(data):,} bytes).")


@template_app.command("list")
def template_list(ctx: typer.Context, as_json: bool = JSON) -> None:
    """List the plan templates."""
    found = templates.list_templates(session(ctx).workspace)
    if as_json:
        print_json({"templates": found})
        return
    show.table(
        "Plan templates",
        ["key", "name", "plan", "steps", "delivery", "from"],
        [[t["key"], t["name"], t["plan"], len(t["steps"]), t["delivery"] or "",
          "shipped" if t["shipped"] else "team"] for t in found],
    )  # fmt: skip


@template_app.command("show")
def template_show(ctx: typer.Context, key: str, as_json: bool = JSON) -> None:
    """Show a template's steps."""
    t = templates.show_template(session(ctx).workspace, key)
    if as_json:
        print_json(t)
        return
    show.fields(t["name"], [("key", t["key"]), ("plan", t["plan"]), ("about", t["description"])])
    show.table(
        "Steps",
        ["key", "title", "side", "role", "days", "after"],
        [[x["key"], ("checkpoint: " if x["checkpoint"] else "") + x["title"], x["side"],
          x["role"] or "", x["days"], ", ".join(x["after"])] for x in t["steps"]],
    )  # fmt: skip


@template_app.command("add")
def template_add(
    ctx: typer.Context,
    path: Path = typer.Argument(..., metavar="FILE", help="A TOML file of templates."),
    as_json: bool = JSON,
) -> None:
    """Add your own templates from a TOML file (the format of the shipped ones)."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}")
    s = session(ctx)
    keys = templates.add_templates(s.workspace, text, s.now(), s.login)
    if as_json:
        print_json({"added": keys})
    else:
        show.console.print(f"Added template{'s' * (len(keys) != 1)} {', '.join(keys)}.")


@template_app.command("remove")
def template_remove(ctx: typer.Context, key: str, if_version: int = IF_VERSION) -> None:
    """Remove one of your own templates (plans laid out from it stay)."""
    templates.remove_template(session(ctx).workspace, key, if_version)
    show.console.print(f"Removed template {key}.")
