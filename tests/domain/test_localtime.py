"""Local days and moments: 'today' and 'by Friday' are days where they apply."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from followup.domain.errors import InvalidInput
from followup.domain.localtime import (
    END_OF_DAY,
    add_local_days,
    at_local,
    day_words,
    days_between,
    format_day,
    format_moment,
    local_date,
    parse_moment,
    start_of_day,
    start_of_next_day,
    utc,
    zone,
)
from tests.domain.builders import ZONES, local
from tests.domain.strategies import instants_in, offset_at, zoned_instants

PROPERTY = settings(max_examples=200, deadline=None)
BERLIN = ZoneInfo("Europe/Berlin")
HOUR = timedelta(hours=1)


# --- helpers: an oracle for wall-clock times that is independent of the code under test ---


def readings(wall: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The two UTC readings of naive `wall` in `tz` (fold=0 and fold=1)."""
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    return first, second


def exists(wall: datetime, tz: ZoneInfo) -> bool:
    """Whether naive `wall` is shown by the clocks of `tz` at some instant (not in a gap)."""
    return any(r.astimezone(tz).replace(tzinfo=None) == wall for r in readings(wall, tz))


def gap_size(wall: datetime, tz: ZoneInfo) -> timedelta:
    """For a wall time in a gap: how far the clocks jumped forward there."""
    before = wall.replace(tzinfo=tz, fold=0).utcoffset()
    after = wall.replace(tzinfo=tz, fold=1).utcoffset()
    assert before is not None and after is not None
    return after - before


def wall_of(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz).replace(tzinfo=None)


# --- zone ---


@pytest.mark.parametrize("name", [*ZONES, "America/Los_Angeles", "Europe/London"])
def test_zone_accepts_iana_names(name: str) -> None:
    assert zone(name).key == name


@pytest.mark.parametrize(
    "name",
    [
        "Mars/Olympus",
        "",
        " Europe/Berlin",
        "Europe/Berlin ",
        "Europe",
        "../../etc/passwd",
        "Europe/Berlin\x00",
        "CEST+2",
    ],
)
def test_zone_rejects_unknown_names_quoting_them(name: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        zone(name)
    assert repr(name) in caught.value.message
    assert "IANA" in caught.value.message


# --- utc and local_date ---


def test_utc_takes_naive_as_utc_and_converts_aware() -> None:
    assert utc(datetime(2026, 11, 20, 9, 0)) == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    berlin = datetime(2026, 11, 20, 9, 0, tzinfo=BERLIN)
    assert utc(berlin) == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert utc(berlin).utcoffset() == timedelta(0)


def test_local_date_is_the_day_where_the_moment_falls() -> None:
    moment = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    assert local_date(moment, ZoneInfo("UTC")) == date(2026, 11, 20)
    assert local_date(moment, BERLIN) == date(2026, 11, 21)
    assert local_date(moment, ZoneInfo("Asia/Tokyo")) == date(2026, 11, 21)
    assert local_date(moment, ZoneInfo("America/Los_Angeles")) == date(2026, 11, 20)


@PROPERTY
@given(zoned_instants(), st.sampled_from(ZONES), st.booleans())
def test_local_date_from_any_zone_or_naive_is_the_day_of_the_utc_instant(
    zoned: tuple[str, datetime], seen_from: str, naive: bool
) -> None:
    # The moment may arrive naive (read as UTC) or aware in another zone: the day is the
    # one its UTC instant falls on in `tz`.
    _, moment = zoned
    tz = ZoneInfo(seen_from)
    given_as = moment.replace(tzinfo=None) if naive else moment.astimezone(ZoneInfo(zoned[0]))
    assert local_date(given_as, tz) == wall_of(moment, tz).date()
    assert format_moment(given_as, tz).endswith(f"{wall_of(moment, tz):%H:%M}")


def test_day_words_are_english_whatever_the_locale() -> None:
    assert day_words(date(2026, 11, 20)) == "Fri 20 Nov"
    assert day_words(date(2027, 1, 4)) == "Mon 4 Jan"
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(400)]
    # strftime in the C locale the tests run in gives the same words.
    assert [day_words(d) for d in days] == [f"{d:%a} {d.day} {d:%b}" for d in days]


