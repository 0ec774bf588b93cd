"""iCalendar (RFC 5545): a user's promises as VTODOs, meetings and check-ins as VEVENTs.

Every component's UID is derived from what it stands for (`commitment-12@...`,
`checkpoint-5@...`), under a per-user domain kept in the database, so importing the file
again, or refreshing a subscribed feed, updates entries instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event, Todo

from followup.domain.localtime import at_local, local_date, utc, zone
from followup.domain.model import Commitment, Side, Status
from followup.domain.reasons import promise_phrase

MEETING_LENGTH = timedelta(hours=1)
CHECKPOINT_LENGTH = timedelta(minutes=30)
TODO_STATUS = {Status.OPEN: "NEEDS-ACTION", Status.DONE: "COMPLETED", Status.DROPPED: "CANCELLED"}


@dataclass(frozen=True)
class PromiseEntry:
    uid: str
    summary: str
    description: str
    due: datetime | date
    status: Status
    alarm_at: datetime | None
    closed_at: datetime | None = None


@dataclass(frozen=True)
class EventEntry:
    uid: str
    summary: str
    description: str
    start: datetime
    length: timedelta
    category: str


def promise_entry(
    commitment: Commitment,
    person_name: str,
    person_timezone: str,
    user_timezone: str,
    reminder_clock: time,
    uid_domain: str,
    closed_at: datetime | None = None,
) -> PromiseEntry:
    """A commitment as a to-do, due where it was promised, with an alarm in the user's
    morning: on the due day for our promises, the day after for theirs (when a check-in
    becomes natural)."""
    person_tz, user_tz = zone(person_timezone), zone(user_timezone)
    due_day = local_date(commitment.due_at, person_tz)
    due: datetime | date = due_day if commitment.all_day else utc(commitment.due_at)
    if commitment.side is Side.US:
        summary = f"{commitment.what} — for {person_name}"
        alarm = min(at_local(due_day, reminder_clock, user_tz), utc(commitment.due_at))
        if not commitment.all_day:
            alarm = min(alarm, utc(commitment.due_at) - timedelta(hours=1))
    else:
        summary = f"Check in: {person_name} promised {promise_phrase(commitment.what)}"
        alarm = at_local(due_day + timedelta(days=1), reminder_clock, user_tz)
    owed = commitment.owed_by or ("you" if commitment.side is Side.US else person_name)
    description = (
        f"{'Our' if commitment.side is Side.US else 'Their'} promise ({owed}): "
        f"{commitment.what}. Mark it done with: followup commit done {commitment.id}"
    )
    return PromiseEntry(
        uid=f"commitment-{commitment.id}@{uid_domain}",
        summary=summary,
        description=description,
        due=due,
        status=commitment.status,
        alarm_at=alarm if commitment.status is Status.OPEN else None,
        closed_at=closed_at,
    )


def calendar_document(
    name: str,
    timezone: str,
    now: datetime,
    promises: Iterable[PromiseEntry],
    events: Iterable[EventEntry],
) -> bytes:
    """The .ics text of one user's calendar."""
    calendar = Calendar()
    calendar.add("prodid", "-//followup//reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone)
    # Subscribers poll: ask for a refresh every hour (Apple, Outlook and others honour it).
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    stamp = utc(now)
    for promise in promises:
        calendar.add_component(_todo(promise, stamp))
    for entry in events:
        calendar.add_component(_event(entry, stamp))
    return bytes(calendar.to_ical())


def _todo(promise: PromiseEntry, stamp: datetime) -> Todo:
    todo = Todo()
    todo.add("uid", promise.uid)
    todo.add("dtstamp", stamp)
    todo.add("summary", promise.summary)
    todo.add("description", promise.description)
    todo.add("due", promise.due)
    todo.add("status", TODO_STATUS[promise.status])
    todo.add("categories", ["followup"])
    if promise.status is Status.DONE and promise.closed_at is not None:
        todo.add("completed", utc(promise.closed_at))
        todo.add("percent-complete", 100)
    if promise.alarm_at is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", promise.summary)
        alarm.add("trigger", utc(promise.alarm_at), parameters={"VALUE": "DATE-TIME"})
        todo.add_component(alarm)
    return todo


def _event(entry: EventEntry, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("summary", entry.summary)
    event.add("description", entry.description)
    event.add("dtstart", utc(entry.start))
    event.add("dtend", utc(entry.start) + entry.length)
    event.add("categories", ["followup", entry.category])
    event.add("transp", "TRANSPARENT" if entry.category == "checkpoint" else "OPAQUE")
    return event
