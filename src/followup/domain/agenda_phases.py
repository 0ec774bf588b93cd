"""A user's whole day of agenda, explained once: each subject's items, phase by phase.

An agenda moves with the clock as well as with the data, though only at known moments
within the user's day (which items are listed is fixed by the day's end; their wording
is not):
- an item counts its days in its own zone, so a Los Angeles contact's promise turns from
  "2 days overdue" to "3" at midnight in Los Angeles, 09:00 for a Berlin user;
- a warning about someone's working hours moves when a DST change moves either zone;
- "too soon" lifts at the exact moment the agreed minimum gap has passed;
- a service request counts its minutes: its items are recounted whenever they are read
  (service_levels.restated), so they need no phases.

`day_phases` explains each subject at the start of its day and again at each such moment
(most subjects have one or two phases), so that `items_at` gives the agenda at any moment
of the day without explaining anything: a prepared agenda then holds all day, until a
write. tests/domain/test_agenda_phases.py checks that claim against `agenda_for` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from followup.domain.agenda import SOURCES, rank
from followup.domain.cadence import welcome_from
from followup.domain.items import AgendaItem, Day
from followup.domain.localtime import local_date, zone
from followup.domain.model import Dossier, User
from followup.domain.satisfaction import AccountCheck
from followup.domain.service_levels import ServiceRequest

_HOUR = 3600  # no zone changes its offset or its date twice within an hour


@dataclass(frozen=True)
class Phase:
    """A subject's items from `since` until its next phase (or the end of the day)."""

    since: datetime
    items: tuple[AgendaItem, ...]


def day_phases(user: User, day: Day, subjects: Iterable[object]) -> list[list[Phase]]:
    """Every subject's phases over `day` (the user's day), in the order of `subjects`."""
    return [_phases(user, day, subject) for subject in subjects]


def items_at(
    phases: Sequence[Sequence[Phase]], at: datetime, restate: Callable[[AgendaItem], AgendaItem]
) -> list[AgendaItem]:
    """The ranked agenda at `at` (a moment of the phases' day); `restate` recounts the
    items that count minutes."""
    found: list[AgendaItem] = []
    for subject in phases:
        current = subject[0]
        for phase in subject[1:]:
            if phase.since > at:
                break
            current = phase
        found.extend(restate(item) for item in current.items)
    return sorted(found, key=rank)


def _phases(user: User, day: Day, subject: object) -> list[Phase]:
    rule = SOURCES[type(subject)]
    first = tuple(rule(subject, Day.of(user, day.start)))
    phases = [Phase(day.start, first)]
    for moment in _turns(day, first, subject):
        items = tuple(rule(subject, Day.of(user, moment)))
        if items != phases[-1].items:
            phases.append(Phase(moment, items))
    return phases


def _turns(day: Day, items: Sequence[AgendaItem], subject: object) -> list[datetime]:
    """The moments inside `day` at which the subject's wording may turn."""
    if not items:
        return []  # which items are listed is fixed for the day: none stays none
    zones = {day.tz.key, *(item.zone for item in items if item.zone)}
    turns = {turn for key in zones for turn in _calendar_turns(key, day.start, day.end)}
    welcome = _gap_end(subject)
    if welcome is not None and day.start < welcome < day.end:
        turns.add(welcome)
    return sorted(turns)


def _gap_end(subject: object) -> datetime | None:
    """When the person's agreed minimum gap ends ("too soon" until then)."""
    if isinstance(subject, ServiceRequest):
        return None
    dossier = subject.contact if isinstance(subject, AccountCheck) else subject
    if not isinstance(dossier, Dossier):
        return None
    return welcome_from(dossier.person, dossier.rhythm, dossier.touches)


@lru_cache(maxsize=4096)  # zones × days a server sees; each costs ~30 offset lookups
def _calendar_turns(key: str, start: datetime, end: datetime) -> tuple[datetime, ...]:
    """Where the date or the UTC offset changes in zone `key`, strictly inside [start, end).
    Both change on whole seconds only; the search steps by hours, then halves."""
    tz = zone(key)
    first, last = int(start.timestamp()), int(end.timestamp())
    turns = []
    known = first
    while known < last:
        step = min(known + _HOUR, last)
        if _face(tz, step) != _face(tz, known):
            turns.append(_first_change(tz, known, step))
        known = step
    return tuple(_moment(s) for s in turns if s < last)


def _first_change(tz: ZoneInfo, same: int, other: int) -> int:
    face = _face(tz, same)
    while other - same > 1:
        middle = (same + other) // 2
        same, other = (middle, other) if _face(tz, middle) == face else (same, middle)
    return other


def _face(tz: ZoneInfo, second: int) -> tuple[date, timedelta | None]:
    moment = _moment(second).astimezone(tz)
    return local_date(moment, tz), moment.utcoffset()


def _moment(second: int) -> datetime:
    return datetime.fromtimestamp(second, UTC)