def test_days_between_counts_calendar_days_both_ways() -> None:
    assert days_between(date(2026, 2, 27), date(2026, 3, 1)) == 2
    assert days_between(date(2024, 2, 27), date(2024, 3, 1)) == 3
    assert days_between(date(2026, 3, 1), date(2026, 2, 27)) == -2
    assert days_between(date(2026, 12, 31), date(2027, 1, 1)) == 1


# --- add_local_days: examples ---


def test_add_local_days_keeps_wall_time_across_spring_forward() -> None:
    # 10:00 CET on Fri 27 Mar 2026; two days later Berlin is on CEST (+2).
    moment = local("Europe/Berlin", 2026, 3, 27, 10)
    moved = add_local_days(moment, 2, BERLIN)
    assert moved == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    assert wall_of(moved, BERLIN) == datetime(2026, 3, 29, 10, 0)
    assert moved - moment == timedelta(hours=47)


def test_add_local_days_keeps_wall_time_across_fall_back() -> None:
    moment = local("Europe/Berlin", 2026, 10, 24, 10)
    moved = add_local_days(moment, 1, BERLIN)
    assert wall_of(moved, BERLIN) == datetime(2026, 10, 25, 10, 0)
    assert moved - moment == timedelta(hours=25)


def test_add_local_days_into_a_gap_moves_past_it_on_the_same_day() -> None:
    # 02:30 does not exist in Berlin on 29 Mar 2026: read with the old offset it is 03:30.
    moment = local("Europe/Berlin", 2026, 3, 28, 2, 30)
    moved = add_local_days(moment, 1, BERLIN)
    assert moved == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert wall_of(moved, BERLIN) == datetime(2026, 3, 29, 3, 30)


def test_add_local_days_into_a_repeated_hour_takes_the_first_pass() -> None:
    moment = local("Europe/Berlin", 2026, 10, 24, 2, 30)
    moved = add_local_days(moment, 1, BERLIN)
    assert moved == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST, not CET


def test_add_local_days_over_month_and_year_ends_and_leap_days() -> None:
    tz = ZoneInfo("America/Santiago")
    moment = local("America/Santiago", 2024, 1, 31, 9)
    assert wall_of(add_local_days(moment, 29, tz), tz) == datetime(2024, 2, 29, 9)
    assert wall_of(add_local_days(moment, 30, tz), tz) == datetime(2024, 3, 1, 9)
    assert wall_of(add_local_days(moment, 366, tz), tz) == datetime(2025, 1, 31, 9)
    new_year = local("Pacific/Chatham", 2026, 12, 31, 23, 59, 59)
    chatham = ZoneInfo("Pacific/Chatham")
    assert wall_of(add_local_days(new_year, 1, chatham), chatham) == datetime(
        2027, 1, 1, 23, 59, 59
    )
    assert wall_of(add_local_days(new_year, -365, chatham), chatham) == datetime(
        2025, 12, 31, 23, 59, 59
    )


def test_add_local_days_at_santiago_midnight_gap() -> None:
    # Chile moves 00:00 -> 01:00 on Sun 6 Sep 2026: midnight that day does not exist.
    tz = ZoneInfo("America/Santiago")
    moment = local("America/Santiago", 2026, 9, 5, 0, 0)
    moved = add_local_days(moment, 1, tz)
    assert wall_of(moved, tz) == datetime(2026, 9, 6, 1, 0)
    assert local_date(moved, tz) == date(2026, 9, 6)


def test_add_zero_days_reads_a_repeated_time_as_its_first_pass() -> None:
    # The one case where adding 0 days moves the instant: the second 02:30 of 25 Oct
    # becomes the first (the same rule as for any other day with a repeated hour).
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET
    assert add_local_days(first, 0, BERLIN) == first
    assert add_local_days(second, 0, BERLIN) == first
    ordinary = local("Europe/Berlin", 2026, 10, 25, 9, 15)
    assert add_local_days(ordinary, 0, BERLIN) == ordinary


# --- add_local_days: properties ---


@PROPERTY
@given(zoned_instants(), st.integers(-800, 800))
def test_add_local_days_moves_the_local_date_by_exactly_n_days(
    zoned: tuple[str, datetime], days: int
) -> None:
    name, moment = zoned
    tz = ZoneInfo(name)
    moved = add_local_days(moment, days, tz)
    assert moved.utcoffset() == timedelta(0)
    assert local_date(moved, tz) == local_date(moment, tz) + timedelta(days=days)


