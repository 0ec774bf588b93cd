"""Hypothesis strategies for instants where calendars are tricky.

Instants are drawn near the zone's real UTC-offset changes (DST starts and ends, found by
scanning the tz database), near local month and year ends (leap days included), and
anywhere between 2000 and 2040.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from tests.domain.builders import ZONES

FIRST = datetime(2000, 1, 1, tzinfo=UTC)
LAST = datetime(2040, 1, 1, tzinfo=UTC)


def _offset(moment: datetime, tz: ZoneInfo) -> timedelta:
    offset = moment.astimezone(tz).utcoffset()
    assert offset is not None
    return offset


@cache
def transitions(name: str) -> tuple[datetime, ...]:
    """Every instant in 2000-2040 at which the UTC offset of zone `name` changes."""
    tz = ZoneInfo(name)
    found = []
    step = timedelta(days=1)
    moment = FIRST
    before = _offset(moment, tz)
    while moment < LAST:
        after = _offset(moment + step, tz)
        if after != before:
            low, high = moment, moment + step  # offset(low) == before != offset(high)
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _offset(middle, tz) == before:
                    low = middle
                else:
                    high = middle
            found.append(high.replace(microsecond=0))
        moment += step
        before = after
    return tuple(found)


def _near(anchor: datetime, days: int = 2) -> st.SearchStrategy[datetime]:
    seconds = st.integers(-days * 86400, days * 86400)
    return seconds.map(lambda s: anchor + timedelta(seconds=s))


def _month_end(name: str) -> st.SearchStrategy[datetime]:
    """Instants within three days of a local month boundary (Feb 29 in leap years too)."""

    def boundary(year: int, month: int) -> datetime:
        first = date(year, month, 1)
        return datetime(first.year, first.month, 1, tzinfo=ZoneInfo(name)).astimezone(UTC)

    anchors = st.builds(boundary, st.integers(2000, 2039), st.integers(1, 12))
    return anchors.flatmap(lambda anchor: _near(anchor, 3))


def _leap_day(name: str) -> st.SearchStrategy[datetime]:
    years = st.sampled_from([2000, 2004, 2008, 2012, 2016, 2020, 2024, 2028, 2032, 2036])
    anchors = years.map(lambda y: datetime(y, 2, 29, 12, tzinfo=ZoneInfo(name)).astimezone(UTC))
    return anchors.flatmap(lambda anchor: _near(anchor, 2))


@cache
def instants_in(name: str) -> st.SearchStrategy[datetime]:
    """Aware UTC instants, biased towards the awkward moments of zone `name`."""
    anywhere = st.datetimes(
        min_value=FIRST.replace(tzinfo=None), max_value=LAST.replace(tzinfo=None)
    ).map(lambda d: d.replace(tzinfo=UTC))
    choices = [anywhere, _month_end(name), _leap_day(name)]
    changes = transitions(name)
    if changes:
        choices.insert(0, st.sampled_from(changes).flatmap(_near))
    return st.one_of(*choices)


@st.composite
def zoned_instants(draw: st.DrawFn, zones: tuple[str, ...] = ZONES) -> tuple[str, datetime]:
    """(zone name, UTC instant) pairs over the tricky zones."""
    name = draw(st.sampled_from(zones))
    return name, draw(instants_in(name))


def offset_at(moment: datetime, name: str) -> timedelta:
    return _offset(moment, ZoneInfo(name))
