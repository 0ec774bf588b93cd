"""Local days and moments: "today" and "by Friday" mean the day where they apply.

Every instant in followup is an aware UTC datetime; local calendars only decide which
day an instant belongs to. Arithmetic in days is wall-clock arithmetic in the relevant
time zone, so "every 14 days" keeps its time of day across daylight-saving changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup.domain.errors import InvalidInput

END_OF_DAY = time(23, 59, 59)
NOON = time(12, 0)
# The moments a user may give: far enough back for any history worth logging, far enough
# ahead for any plan. Beyond them, day arithmetic ("tomorrow", a week's end, a zone's
# offset) could leave the years 1 to 9999 that Python's calendar knows, and fail there.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


# ZoneInfo keeps only 8 zones strongly cached; an agenda spanning more zones than that
# would re-read zone files from disk for every item.
@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    """The IANA time zone called `name`, or a clear error."""
    try:
        if not name or name.strip() != name:
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidInput(
            f"unknown time zone {name!r}: use an IANA name such as Europe/Berlin"
        ) from None


def utc(moment: datetime) -> datetime:
    """`moment` as an aware UTC datetime (naive values are taken as UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    """The calendar day `moment` falls on in `tz`."""
    return _in_zone(moment, tz).date()


def _in_zone(moment: datetime, tz: ZoneInfo) -> datetime:
    # An aware moment converts to `tz` in one step (the same instant as through UTC);
    # only a naive one needs reading as UTC first. The agenda does this thousands of times.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz)


def at_local(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock `clock` on `day` in `tz`.

    A wall time skipped by a DST change (fold=0) resolves to the instant just after
    the gap, which still lies on `day`. fold=1 is dropped: on a skipped time it would
    resolve to the instant before the gap, which can be the previous day (Santiago skips
    midnight); on a repeated time fold=0 is its first occurrence.
    """
    return datetime.combine(day, clock.replace(fold=0), tzinfo=tz).astimezone(UTC)


def start_of_day(moment: datetime, tz: ZoneInfo) -> datetime:
    """The first instant of the local day that holds `moment`."""
    return at_local(local_date(moment, tz), time(0), tz)


def start_of_next_day(moment: datetime, tz: ZoneInfo) -> datetime:
    """The first instant of the local day after the one that holds `moment`."""
    return at_local(local_date(moment, tz) + timedelta(days=1), time(0), tz)


def add_local_days(moment: datetime, days: int, tz: ZoneInfo) -> datetime:
    """`moment` moved by `days` calendar days in `tz`, keeping its wall-clock time."""
    local = _in_zone(moment, tz)
    moved = datetime.combine(local.date() + timedelta(days=days), local.timetz())
    return moved.replace(tzinfo=tz, fold=0).astimezone(UTC)


def days_between(earlier: date, later: date) -> int:
    """Whole calendar days from `earlier` to `later` (negative if reversed)."""
    return (later - earlier).days


def parse_moment(text: str, tz: ZoneInfo, date_only_time: time = NOON) -> tuple[datetime, bool]:
    """Parse ISO 8601 `text` into (UTC instant, whether only a date was given).

    A date alone means `date_only_time` on that day in `tz`; a time without an offset is
    wall-clock time in `tz`.
    """
    value = text.strip()
    try:
        try:
            day = date.fromisoformat(value)  # any ISO date form: 2026-11-27, 20261127, ...
        except ValueError:
            moment = datetime.fromisoformat(value)
        else:
            return _supported(text, at_local(day, date_only_time, tz)), True
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=tz)
        return _supported(text, moment.astimezone(UTC)), False
    except ValueError:
        raise InvalidInput(
            f"invalid date {text!r}: use ISO 8601 such as 2026-11-27 or 2026-11-27T15:00"
        ) from None
    except OverflowError:
        raise InvalidInput(f"invalid date {text!r}: out of the supported range") from None


def _supported(text: str, moment: datetime) -> datetime:
    if not EARLIEST <= moment < LATEST:
        raise InvalidInput(
            f"invalid date {text!r}: give one from {EARLIEST.year} to {LATEST.year - 1}"
        )
    return moment


WEEKDAY_WORDS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_WORDS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_words(day: date) -> str:
    """'Fri 20 Nov': English whatever the process's locale (strftime's %a and %b follow it)."""
    return f"{WEEKDAY_WORDS[day.weekday()]} {day.day} {MONTH_WORDS[day.month - 1]}"


def format_day(moment: datetime, tz: ZoneInfo, today: date | None = None) -> str:
    """'Fri 20 Nov' in `tz`, with the year when it is not `today`'s year."""
    day = local_date(moment, tz)
    text = day_words(day)
    if today is not None and day.year != today.year:
        text += f" {day.year}"
    return text


def format_moment(moment: datetime, tz: ZoneInfo, today: date | None = None) -> str:
    """'Fri 20 Nov 15:00' in `tz`."""
    return f"{format_day(moment, tz, today)} {_in_zone(moment, tz):%H:%M}"