@PROPERTY
@given(zoned_instants(), st.integers(-800, 800))
def test_add_local_days_keeps_the_wall_time_when_it_exists(
    zoned: tuple[str, datetime], days: int
) -> None:
    name, moment = zoned
    tz = ZoneInfo(name)
    source = moment.astimezone(tz)
    wall = datetime.combine(source.date() + timedelta(days=days), source.time())
    moved = add_local_days(moment, days, tz)
    first, second = readings(wall, tz)
    if exists(wall, tz):
        # Same wall-clock time; if it is shown twice that day, its first pass.
        assert wall_of(moved, tz) == wall
        assert moved == min(first, second)
    else:
        # In a gap: read with the offset before the change, i.e. later by the gap's size.
        assert wall_of(moved, tz) == wall + gap_size(wall, tz)
        assert moved == first


@PROPERTY
@given(zoned_instants(), st.integers(-400, 400), st.integers(-400, 400))
def test_add_local_days_is_strictly_increasing_in_n(
    zoned: tuple[str, datetime], a: int, b: int
) -> None:
    name, moment = zoned
    tz = ZoneInfo(name)
    assume(a != b)
    low, high = sorted((a, b))
    assert add_local_days(moment, low, tz) < add_local_days(moment, high, tz)


@PROPERTY
@given(zoned_instants(), st.integers(-400, 400), st.integers(-400, 400))
def test_add_local_days_composes_unless_the_intermediate_wall_time_is_in_a_gap(
    zoned: tuple[str, datetime], a: int, b: int
) -> None:
    """add(add(m, a), b) == add(m, a + b) exactly when m's wall time exists on day a.

    If it falls into a gap on day a, the intermediate result is pushed later by the gap,
    and that later wall time is what the second step keeps: the result is then later by
    the gap (or equal, if the final day has the same gap at that time).
    """
    name, moment = zoned
    tz = ZoneInfo(name)
    source = moment.astimezone(tz)
    middle_wall = datetime.combine(source.date() + timedelta(days=a), source.time())
    twice = add_local_days(add_local_days(moment, a, tz), b, tz)
    once = add_local_days(moment, a + b, tz)
    if exists(middle_wall, tz):
        assert twice == once
    else:
        final_wall = datetime.combine(source.date() + timedelta(days=a + b), source.time())
        shifted = final_wall + gap_size(middle_wall, tz)
        assert twice == readings(shifted, tz)[0]
        assert twice >= once


def test_composition_fails_through_a_gap_as_stated() -> None:
    moment = local("Europe/Berlin", 2026, 3, 28, 2, 30)
    twice = add_local_days(add_local_days(moment, 1, BERLIN), 1, BERLIN)
    once = add_local_days(moment, 2, BERLIN)
    assert wall_of(once, BERLIN) == datetime(2026, 3, 30, 2, 30)
    assert wall_of(twice, BERLIN) == datetime(2026, 3, 30, 3, 30)


# --- start_of_day / start_of_next_day ---


@PROPERTY
@given(zoned_instants())
def test_day_bounds_hold_the_moment_and_lie_on_the_right_dates(
    zoned: tuple[str, datetime],
) -> None:
    name, moment = zoned
    tz = ZoneInfo(name)
    day = local_date(moment, tz)
    start, end = start_of_day(moment, tz), start_of_next_day(moment, tz)
    assert start <= moment < end
    assert local_date(start, tz) == day
    assert local_date(end, tz) == day + timedelta(days=1)
    # They are the first instants of their days: one second earlier is the day before.
    assert local_date(start - timedelta(seconds=1), tz) == day - timedelta(days=1)
    assert local_date(end - timedelta(seconds=1), tz) == day
    # A day is 24 h, less what the clocks skipped, plus what they repeated.
    lengths = {timedelta(hours=h) for h in (23, 23.5, 24, 24.5, 25)}
    assert end - start in lengths
    if offset_at(start, name) == offset_at(end, name):
        assert end - start == timedelta(hours=24) or start.astimezone(tz).time() != time(0)


@PROPERTY
@given(zoned_instants())
def test_start_of_next_day_is_start_of_day_of_the_next_day(zoned: tuple[str, datetime]) -> None:
    name, moment = zoned
    tz = ZoneInfo(name)
    end = start_of_next_day(moment, tz)
    assert start_of_day(end, tz) == end
    assert start_of_day(start_of_day(moment, tz), tz) == start_of_day(moment, tz)


