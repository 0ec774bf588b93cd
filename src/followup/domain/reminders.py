"""When reminders go out: per-user preferences, quiet days, the digest slot, retries.

Pure: `now` is always a parameter. A reminder is identified by a key (a user's digest for a
local day, one webhook event for one endpoint), so planning it again plans nothing new.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from followup.domain.errors import InvalidInput
from followup.domain.localtime import at_local, local_date, utc

if TYPE_CHECKING:
    from holidays import HolidayBase

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LANGUAGES = ("en", "de")

# Transient failures are tried again after these delays; after the last, the reminder is
# given up (and shows as failed on the user's agenda and in `followup status`).
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=4),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1

# A claim older than this without an outcome belonged to a process that died mid-send.
LEASE = timedelta(minutes=15)


class ReminderStatus(StrEnum):
    QUEUED = "queued"  # waiting (for its moment, or for a retry after a failure)
    SENDING = "sending"  # claimed by one process, outcome not yet recorded
    SENT = "sent"
    FAILED = "failed"  # given up: a permanent error, or every retry failed
    UNCONFIRMED = "unconfirmed"  # the sender died between send and record: not re-sent
    CANCELLED = "cancelled"  # its endpoint was removed before it went out


class ReminderChannel(StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"


@dataclass(frozen=True)
class Preferences:
    """How and when a user wants to be reminded."""

    digest_at: time = time(8, 0)
    email: bool = True
    webhooks: bool = True
    empty_digest: bool = False
    quiet_weekdays: frozenset[int] = field(default=frozenset({5, 6}))
    holiday_country: str | None = None
    holiday_subdiv: str | None = None
    language: str = "en"


def parse_clock(text: str) -> time:
    """'08:00' or '8:30' as a time of day, or a clear error."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise InvalidInput(f"invalid time of day {text!r}: use HH:MM, e.g. 08:00")
    return time(int(match[1]), int(match[2]))


def format_clock(clock: time) -> str:
    return f"{clock:%H:%M}"


def parse_weekdays(text: str) -> frozenset[int]:
    """'sat,sun' as weekday numbers (Monday 0); 'none' or '' for no quiet weekday."""
    words = [w.strip().lower()[:3] for w in text.replace(" ", ",").split(",") if w.strip()]
    if words in ([], ["non"]):
        return frozenset()
    unknown = [w for w in words if w not in WEEKDAYS]
    if unknown:
        raise InvalidInput(f"unknown weekday {unknown[0]!r}: use mon,tue,wed,thu,fri,sat,sun")
    return frozenset(WEEKDAYS.index(w) for w in words)


def format_weekdays(days: frozenset[int]) -> str:
    return ",".join(WEEKDAYS[d] for d in sorted(days))


def holiday_region(text: str) -> tuple[str | None, str | None]:
    """'DE', 'DE-BY' (country and subdivision) or 'none', checked against `holidays`."""
    value = text.strip()
    if value.lower() in ("", "none", "off"):
        return None, None
    import holidays  # its calendars load on first use, not with every command

    country, _, subdiv = value.partition("-")
    country = country.upper()
    supported = holidays.list_supported_countries()
    if country not in supported or len(country) != 2:
        raise InvalidInput(f"no holiday calendar for {value!r}: use an ISO country code, e.g. DE")
    if not subdiv:
        return country, None
    known = {s.upper(): s for s in supported[country]}
    if subdiv.upper() not in known:
        codes = sorted(known)
        listed = ", ".join(codes[:40]) + (", ..." if len(codes) > 40 else "") or "none"
        raise InvalidInput(f"unknown region {value!r} for {country}: known are {listed}")
    return country, known[subdiv.upper()]


@lru_cache(maxsize=256)
def _holidays(country: str, subdiv: str | None, year: int) -> HolidayBase:
    import holidays

    return holidays.country_holidays(country, subdiv=subdiv, years=year)


def quiet_reason(prefs: Preferences, day: date) -> str | None:
    """Why no reminder goes out on `day` ('Saturday', 'Christmas Day'), or None."""
    if prefs.holiday_country:
        name = _holidays(prefs.holiday_country, prefs.holiday_subdiv, day.year).get(day)
        if name:
            return str(name)
    if day.weekday() in prefs.quiet_weekdays:
        return f"{day:%A}"
    return None


def digest_moment(prefs: Preferences, day: date, tz: ZoneInfo) -> datetime:
    """When the digest of `day` is due: the preferred time of day, in the user's zone."""
    return at_local(day, prefs.digest_at, tz)


def reminders_day(prefs: Preferences, tz: ZoneInfo, now: datetime) -> date | None:
    """The user's local day whose reminders are due at `now`, or None (too early, quiet).

    Only today counts: a scheduler that did not run for three days sends today's digest
    once, not three stale ones (the agenda keeps everything that is still due).
    """
    today = local_date(now, tz)
    if utc(now) < digest_moment(prefs, today, tz) or quiet_reason(prefs, today):
        return None
    return today


def next_digest(prefs: Preferences, tz: ZoneInfo, now: datetime, after: date | None) -> datetime:
    """The next moment a digest is due: today's if not yet sent (`after` is the last day
    sent), else the next day that is not quiet (looking a year ahead at most)."""
    day = local_date(now, tz)
    if after is not None and after >= day:
        day = after + timedelta(days=1)
    for _ in range(366):
        if not quiet_reason(prefs, day):
            return digest_moment(prefs, day, tz)
        day += timedelta(days=1)
    return digest_moment(prefs, day, tz)


def retry_at(attempts: int, now: datetime) -> datetime | None:
    """When to try again after `attempts` failed attempts, or None to give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return now + RETRY_DELAYS[max(0, attempts - 1)]


def lease_expired(claimed_at: datetime, now: datetime) -> bool:
    return now - claimed_at > LEASE


def digest_key(user_id: int, day: date) -> str:
    return f"digest/{user_id}/{day.isoformat()}"


def event_key(endpoint_id: int, event: str, subject: str) -> str:
    return f"webhook/{endpoint_id}/{event}/{subject}"
