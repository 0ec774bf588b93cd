"""`followup report followups|responses|pipeline`: the numbers behind the Reports page."""

from __future__ import annotations

from typing import Any

import typer

from followup.cli import render as show
from followup.cli.context import print_json, session
from followup.services import reports as service

JSON = typer.Option(False, "--json", help="Print one JSON document to stdout.")
SINCE = typer.Option(None, "--since", metavar="DATE", help="From this day (default: 12 months).")
UNTIL = typer.Option(
    None, "--until", metavar="DATE", help="Up to this day, inclusive (default: now)."
)
USER = typer.Option(None, "--user", metavar="USER", help="Only this user's (default: everyone's).")


def register(report_app: typer.Typer) -> None:
    """Add the three reports to the `report` group."""
    report_app.command("followups")(report_followups)
    report_app.command("responses")(report_responses)
    report_app.command("pipeline")(report_pipeline)


def _run(
    ctx: typer.Context,
    name: str,
    query: tuple[str | None, str | None, str | None],
    as_json: bool,
) -> dict[str, Any] | None:
    """The report's document to show as tables, or None once printed as JSON."""
    s = session(ctx)
    document = service.REPORTS[name](s.workspace, service.ReportQuery(*query), s.now(), s.login)
    if as_json:
        print_json(document)
        return None
    return document


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def _kept(counts: dict[str, Any]) -> list[Any]:
    return [counts[k] for k in service.OUTCOMES] + [_pct(counts["on_time_rate"])]


KEPT_COLUMNS = ["on time", "late", "overdue", "open", "dropped", "on time %"]


def report_followups(
    ctx: typer.Context,
    since: str = SINCE,
    until: str = UNTIL,
    user: str = USER,
    as_json: bool = JSON,
) -> None:
    """Promises kept on time, late or still overdue, ours and theirs, per month and user."""
    document = _run(ctx, "followups", (since, until, user), as_json)
    if document is None:
        return
    sides = {"us": "ours", "them": "theirs"}
    show.table("Promises due in the period", ["whose", *KEPT_COLUMNS],
               [[sides[side], *_kept(document["sides"][side])] for side in sides])  # fmt: skip
    show.table(
        "Per month due",
        ["month", "whose", *KEPT_COLUMNS],
        [[m["month"], sides[side], *_kept(m[side])] for m in document["months"] for side in sides],
    )
    show.table(
        "Per owner",
        ["user", "whose", *KEPT_COLUMNS],
        [[u["user"], sides[side], *_kept(u[side])] for u in document["users"] for side in sides],
    )


def report_responses(
    ctx: typer.Context,
    since: str = SINCE,
    until: str = UNTIL,
    user: str = USER,
    as_json: bool = JSON,
) -> None:
    """Outbound attempts and how many were answered, per channel and per culture."""
    document = _run(ctx, "responses", (since, until, user), as_json)
    if document is None:
        return
    columns = ["attempts", "answered", "rate"]
    show.table(
        f"Attempts answered: {document['answered']} of {document['attempts']} "
        f"({_pct(document['rate']) or '-'})",
        ["channel", *columns],
        _answered(document["channels"], "channel"),
    )
    show.table("Per culture", ["culture", *columns], _answered(document["cultures"], "culture"))


def _answered(groups: list[dict[str, Any]], key: str) -> list[list[Any]]:
    """One row per group: its name under `key`, attempts, answered and the rate."""
    return [[g[key], g["attempts"], g["answered"], _pct(g["rate"])] for g in groups]


def _values(values: list[dict[str, str]]) -> str:
    return ", ".join(f"{v['value']} {v['currency']}" for v in values)


def report_pipeline(
    ctx: typer.Context,
    since: str = SINCE,
    until: str = UNTIL,
    user: str = USER,
    as_json: bool = JSON,
) -> None:
    """Open deals per stage (count, value, days in the stage); deals won and lost in the period."""
    document = _run(ctx, "pipeline", (since, until, user), as_json)
    if document is None:
        return
    buckets = document["age_buckets"]
    show.table(
        "Open deals",
        ["stage", "deals", "value", *[f"{b} days" for b in buckets]],
        [[s["stage"], s["deals"], _values(s["values"]), *[s["ages"][b] for b in buckets]]
         for s in document["stages"]],
    )  # fmt: skip
    show.table(
        "Closed in the period",
        ["outcome", "deals", "value"],
        [
            [key, document[key]["deals"], _values(document[key]["values"])]
            for key in ("won", "lost")
        ],
    )
