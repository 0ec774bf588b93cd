"""`followup tier ...`, `request ...`, `feedback` and `report satisfaction|breaches`."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape

from followup.cli import render as show
from followup.cli.context import IF_VERSION, FollowupGroup, print_json, session
from followup.domain.culture import FeedbackChannel
from followup.domain.durations import parse_days
from followup.domain.service_levels import parse_response
from followup.services import satisfaction, service_levels

tier_app = typer.Typer(
    cls=FollowupGroup, no_args_is_help=True, help="Service tiers: response time, check-ins, price."
)
request_app = typer.Typer(
    cls=FollowupGroup, no_args_is_help=True, help="Customer requests and their response times."
)
report_app = typer.Typer(cls=FollowupGroup, no_args_is_help=True, help="Reports.")
JSON = typer.Option(False, "--json", help="Print one JSON document to stdout.")
ACCOUNT = typer.Argument(..., metavar="ACCOUNT", help="Account name or id.")


def register(app: typer.Typer) -> None:
    app.add_typer(tier_app, name="tier")
    app.add_typer(request_app, name="request")
    app.add_typer(report_app, name="report")
    app.command("feedback")(feedback)


def _tier_options(response: str | None, checkin: str | None) -> tuple[int | None, int | None]:
    minutes = parse_response(response) if response else None
    days = parse_days(checkin, "check-in rhythm") if checkin else None
    return minutes, days


def _tier_line(document: dict[str, Any], verb: str) -> None:
    checkin = (
        f", check-in every {document['checkin_days']} days" if document["checkin_days"] else ""
    )
    show.console.print(
        f"{verb} tier {escape(document['name'])}: response within {document['response']}{checkin}"
        + (f", {escape(document['price'])}" if document["price"] else "")
        + (" (the default)" if document["default"] else "")
    )


@tier_app.command("add")
def tier_add(
    ctx: typer.Context,
    name: str,
    response: str = typer.Option(..., "--response", help="Response time: 90m, 4h, 2d, 1w."),
    checkin: str = typer.Option(None, "--checkin", help="Satisfaction check-in rhythm: 90d, 13w."),
    price: str = typer.Option(None, "--price", help="e.g. 'EUR 450 / month'."),
    default: bool = typer.Option(False, "--default", help="For accounts without a tier."),
    as_json: bool = JSON,
) -> None:
    """Add a service tier a customer can choose."""
    s = session(ctx)
    minutes, days = _tier_options(response, checkin)
    document = service_levels.save_tier(s.workspace, name, s.now(), minutes, days, price, default)
    print_json(document) if as_json else _tier_line(document, "Added")


@tier_app.command("edit")
def tier_edit(
    ctx: typer.Context,
    name: str,
    response: str = typer.Option(None, "--response"),
    checkin: str = typer.Option(None, "--checkin"),
    price: str = typer.Option(None, "--price"),
    default: bool = typer.Option(None, "--default/--not-default"),
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Change a tier; its accounts' check-ins follow."""
    s = session(ctx)
    minutes, days = _tier_options(response, checkin)
    document = service_levels.save_tier(
        s.workspace, name, s.now(), minutes, days, price, default, False, if_version
    )
    print_json(document) if as_json else _tier_line(document, "Changed")


@tier_app.command("list")
def tier_list(ctx: typer.Context, as_json: bool = JSON) -> None:
    """List the service tiers."""
    tiers = service_levels.list_tiers(session(ctx).workspace)
    if as_json:
        print_json({"tiers": tiers})
        return
    show.table(
        "Service tiers",
        ["name", "response", "check-in", "price", "default", "accounts"],
        [
            [t["name"], t["response"], f"{t['checkin_days']} days" if t["checkin_days"] else "-",
             t["price"], "yes" if t["default"] else "", t["accounts"]]
            for t in tiers
        ],
    )  # fmt: skip