@pytest.mark.parametrize(
    ("tz", "day", "hours", "first_wall"),
    [
        ("Europe/Berlin", date(2026, 3, 29), 23, time(0)),
        ("Europe/Berlin", date(2026, 10, 25), 25, time(0)),
        ("Europe/Berlin", date(2026, 7, 1), 24, time(0)),
        ("America/New_York", date(2026, 3, 8), 23, time(0)),
        ("America/New_York", date(2026, 11, 1), 25, time(0)),
        ("Australia/Lord_Howe", date(2026, 10, 4), 23.5, time(0)),
        ("Australia/Lord_Howe", date(2026, 4, 5), 24.5, time(0)),
        ("Pacific/Chatham", date(2026, 9, 27), 23, time(0)),
        # Midnight itself is skipped: the day starts at 01:00.
        ("America/Santiago", date(2026, 9, 6), 23, time(1)),
        ("Asia/Beirut", date(2026, 3, 29), 23, time(1)),
        ("America/Sao_Paulo", date(2018, 11, 4), 23, time(1)),
        # The hour before midnight is repeated: the day before is 25 h long.
        ("America/Santiago", date(2026, 4, 4), 25, time(0)),
        ("Asia/Beirut", date(2026, 10, 24), 25, time(0)),
        ("Asia/Kolkata", date(2026, 3, 29), 24, time(0)),
        ("UTC", date(2024, 2, 29), 24, time(0)),
    ],
)
def test_days_are_23_24_or_25_hours_around_dst(
    tz: str, day: date, hours: float, first_wall: time
) -> None:
    zoneinfo = ZoneInfo(tz)
    noon = datetime.combine(day, time(12), tzinfo=zoneinfo)
    start, end = start_of_day(noon, zoneinfo), start_of_next_day(noon, zoneinfo)
    assert end - start == timedelta(hours=hours)
    assert start.astimezone(zoneinfo).time() == first_wall
    assert start.astimezone(zoneinfo).date() == day


def test_at_local_reads_skipped_midnight_as_the_first_instant_of_the_day() -> None:
    tz = ZoneInfo("America/Santiago")
    moment = at_local(date(2026, 9, 6), time(0), tz)
    assert moment == datetime(2026, 9, 6, 4, 0, tzinfo=UTC)
    assert moment.astimezone(tz).time() == time(1)


# --- parse_moment ---


def test_parse_moment_date_alone_is_noon_or_the_given_time_there() -> None:
    assert parse_moment("2026-11-27", BERLIN) == (datetime(2026, 11, 27, 11, tzinfo=UTC), True)
    due, all_day = parse_moment("2026-11-27", ZoneInfo("Asia/Tokyo"), END_OF_DAY)
    assert all_day
    assert due == datetime(2026, 11, 27, 14, 59, 59, tzinfo=UTC)
    assert parse_moment(" 2026-11-27 ", BERLIN)[0] == datetime(2026, 11, 27, 11, tzinfo=UTC)


def test_parse_moment_accepts_the_basic_iso_date_as_a_date() -> None:
    assert parse_moment("20261127", BERLIN, END_OF_DAY) == parse_moment(
        "2026-11-27", BERLIN, END_OF_DAY
    )


def test_parse_moment_naive_time_is_wall_time_in_the_zone() -> None:
    assert parse_moment("2026-11-27T15:00", BERLIN) == (
        datetime(2026, 11, 27, 14, 0, tzinfo=UTC),
        False,
    )
    assert parse_moment("2026-07-01 15:00", BERLIN)[0] == datetime(2026, 7, 1, 13, tzinfo=UTC)
    # In a gap: the old offset, i.e. after the gap. Repeated: the first pass.
    assert parse_moment("2026-03-29T02:30", BERLIN)[0] == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert parse_moment("2026-10-25T02:30", BERLIN)[0] == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_parse_moment_offset_keeps_the_instant() -> None:
    expected = (datetime(2026, 11, 27, 6, 0, tzinfo=UTC), False)
    assert parse_moment("2026-11-27T15:00+09:00", BERLIN) == expected
    assert parse_moment("2026-11-27T06:00Z", ZoneInfo("America/Santiago")) == expected
    assert parse_moment("2026-11-27T06:00:00+00:00", ZoneInfo("Asia/Kolkata")) == expected


