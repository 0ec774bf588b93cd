"""Reports over a period: promises kept on time by side, outbound attempts answered, the
pipeline by stage and age. The database aggregates (store/reports.py); this folds its few
rows per group into the documents every adapter shows."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from followup.domain.deals import OPEN_STAGES
from followup.domain.errors import InvalidInput, NotFound
from followup.domain.localtime import zone
from followup.domain.model import Channel, InteractionKind, Side
from followup.domain.reports import (
    AGE_BUCKETS,
    CHANNEL_OF_KIND,
    Period,
    age_limits,
    kept_on_time_rate,
    rate,
    report_period,
    totals_by_currency,
)
from followup.services import satisfaction, service_levels
from followup.services.directory import current_user
from followup.services.views import iso
from followup.services.workspace import Workspace
from followup.store import directory
from followup.store import reports as store

OUTCOMES = ("on_time", "late", "overdue", "open", "dropped")


@dataclass(frozen=True)
class ReportQuery:
    """What a report covers: --since, --until (ISO, in the viewer's zone) and --user."""

    since: str | None = None
    until: str | None = None
    user: str | None = None


@dataclass(frozen=True)
class Scope:
    period: Period
    user_id: int | None
    header: dict[str, Any]


def _scope(
    conn: Connection, name: str, query: ReportQuery, now: datetime, login: str | None
) -> Scope:
    """The period in the viewer's time zone, and whose work it is about (None: everyone's)."""
    viewer = current_user(conn, None, login)
    period = report_period(query.since, query.until, zone(viewer.timezone), now)
    chosen = current_user(conn, query.user, None) if query.user else None
    header = {
        "report": name,
        "since": iso(period.since),
        "until": iso(period.until),
        "at": iso(now),
        "timezone": viewer.timezone,
        "user": chosen.name if chosen else None,
    }
    return Scope(period, chosen.id if chosen else None, header)


def _tally(counts: Counter[str]) -> dict[str, Any]:
    """The counts of one side, with how many fell due and the share kept on time."""
    found: dict[str, Any] = {outcome: counts[outcome] for outcome in OUTCOMES}
    found["due"] = counts["on_time"] + counts["late"] + counts["overdue"]
    found["on_time_rate"] = kept_on_time_rate(counts["on_time"], counts["late"], counts["overdue"])
    return found


def _by_side(counts: dict[str, Counter[str]]) -> dict[str, Any]:
    return {side.value: _tally(counts[side.value]) for side in Side}


def followups_report(
    ws: Workspace, query: ReportQuery, now: datetime, login: str | None
) -> dict[str, Any]:
    """Promises due in the period, ours and theirs: kept by their due time, kept late, still
    overdue (open past due now), not yet due, dropped; per month due and per owner."""
    with ws.transaction() as conn:
        scope = _scope(conn, "followups", query, now, login)
        period = scope.period
        rows = store.promises_kept(
            conn, period.since, period.until, period.month_starts(), now, scope.user_id
        )
        names = {user.id: user.name for user in directory.all_users(conn)}
    total: dict[str, Counter[str]] = defaultdict(Counter)
    months: dict[int, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    owners: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for row in rows:
        counts = Counter({outcome: int(getattr(row, outcome) or 0) for outcome in OUTCOMES})
        total[row.side].update(counts)
        months[int(row.month)][row.side].update(counts)
        owners[names.get(row.owner_id, "?")][row.side].update(counts)
    return {
        **scope.header,
        "sides": _by_side(total),
        "months": [
            {"month": month.label, **_by_side(months[index])}
            for index, month in enumerate(period.months)
        ],
        "users": [{"user": name, **_by_side(owners[name])} for name in sorted(owners)],
    }


def responses_report(
    ws: Workspace, query: ReportQuery, now: datetime, login: str | None
) -> dict[str, Any]:
    """Our outbound attempts in the period and how many were answered (they were reached, or
    the next thing logged with them came from them), per channel and per culture."""
    with ws.transaction() as conn:
        scope = _scope(conn, "responses", query, now, login)
        rows = store.attempts_answered(conn, scope.period.since, scope.period.until, scope.user_id)
    channels: dict[str, Counter[str]] = defaultdict(Counter)
    cultures: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        counts = Counter(attempts=int(row.attempts), answered=int(row.answered or 0))
        channels[CHANNEL_OF_KIND[InteractionKind(row.kind)].value].update(counts)
        culture = row.culture or row.account_culture
        profile = ws.cultures.resolve(culture, row.country, row.account_country)
        cultures[profile.key].update(counts)
    overall = sum(channels.values(), Counter())
    return {
        **scope.header,
        **_rated(overall),
        "channels": [{"channel": c.value, **_rated(channels[c.value])} for c in Channel],
        "cultures": [{"culture": key, **_rated(cultures[key])} for key in sorted(cultures)],
    }


def _rated(counts: Counter[str]) -> dict[str, Any]:
    attempts, answered = counts["attempts"], counts["answered"]
    return {"attempts": attempts, "answered": answered, "rate": rate(answered, attempts)}


def pipeline_report(
    ws: Workspace, query: ReportQuery, now: datetime, login: str | None
) -> dict[str, Any]:
    """The open deals now, per stage: how many, their value per currency, how long they have
    been in the stage; and the deals won and lost in the period."""
    with ws.transaction() as conn:
        scope = _scope(conn, "pipeline", query, now, login)
        open_rows = store.open_deals(conn, age_limits(now), scope.user_id)
        closed_rows = store.closed_deals(
            conn, scope.period.since, scope.period.until, scope.user_id
        )
    return {
        **scope.header,
        "age_buckets": list(AGE_BUCKETS),
        "stages": [
            _stage(stage.value, [r for r in open_rows if r.stage == stage.value])
            for stage in OPEN_STAGES
        ],
        "won": _deals([r for r in closed_rows if r.outcome == "won"]),
        "lost": _deals([r for r in closed_rows if r.outcome == "lost"]),
    }


def _stage(stage: str, rows: list[Any]) -> dict[str, Any]:
    ages: Counter[int] = Counter()
    for row in rows:
        ages[int(row.age)] += int(row.deals)
    return {
        "stage": stage,
        **_deals(rows),
        "ages": {bucket: ages[index] for index, bucket in enumerate(AGE_BUCKETS)},
    }


def _deals(rows: Iterable[Any]) -> dict[str, Any]:
    """How many deals and their value added up per currency (values without one: counted)."""
    values: Counter[str] = Counter()
    count = 0
    for row in rows:
        count += int(row.deals)
        if row.currency:
            values[row.currency] += int(row.value or 0)
    return {"deals": count, "values": totals_by_currency(list(values.items()))}


Report = Callable[[Workspace, ReportQuery, datetime, str | None], dict[str, Any]]
REPORTS: dict[str, Report] = {
    "followups": followups_report,
    "responses": responses_report,
    "pipeline": pipeline_report,
}
# The older reports (`report satisfaction|breaches`) take a start only.
SINCE_ONLY = ("satisfaction", "breaches")
NAMES = (*REPORTS, *SINCE_ONLY)


def run_report(
    ws: Workspace, name: str, query: ReportQuery, now: datetime, login: str | None
) -> dict[str, Any]:
    """Any report by its name, as the API and the Reports page ask for them."""
    if name in REPORTS:
        return REPORTS[name](ws, query, now, login)
    if name not in SINCE_ONLY:
        raise NotFound(f"unknown report {name!r}: {', '.join(NAMES)}")
    if query.until or query.user:
        raise InvalidInput(f"the {name} report takes only a start (since)")
    if name == "satisfaction":
        return {"report": name, **satisfaction.report(ws, query.since, login)}
    return {"report": name, **service_levels.breaches(ws, now, query.since, login)}
