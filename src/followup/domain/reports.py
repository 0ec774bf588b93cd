"""What the reports count, as pure rules: the period and its months, ages in a stage, rates.

The numbers themselves are aggregated by the database (store/reports.py); these rules decide
the boundaries the queries group by and how their counts read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from followup.domain.errors import InvalidInput
from followup.domain.localtime import at_local, local_date, parse_moment
from followup.domain.model import Channel, InteractionKind

DEFAULT_MONTHS = 12
MAX_MONTHS = 120  # ten years: one CASE branch per month in the grouping query
# Days in the current stage: up to a week, a month, a quarter, more.
AGE_LIMITS = (7, 30, 90)
AGE_BUCKETS = ("0-7", "8-30", "31-90", "91+")
# The channel an attempt used, by the kind of touch logged.
CHANNEL_OF_KIND = {
    InteractionKind.EMAIL: Channel.EMAIL,
    InteractionKind.CALL: Channel.PHONE,
    InteractionKind.MEETING: Channel.IN_PERSON,
    InteractionKind.VISIT: Channel.IN_PERSON,
    InteractionKind.MESSAGE: Channel.MESSAGE,
}


@dataclass(frozen=True)
class Month:
    label: str  # 2026-11
    start: datetime  # its first instant in the report's time zone, as UTC


@dataclass(frozen=True)
class Period:
    """[since, until) in UTC and the calendar months (in the viewer's zone) it touches."""

    since: datetime
    until: datetime
    months: tuple[Month, ...]

    def month_starts(self) -> list[datetime]:
        """The boundaries after the first month's start: a time before the n-th falls in
        month n-1 (the grouping query's CASE)."""
        return [month.start for month in self.months[1:]]


def report_period(since: str | None, until: str | None, tz: ZoneInfo, now: datetime) -> Period:
    """The period from --since (a day counts from its start) up to --until (a day counts
    whole); by default the twelve calendar months up to now."""
    # parse_moment keeps every date within 1900-2199, so the month arithmetic cannot overflow.
    start, end = _ends(since, until, tz, now)
    months = _months(start, end, tz) if start < end else []
    if start >= end:
        raise InvalidInput("the report's --since must come before its --until")
    if len(months) > MAX_MONTHS:
        raise InvalidInput(
            f"a report covers at most {MAX_MONTHS // 12} years: give a later --since"
        )
    return Period(start, end, tuple(months))


def _ends(
    since: str | None, until: str | None, tz: ZoneInfo, now: datetime
) -> tuple[datetime, datetime]:
    end = now
    if until:
        moment, date_only = parse_moment(until, tz, time(0))
        if date_only:
            end = at_local(local_date(moment, tz) + timedelta(days=1), time(0), tz)
        else:
            end = moment
    if since:
        return parse_moment(since, tz, time(0))[0], end
    first = _month_of(local_date(end - timedelta(microseconds=1), tz))
    return at_local(_add_months(first, 1 - DEFAULT_MONTHS), time(0), tz), end


def _months(start: datetime, end: datetime, tz: ZoneInfo) -> list[Month]:
    first = _month_of(local_date(start, tz))
    last = _month_of(local_date(end - timedelta(microseconds=1), tz))
    found: list[Month] = []
    day = first
    while day <= last and len(found) <= MAX_MONTHS:
        found.append(Month(f"{day:%Y-%m}", at_local(day, time(0), tz)))
        day = _add_months(day, 1)
    return found


def _month_of(day: date) -> date:
    return day.replace(day=1)


def _add_months(day: date, count: int) -> date:
    index = day.year * 12 + day.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def age_limits(now: datetime) -> list[datetime]:
    """The stage_since boundaries, newest first: a deal that entered its stage after the
    first has been in it at most 7 whole days, after the second at most 30, and so on."""
    return [now - timedelta(days=days + 1) for days in AGE_LIMITS]


def rate(part: int, whole: int) -> float | None:
    """part/whole rounded to three places; None when there is nothing to divide."""
    return round(part / whole, 3) if whole else None


def kept_on_time_rate(on_time: int, late: int, overdue: int) -> float | None:
    """The share of promises that fell due and were kept by their due time."""
    return rate(on_time, on_time + late + overdue)


def milli_total(milli_units: int | Decimal | None) -> str:
    """A sum of values in thousandths (how the query adds exact decimals) as decimal text."""
    total = Decimal(int(milli_units or 0)) / 1000
    return format(total.normalize(), "f") if total else "0"


def totals_by_currency(rows: Sequence[tuple[str | None, int]]) -> list[dict[str, str]]:
    """[(currency, thousandths)] as [{"currency", "value"}], currencies in order."""
    return [
        {"currency": currency, "value": milli_total(total)}
        for currency, total in sorted(rows, key=lambda r: r[0] or "")
        if currency
    ]
