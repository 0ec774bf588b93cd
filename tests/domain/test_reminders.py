"""When reminders go out (pure): preferences parsing, quiet days and holidays, the digest
slot across time zones and DST, retries, the failing-channel logic and webhook events."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain.agenda import agenda_for
from followup.domain.deliveries import Reminder, agenda_events, parse_events, troubles, wants
from followup.domain.errors import InvalidInput
from followup.domain.localtime import local_date
from followup.domain.reminders import (
    MAX_ATTEMPTS,
    Preferences,
    ReminderChannel,
    ReminderStatus,
    digest_moment,
    holiday_region,
    next_digest,
    parse_clock,
    parse_weekdays,
    quiet_reason,
    reminders_day,
    retry_at,
)
from tests.domain.builders import BERLIN, dossier, end_of, ours, person, theirs, user
from tests.domain.strategies import zoned_instants

BERLIN_TZ = ZoneInfo(BERLIN)


def test_clock_weekdays_and_regions_are_parsed_or_refused() -> None:
    assert parse_clock("8:05") == time(8, 5) and parse_clock(" 23:59 ") == time(23, 59)
    for bad in ("24:00", "8", "08:60", "eight"):
        with pytest.raises(InvalidInput, match="invalid time of day"):
            parse_clock(bad)
    assert parse_weekdays("Sat, sun") == frozenset({5, 6})
    assert parse_weekdays("saturday,sunday") == frozenset({5, 6})
    assert parse_weekdays("none") == frozenset() == parse_weekdays("")
    with pytest.raises(InvalidInput, match="unknown weekday 'fry'"):
        parse_weekdays("mon,fry")
    assert holiday_region("de-by") == ("DE", "BY")
    assert holiday_region("JP") == ("JP", None)
    assert holiday_region("none") == (None, None)
    with pytest.raises(InvalidInput, match="no holiday calendar for 'XX'"):
        holiday_region("XX")
    with pytest.raises(
        InvalidInput, match=r"unknown region 'DE-ZZ' for DE: known are .*BW, BY, .*TH$"
    ):
        holiday_region("DE-ZZ")


def test_quiet_days_are_weekends_and_local_holidays() -> None:
    prefs = Preferences(holiday_country="DE", holiday_subdiv="BY")
    assert quiet_reason(prefs, date(2026, 11, 28)) == "Saturday"
    assert quiet_reason(prefs, date(2026, 11, 23)) is None
    assert quiet_reason(prefs, date(2026, 12, 25)) == "Christmas Day"
    assert quiet_reason(prefs, date(2027, 1, 6)) == "Epiphany"  # Bavaria only
    assert quiet_reason(Preferences(holiday_country="DE"), date(2027, 1, 6)) is None
    assert quiet_reason(Preferences(quiet_weekdays=frozenset()), date(2026, 11, 28)) is None


def test_the_digest_slot_and_the_next_one() -> None:
    prefs = Preferences(digest_at=time(8, 0))
    monday_0759 = datetime(2026, 11, 23, 6, 59, tzinfo=UTC)
    assert reminders_day(prefs, BERLIN_TZ, monday_0759) is None
    assert reminders_day(prefs, BERLIN_TZ, monday_0759 + timedelta(minutes=1)) == date(2026, 11, 23)
    assert reminders_day(prefs, BERLIN_TZ, datetime(2026, 11, 28, 9, tzinfo=UTC)) is None
    friday = datetime(2026, 11, 27, 9, tzinfo=UTC)
    # Sent on Friday: the next one is Monday's (the weekend is quiet).
    assert next_digest(prefs, BERLIN_TZ, friday, date(2026, 11, 27)) == datetime(
        2026, 11, 30, 7, tzinfo=UTC
    )
    assert next_digest(prefs, BERLIN_TZ, friday, None) == datetime(2026, 11, 27, 7, tzinfo=UTC)


@settings(max_examples=300, deadline=None)
@given(zoned_instants(), st.times(), st.frozensets(st.integers(0, 6), max_size=6))
def test_reminders_go_out_on_the_users_day_after_their_time(
    zoned: tuple[str, datetime], clock: time, quiet: frozenset[int]
) -> None:
    name, now = zoned
    tz = ZoneInfo(name)
    prefs = Preferences(digest_at=clock.replace(microsecond=0), quiet_weekdays=quiet)
    today = local_date(now, tz)
    moment = digest_moment(prefs, today, tz)
    assert local_date(moment, tz) == today  # a clock time skipped by DST stays on its day
    day = reminders_day(prefs, tz, now)
    assert day == (today if now >= moment and today.weekday() not in quiet else None)
    upcoming = next_digest(prefs, tz, now, today)
    assert upcoming > now and local_date(upcoming, tz).weekday() not in quiet


def test_retries_back_off_then_give_up() -> None:
    now = datetime(2026, 11, 23, tzinfo=UTC)
    delays = [retry_at(n, now) for n in range(1, MAX_ATTEMPTS + 1)]
    assert delays[-1] is None
    gaps = [d - now for d in delays[:-1] if d is not None]
    assert gaps == sorted(gaps) and gaps[0] == timedelta(minutes=1) and len(gaps) == 6


def row(id: int, status: ReminderStatus, minute: int, **extra: object) -> Reminder:
    at = datetime(2026, 11, 23, 7, minute, tzinfo=UTC)
    values: dict[str, object] = {
        "id": id,
        "key": f"k{id}",
        "user_id": 1,
        "channel": ReminderChannel.EMAIL,
        "kind": "digest",
        "status": status,
        "attempts": 1,
        "not_before": at,
        "updated_at": at,
        "created_at": at,
        **extra,
    }
    return Reminder(**values)  # type: ignore[arg-type]


def test_a_channel_fails_until_its_next_success() -> None:
    email = {None: "anna@example.test"}
    err = {"last_error": "connection refused"}
    assert troubles([row(1, ReminderStatus.FAILED, 1), row(2, ReminderStatus.SENT, 2)], email) == []
    [trouble] = troubles(
        [row(1, ReminderStatus.SENT, 1), row(2, ReminderStatus.FAILED, 2, **err),
         row(3, ReminderStatus.QUEUED, 3, **err)], email
    )  # fmt: skip
    assert trouble.since == datetime(2026, 11, 23, 7, 2, tzinfo=UTC)
    assert trouble.retrying and trouble.latest.id == 3
    # Waiting for its first try is no trouble; a cancelled one neither.
    assert troubles([row(1, ReminderStatus.QUEUED, 1)], email) == []
    assert troubles([row(1, ReminderStatus.CANCELLED, 1)], email) == []
    assert len(troubles([row(1, ReminderStatus.UNCONFIRMED, 1)], email)) == 1


def test_each_webhook_endpoint_is_its_own_channel() -> None:
    hook = {"channel": ReminderChannel.WEBHOOK, "last_error": "answered 500"}
    rows = [
        row(1, ReminderStatus.QUEUED, 1, endpoint_id=7, **hook),
        row(2, ReminderStatus.SENT, 2, endpoint_id=8, channel=ReminderChannel.WEBHOOK),
        row(3, ReminderStatus.FAILED, 3, endpoint_id=9, **hook),  # removed since
    ]
    targets: dict[int | None, str] = {None: "a@x.test", 7: "http://a", 8: "http://b"}
    [trouble] = troubles(rows, targets)
    assert (trouble.endpoint_id, trouble.target) == (7, "http://a")


def test_agenda_events_are_keyed_by_occurrence() -> None:
    hans = person("Hans")
    at = datetime(2026, 11, 23, 8, tzinfo=UTC)
    promises = [
        ours("send it", end_of(date(2026, 11, 20), BERLIN), id=3),
        theirs("sign", end_of(date(2026, 11, 19), BERLIN), id=4),
    ]
    items = agenda_for(user(), at, [dossier(hans, commitments=promises)])
    events = agenda_events(items)
    assert [(e.name, e.subject) for e in events] == [
        ("item.due", "their_commitment/1/4/20261119T225959Z"),  # the longest overdue first
        ("item.due", "our_commitment/1/3/20261120T225959Z"),
        ("commitment.overdue", "3/20261120T225959Z"),
    ]
    assert agenda_events(items) == events


def test_event_subscriptions() -> None:
    assert parse_events(None) == "*" == parse_events(" all ")
    assert parse_events("item.due, commitment.overdue,item.due") == "item.due,commitment.overdue"
    with pytest.raises(InvalidInput, match="unknown event 'due'"):
        parse_events("due")
    assert wants("*", "item.due") and wants("commitment.overdue", "ping")
    assert not wants("commitment.overdue", "item.due")
