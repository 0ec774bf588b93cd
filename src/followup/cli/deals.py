"""`followup deal ...`: deals through their stages, from first meeting to delivery."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape

from followup.cli import plans
from followup.cli import render as show
from followup.cli.context import IF_VERSION, FollowupGroup, print_json, session
from followup.domain.deals import DealStage, DecisionRole
from followup.services import deals as service

deal_app = typer.Typer(
    cls=FollowupGroup, no_args_is_help=True, help="Deals: opportunities and their stages."
)
JSON = typer.Option(False, "--json", help="Print one JSON document to stdout.")
DEAL = typer.Argument(..., metavar="DEAL", help="Deal id or title.")


def register(app: typer.Typer) -> None:
    """Add the `deal` and `plan` command groups to `app`."""
    app.add_typer(deal_app, name="deal")
    plans.register(app)


@deal_app.command("add")
def deal_add(
    ctx: typer.Context,
    account: str = typer.Argument(..., help="Account name or id."),
    title: str = typer.Argument(..., help="What the deal is, e.g. 'Line 3 retrofit'."),
    contact: list[str] = typer.Option(
        [], "--contact", metavar="PERSON", help="A person in the decision (repeatable)."
    ),
    role: list[DecisionRole] = typer.Option(
        [], "--role", help="Their role, one per --contact in order (default: champion)."
    ),
    value: str = typer.Option(None, "--value", help="Deal value, e.g. 120000."),
    currency: str = typer.Option(None, "--currency", help="ISO code, e.g. EUR."),
    decision_by: str = typer.Option(
        None, "--decision-by", metavar="DATE", help="Expected decision date."
    ),
    stage: DealStage = typer.Option(DealStage.LEAD, "--stage", help="Starting stage."),
    template: str = typer.Option(
        None, "--template", help="Lay out the plan from this template (needs --decision-by)."
    ),
    owner: str = typer.Option(None, "--owner", help="Owning user (default: you)."),
    notes: str = typer.Option(None, "--notes", help="Internal notes (never shared)."),
    as_json: bool = JSON,
) -> None:
    """Add a deal at an account, with the people in the decision."""
    if len(role) > len(contact):
        raise typer.BadParameter("give one --role per --contact, in the same order")
    roles = [r.value for r in role] + ["champion"] * (len(contact) - len(role))
    s = session(ctx)
    entry = service.DealInput(
        account, title, list(zip(contact, roles, strict=True)), value, currency,
        decision_by, owner, stage.value, template, notes,
    )  # fmt: skip
    document = service.add_deal(s.workspace, entry, s.now(), s.login)
    _report(document, as_json, "Added")


def _report(document: dict[str, Any], as_json: bool, verb: str) -> None:
    if as_json:
        print_json(document)
        return
    steps = len(document["milestones"])
    show.console.print(
        f"{verb} deal #{document['id']} {escape(document['title'])} "
        f"({escape(document['account'])}): {document['stage']}"
        + (f", decision by {document['decision_on']}" if document["decision_on"] else "")
        + (f", {steps} plan step{'s' * (steps != 1)}" if steps else "")
    )


@deal_app.command("list")
def deal_list(
    ctx: typer.Context,
    owner: str = typer.Option(None, "--owner"),
    stage: DealStage = typer.Option(None, "--stage"),
    account: str = typer.Option(None, "--account"),
    closed: bool = typer.Option(False, "--all", help="Include live and lost deals."),
    as_json: bool = JSON,
) -> None:
    """List deals (open and in delivery; --all adds live and lost)."""
    deals = service.list_deals(
        session(ctx).workspace, owner, stage.value if stage else None, account, closed
    )
    if as_json:
        print_json({"deals": deals})
        return
    show.table(
        f"Deals ({len(deals)})",
        ["id", "title", "account", "stage", "value", "decision", "owner", "next due"],
        [
            [
                d["id"], d["title"], d["account"], d["stage"],
                f"{d['value']} {d['currency']}" if d["value"] else "",
                d["decision_on"], d["owner"], show.when(d["next_due_at"]),
            ]
            for d in deals
        ],
    )  # fmt: skip


@deal_app.command("show")
def deal_show(ctx: typer.Context, ref: str = DEAL, as_json: bool = JSON) -> None:
    """Show a deal: its people and roles, its plan, its share links."""
    s = session(ctx)
    d = service.show_deal(s.workspace, ref, s.now())
    if as_json:
        print_json(d)
        return
    rules = d["rules"]
    quiet = f"{rules['rotting_days']} days ({rules['culture']})" if rules["rotting_days"] else ""
    show.fields(
        f"Deal #{d['id']} {d['title']}",
        [
            ("account", d["account"]), ("stage", d["stage"]),
            ("value", f"{d['value']} {d['currency']}" if d["value"] else None),
            ("decision by", d["decision_on"]), ("live by", d["live_by"]),
            ("owner", d["owner"]), ("time zone", d["timezone"]), ("template", d["template"]),
            ("stalls after", quiet), ("lost because", d["lost_reason"]),
            ("next due", show.when(d["next_due_at"])), ("notes", d["notes"]),
        ],
    )  # fmt: skip
    show.table(
        "People", ["id", "name", "role"], [[p["id"], p["name"], p["role"]] for p in d["people"]]
    )
    plans.milestone_table(d["milestones"])
    if d["share_links"]:
        show.table(
            "Share links",
            ["id", "created", "expires", "state"],
            [[x["id"], show.when(x["created_at"]), show.when(x["expires_at"]), x["state"]]
             for x in d["share_links"]],
        )  # fmt: skip


@deal_app.command("move")
def deal_move(
    ctx: typer.Context,
    ref: str = DEAL,
    stage: DealStage = typer.Argument(None, help="The new stage."),
    decision_by: str = typer.Option(None, "--decision-by", metavar="DATE"),
    live_by: str = typer.Option(None, "--live-by", metavar="DATE", help="Go-live date."),
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Move a deal to another stage, or re-date its decision or go-live."""
    s = session(ctx)
    document = service.move_deal(
        s.workspace, ref, s.now(), stage.value if stage else None, decision_by, live_by, if_version
    )
    _report(document, as_json, "Moved")


