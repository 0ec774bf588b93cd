"""Small builders for domain tests: users, people, promises, rhythms and dossiers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from followup.domain.model import (
    Channel,
    Commitment,
    Direction,
    Dossier,
    Interaction,
    InteractionKind,
    Outcome,
    Person,
    Rhythm,
    Side,
    Stage,
    Status,
    Touches,
    User,
)

BERLIN = "Europe/Berlin"
TOKYO = "Asia/Tokyo"
NEW_YORK = "America/New_York"
LOS_ANGELES = "America/Los_Angeles"

# Time zones the property tests draw from: 30-minute DST (Lord Howe), DST at midnight
# (Santiago, Beirut), a former DST zone (Sao Paulo), half- and quarter-hour offsets
# (Kolkata, Chatham), no DST at all (Tokyo, UTC).
ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "America/Sao_Paulo",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Pacific/Chatham",
    "America/Santiago",
    "Asia/Beirut",
    "UTC",
)


def local(
    tz: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    """The UTC instant of a wall-clock time in `tz` (first occurrence if repeated)."""
    wall = datetime(year, month, day, hour, minute, second, tzinfo=ZoneInfo(tz))
    return wall.astimezone(UTC)


def end_of(day: date, tz: str) -> datetime:
    """How an all-day promise 'by DAY' is stored: 23:59:59 on that day where it applies."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def user(tz: str = BERLIN, name: str = "anna", id: int = 1) -> User:
    return User(id=id, name=name, timezone=tz)


def person(
    name: str = "Hans Braun",
    *,
    id: int = 1,
    tz: str = BERLIN,
    created_at: datetime | None = None,
    stage: Stage = Stage.CUSTOMER,
    snoozed_until: datetime | None = None,
    country: str | None = None,
    owner_id: int = 1,
) -> Person:
    return Person(
        id=id,
        name=name,
        owner_id=owner_id,
        timezone=tz,
        created_at=created_at or datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
        stage=stage,
        country=country,
        snoozed_until=snoozed_until,
    )


def ours(
    what: str,
    due: datetime,
    *,
    id: int | None = None,
    all_day: bool = True,
    status: Status = Status.OPEN,
    owed_by: str | None = None,
    person_id: int = 1,
) -> Commitment:
    return Commitment(person_id, Side.US, what, due, all_day, status, owed_by=owed_by, id=id)


def theirs(
    what: str,
    due: datetime,
    *,
    id: int | None = None,
    all_day: bool = True,
    status: Status = Status.OPEN,
    owed_by: str | None = None,
    person_id: int = 1,
) -> Commitment:
    return Commitment(person_id, Side.THEM, what, due, all_day, status, owed_by=owed_by, id=id)


def agreed(every: int, min_gap: int | None = None, channel: Channel = Channel.EMAIL) -> Rhythm:
    return Rhythm(every, min_gap, channel, "agreement")


def default_rhythm(
    every: int, min_gap: int | None = 3, channel: Channel = Channel.EMAIL, profile: str = "default"
) -> Rhythm:
    return Rhythm(every, min_gap, channel, f"culture:{profile}")


def touched(contact: datetime | None = None, attempt: datetime | None = None) -> Touches:
    return Touches(last_contact_at=contact, last_attempt_at=attempt)


def dossier(
    who: Person,
    rhythm: Rhythm | None = None,
    touches: Touches | None = None,
    commitments: Iterable[Commitment] = (),
    *,
    account: str | None = None,
    notes: str | None = None,
) -> Dossier:
    return Dossier(
        person=who,
        account_name=account,
        rhythm=rhythm,
        touches=touches or Touches(),
        open_commitments=tuple(commitments),
        last_notes=notes,
    )


def call(
    at: datetime, outcome: Outcome | None = Outcome.REACHED, direction: Direction = Direction.OUT
) -> Interaction:
    return Interaction(1, 1, InteractionKind.CALL, direction, at, outcome)