@tier_app.command("set")
def tier_set(
    ctx: typer.Context,
    account: str = ACCOUNT,
    name: str = typer.Argument(None, metavar="[TIER]"),
    none: bool = typer.Option(False, "--none", help="Take the account off any tier."),
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Put an account on the tier it chose (--if-version: the account's version)."""
    if (name is None) == (not none):
        raise typer.BadParameter("give a TIER or --none")
    ws = session(ctx).workspace
    document = service_levels.set_tier(ws, account, None if none else name, if_version)
    if as_json:
        print_json(document)
    else:
        show.console.print(
            f"{escape(document['account'])}: tier {escape(document['tier'] or 'none')}; next "
            f"satisfaction check-in {show.when(document['next_checkin'])}"
        )


@request_app.command("add")
def request_add(
    ctx: typer.Context,
    account: str = ACCOUNT,
    what: str = typer.Argument(..., help="What they asked for."),
    person: str = typer.Option(None, "--from", metavar="PERSON", help="Who asked."),
    at: str = typer.Option(None, "--at", help="When it came in (ISO; default: now)."),
    assign: str = typer.Option(None, "--assign", help="Who responds (default: the owner)."),
    as_json: bool = JSON,
) -> None:
    """Record a customer's request; it is due within their tier's response time."""
    s = session(ctx)
    document = service_levels.add_request(
        s.workspace, account, what, s.now(), s.login, person, at, assign
    )
    if as_json:
        print_json(document)
    else:
        show.console.print(
            f"Request #{document['id']} from {escape(document['account'])}: respond within "
            f"{document['response']}, by {show.when(document['due'])} ({escape(document['owner'])})"
        )


def _requests_table(title: str, documents: list[dict[str, Any]]) -> None:
    show.table(
        title,
        ["id", "account", "from", "what", "due", "status", "late"],
        [
            [d["id"], d["account"], d["person"]["name"], d["what"], show.when(d["due"]),
             d["status"], d["late_by"] or ""]
            for d in documents
        ],
    )  # fmt: skip


@request_app.command("list")
def request_list(
    ctx: typer.Context,
    account: str = typer.Option(None, "--account"),
    everything: bool = typer.Option(False, "--all", help="Answered ones too."),
    as_json: bool = JSON,
) -> None:
    """List open requests (or all), soonest due first."""
    s = session(ctx)
    documents = service_levels.list_requests(s.workspace, s.now(), account, everything)
    if as_json:
        print_json({"requests": documents})
    else:
        _requests_table(f"Requests ({len(documents)})", documents)


@request_app.command("done")
def request_done(
    ctx: typer.Context,
    request_id: int = typer.Argument(..., metavar="ID"),
    at: str = typer.Option(None, "--at", help="When you responded (ISO; default: now)."),
    notes: str = typer.Option(None, "--notes"),
    if_version: int = IF_VERSION,
    as_json: bool = JSON,
) -> None:
    """Mark a request as answered."""
    s = session(ctx)
    document = service_levels.close_request(
        s.workspace, request_id, s.now(), s.login, at, notes, if_version
    )
    if as_json:
        print_json(document)
        return
    late = f" — {document['late_by']} late, a breach" if document["breach"] else " in time"
    show.console.print(f"Request #{request_id} answered{late}.")


def feedback(
    ctx: typer.Context,
    account: str = ACCOUNT,
    score: int = typer.Option(..., "--score", help="How satisfied, 1 (not at all) to 10."),
    comment: str = typer.Option(None, "--comment"),
    person: str = typer.Option(None, "--from", metavar="PERSON", help="Who gave it."),
    at: str = typer.Option(None, "--at", help="When (ISO; default: now)."),
    channel: FeedbackChannel = typer.Option(None, "--channel", help="How it was asked."),
    as_json: bool = JSON,
) -> None:
    """Record an account's satisfaction score; its next check-in moves on."""
    s = session(ctx)
    document = satisfaction.record_feedback(
        s.workspace, account, score, s.now(), s.login, comment, person, at, channel
    )
    if as_json:
        print_json(document)
    else:
        show.console.print(
            f"Recorded {document['score']}/10 for {escape(document['account'])}; next check-in "
            f"{show.when(document['next_checkin'])}"
        )


@report_app.command("satisfaction")
def report_satisfaction(
    ctx: typer.Context,
    since: str = typer.Option(None, "--since", help="Only feedback from this date (ISO)."),
    as_json: bool = JSON,
) -> None:
    """Satisfaction scores and their trend, per account and per culture."""
    s = session(ctx)
    document = satisfaction.report(s.workspace, since, s.login)
    if as_json:
        print_json(document)
        return
    arrows = {"up": "↑", "down": "↓", "flat": "→", "new": "·", "none": ""}
    show.table(
        "Satisfaction per account",
        ["account", "culture", "tier", "scores", "trend", "average", "next check-in"],
        [
            [a["account"], a["culture"], a["tier"],
             " → ".join(str(x["score"]) for x in a["scores"]),
             f"{arrows[a['trend']]} {a['trend']}".strip(), a["average"],
             show.when(a["next_checkin"])]
            for a in document["accounts"]
        ],
    )  # fmt: skip
    show.table(
        "Per culture",
        ["culture", "accounts", "rated", "responses", "latest avg", "previous avg", "↑", "↓", "→"],
        [
            [c["culture"], c["accounts"], c["rated"], c["responses"], c["average_latest"],
             c["average_previous"], c["up"], c["down"], c["flat"]]
            for c in document["cultures"]
        ],
    )  # fmt: skip


@report_app.command("breaches")
def report_breaches(
    ctx: typer.Context,
    since: str = typer.Option(None, "--since", help="Only requests from this date (ISO)."),
    as_json: bool = JSON,
) -> None:
    """Service requests answered late or still open past their response time."""
    s = session(ctx)
    document = service_levels.breaches(s.workspace, s.now(), since, s.login)
    if as_json:
        print_json(document)
        return
    _requests_table(
        f"Breaches: {len(document['breaches'])} of {document['requests']} requests",
        document["breaches"],
    )
    show.table(
        "Per tier",
        ["tier", "requests", "breaches"],
        [[t["tier"], t["requests"], t["breaches"]] for t in document["tiers"]],
    )