@deal_app.command("win")
def deal_win(
    ctx: typer.Context,
    ref: str = DEAL,
    on: str = typer.Option(None, "--on", metavar="DATE", help="Decision day (default: now)."),
    delivery: str = typer.Option(None, "--delivery", help="Delivery plan template."),
    live_by: str = typer.Option(None, "--live-by", metavar="DATE", help="Go-live date."),
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """The customer said yes: start the delivery plan, on the culture's clock."""
    s = session(ctx)
    document = service.win_deal(s.workspace, ref, s.now(), on, delivery, live_by, if_version)
    if as_json:
        print_json(document)
        return
    first = next((m for m in document["milestones"] if m["plan"] == "delivery"), None)
    _report(document, False, "Won")
    if first:
        show.console.print(f"First delivery step: {escape(first['title'])}, due {first['due_on']}.")


@deal_app.command("lose")
def deal_lose(
    ctx: typer.Context,
    ref: str = DEAL,
    reason: str = typer.Option(..., "--reason", help="Why the customer said no."),
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """The customer said no: record why; the plan is dropped and share links revoked."""
    s = session(ctx)
    _report(service.lose_deal(s.workspace, ref, reason, s.now(), if_version), as_json, "Lost")


@deal_app.command("person")
def deal_person(
    ctx: typer.Context,
    ref: str = DEAL,
    person: str = typer.Argument(..., metavar="PERSON", help="Id, email or unique name."),
    role: DecisionRole = typer.Option(DecisionRole.CHAMPION, "--role"),
    remove: bool = typer.Option(False, "--remove", help="Take them out of the deal."),
    as_json: bool = JSON,
) -> None:
    """Add a person to the deal's decision with their role (or --remove them)."""
    s = session(ctx)
    document = service.set_person(s.workspace, ref, person, role.value, remove, s.now())
    _report(document, as_json, "Updated")