@pytest.mark.parametrize(
    "text",
    [
        "next Friday",
        "2026-02-30",
        "",
        "   ",
        "2026-13-01",
        "27.11.2026",
        "2026-11-27T25:00",
        "Friday",
        "2026-11-27 by noon",
        "2025-02-29",
    ],
)
def test_parse_moment_rejects_invalid_text_quoting_it(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_moment(text, BERLIN)
    assert repr(text) in caught.value.message


@pytest.mark.parametrize(
    ("text", "tz", "clock"),
    [
        ("9999-12-31", "America/New_York", END_OF_DAY),
        ("0001-01-01", "Asia/Tokyo", time(0)),
        ("9999-12-31T23:00", "America/Los_Angeles", END_OF_DAY),
    ],
)
def test_parse_moment_rejects_dates_beyond_the_calendar_in_utc(
    text: str, tz: str, clock: time
) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_moment(text, ZoneInfo(tz), clock)
    assert repr(text) in caught.value.message


@PROPERTY
@given(
    st.sampled_from(ZONES),
    st.dates(date(2000, 1, 1), date(2039, 12, 31)),
    st.sampled_from([time(0), time(12), END_OF_DAY]),
)
def test_parse_moment_of_a_date_gives_that_local_date(name: str, day: date, clock: time) -> None:
    tz = ZoneInfo(name)
    moment, all_day = parse_moment(day.isoformat(), tz, clock)
    assert all_day
    assert moment.utcoffset() == timedelta(0)
    assert local_date(moment, tz) == day
    wall = datetime.combine(day, clock)
    if exists(wall, tz):
        assert wall_of(moment, tz) == wall


@PROPERTY
@given(st.sampled_from(ZONES), st.datetimes(datetime(2000, 1, 1), datetime(2039, 12, 31)))
def test_parse_moment_of_a_naive_time_gives_that_wall_time(name: str, wall: datetime) -> None:
    tz = ZoneInfo(name)
    wall = wall.replace(microsecond=0)
    moment, all_day = parse_moment(wall.isoformat(), tz)
    assert not all_day
    if exists(wall, tz):
        assert wall_of(moment, tz) == wall
    else:
        assert wall_of(moment, tz) == wall + gap_size(wall, tz)


@PROPERTY
@given(
    st.sampled_from(ZONES),
    instants_in("Europe/Berlin"),
    st.integers(-14 * 60, 14 * 60).map(lambda m: timedelta(minutes=m)),
)
def test_parse_moment_of_an_offset_time_keeps_the_instant(
    name: str, moment: datetime, offset: timedelta
) -> None:
    from datetime import timezone

    moment = moment.replace(microsecond=0)
    text = moment.astimezone(timezone(offset)).isoformat()
    assert parse_moment(text, ZoneInfo(name)) == (moment, False)


# --- format_day / format_moment ---


def test_format_day_shows_the_local_day_and_the_year_only_when_it_differs() -> None:
    moment = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
    assert format_day(moment, BERLIN) == "Fri 20 Nov"
    assert format_day(moment, BERLIN, date(2026, 1, 1)) == "Fri 20 Nov"
    assert format_day(moment, BERLIN, date(2027, 1, 1)) == "Fri 20 Nov 2026"
    assert format_day(moment, BERLIN, date(2025, 12, 31)) == "Fri 20 Nov 2026"
    late = datetime(2026, 12, 31, 20, 0, tzinfo=UTC)  # already 1 Jan 2027 in Tokyo
    assert format_day(late, ZoneInfo("Asia/Tokyo"), date(2026, 12, 31)) == "Fri 1 Jan 2027"
    assert format_day(late, BERLIN, date(2026, 12, 31)) == "Thu 31 Dec"


def test_format_moment_is_day_and_wall_time_there() -> None:
    moment = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
    assert format_moment(moment, BERLIN) == "Fri 20 Nov 15:00"
    assert format_moment(moment, ZoneInfo("Asia/Kolkata")) == "Fri 20 Nov 19:30"
    assert (
        format_moment(moment, ZoneInfo("Asia/Tokyo"), date(2025, 6, 1)) == "Fri 20 Nov 2026 23:00"
    )


def test_a_skipped_midnight_with_fold_stays_on_its_day() -> None:
    """Santiago skipped 00:00-01:00 on 15 Oct 2000; fold=1 must not move to the 14th."""
    tz = ZoneInfo("America/Santiago")
    for fold in (0, 1):
        moment = at_local(date(2000, 10, 15), time(0, 0, fold=fold), tz)
        assert local_date(moment, tz) == date(2000, 10, 15)
        assert moment == datetime(2000, 10, 15, 4, 0, tzinfo=UTC)
