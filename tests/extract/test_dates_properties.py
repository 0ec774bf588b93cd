"""The date resolver for any meeting moment in any tricky zone (DST changes, month and year
ends, leap days): each phrase lands on the day its convention says, never in the past, and
German says the same as English."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.extract import dates_de, dates_en, extract
from followup.extract.dates import existing_day, find_due, meeting_day
from tests.domain.strategies import zoned_instants

WEEKDAYS_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
MONTHS_EN = list(calendar.month_name)[1:]
MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember"]  # fmt: skip
NUMBERS_DE = {2: "zwei", 3: "drei", 4: "vier", 10: "zehn"}
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


def en(text: str, today: date) -> date | None:
    found = find_due(text, today, dates_en.grammar())
    assert found is not None, f"no date found in {text!r}"
    return found.day


def de(text: str, today: date) -> date | None:
    found = find_due(text, today, dates_de.grammar())
    assert found is not None, f"no date found in {text!r}"
    return found.day


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@given(zoned_instants())
def test_the_meeting_day_is_the_wall_date_where_it_was_held(pair: tuple[str, datetime]) -> None:
    name, instant = pair
    tz = ZoneInfo(name)
    assert meeting_day(instant, tz) == instant.astimezone(tz).date()


@given(zoned_instants())
@settings(max_examples=150)
def test_relative_days_count_from_the_local_day_across_dst(pair: tuple[str, datetime]) -> None:
    """'today' and 'tomorrow' in an extracted note are the local days, whatever the
    offset does around the meeting (a 23- or 25-hour day changes nothing)."""
    name, instant = pair
    tz = ZoneInfo(name)
    local = instant.astimezone(tz).date()
    text = "I'll send the offer today and Maria will confirm the budget tomorrow."
    found = extract(text, instant, tz, us=["Anna"], them=["Maria"]).commitments
    assert [c.due for c in found] == [local.isoformat(), (local + timedelta(days=1)).isoformat()]


@given(days, st.integers(0, 6))
def test_by_weekday_is_the_next_one_after_today(today: date, weekday: int) -> None:
    day = en(f"by {WEEKDAYS_EN[weekday]}", today)
    assert day is not None and day.weekday() == weekday
    assert 1 <= (day - today).days <= 7
    assert de(f"bis {WEEKDAYS_DE[weekday]}", today) == day


@given(days, st.integers(0, 6))
def test_next_weekday_is_in_next_calendar_week(today: date, weekday: int) -> None:
    day = en(f"next {WEEKDAYS_EN[weekday]}", today)
    assert day is not None and day.weekday() == weekday
    assert monday(day) == monday(today) + timedelta(days=7)
    assert de(f"nächsten {WEEKDAYS_DE[weekday]}", today) == day


@given(days, st.integers(1, 400))
def test_spans_add_calendar_days(today: date, count: int) -> None:
    assert en(f"within {count} days", today) == today + timedelta(days=count)
    assert de(f"innerhalb von {count} Tagen", today) == today + timedelta(days=count)
    assert en(f"in {count} weeks", today) == today + timedelta(weeks=count)


@given(days, st.sampled_from(sorted(NUMBERS_DE)))
def test_number_words_mean_the_same_in_both_languages(today: date, count: int) -> None:
    english = ["", "", "two", "three", "four", "", "", "", "", "", "ten"][count]
    assert en(f"in {english} weeks", today) == de(f"in {NUMBERS_DE[count]} Wochen", today)


@given(days, st.integers(1, 60))
def test_business_days_skip_weekends(today: date, count: int) -> None:
    day = en(f"in {count} business days", today)
    assert day is not None and day.weekday() < 5
    working = sum(1 for n in range(1, (day - today).days + 1)
                  if (today + timedelta(days=n)).weekday() < 5)  # fmt: skip
    assert working == count


@given(days)
def test_month_end_is_the_last_day_of_this_month(today: date) -> None:
    last = date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    assert en("by month end", today) == last
    assert en("by the end of the month", today) == last
    assert de("bis Monatsende", today) == last


@given(days, st.integers(1, 31))
def test_an_ordinal_is_the_next_such_day(today: date, number: int) -> None:
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(number, "th")
    day = en(f"on the {number}{suffix}", today)
    assert day is not None and day.day == number and day > today
    assert (day - today).days <= 62 + 31  # at most three months on (for the 31st)
    assert de(f"bis zum {number}.", today) == day
    assert en(f"before the {number}{suffix}", today) == day - timedelta(days=1)


@given(days, st.integers(1, 12))
def test_parts_of_a_named_month(today: date, month: int) -> None:
    mid = en(f"mid-{MONTHS_EN[month - 1]}", today)
    assert mid is not None and (mid.month, mid.day) == (month, 15)
    assert today <= mid < today + timedelta(days=366)
    assert de(f"Mitte {MONTHS_DE[month - 1]}", today) == mid
    early = en(f"early {MONTHS_EN[month - 1]}", today)
    assert early is not None and (early.month, early.day) == (month, 10) and early >= today
    end = en(f"by the end of {MONTHS_EN[month - 1]}", today)
    assert end is not None and end.month == month and (end + timedelta(days=1)).day == 1
    assert de(f"Ende {MONTHS_DE[month - 1]}", today) == end


@given(days)
def test_week_phrases(today: date) -> None:
    next_monday = monday(today) + timedelta(days=7)
    assert en("early next week", today) == next_monday + timedelta(days=1)
    assert en("end of next week", today) == next_monday + timedelta(days=4)
    assert de("Anfang nächster Woche", today) == next_monday + timedelta(days=1)
    assert de("Ende nächster Woche", today) == next_monday + timedelta(days=4)
    friday = en("by the end of the week", today)
    assert friday is not None and friday.weekday() == 4 and friday >= today
    assert (friday - today).days <= 6


@given(days, days)
def test_the_week_of_a_day_is_its_friday(today: date, target: date) -> None:
    text = f"the week of {MONTHS_EN[target.month - 1]} {target.day}, {target.year}"
    assert en(text, today) == monday(target) + timedelta(days=4)


@given(days)
def test_forward_phrases_never_land_in_the_past(today: date) -> None:
    phrases = ["tomorrow", "by Friday", "next Tuesday", "this Thursday", "in two weeks",
               "by month end", "early next month", "mid-January", "the 15th", "next week",
               "end of the quarter", "by year end", "in Q2", "in the next few days"]  # fmt: skip
    for phrase in phrases:
        day = en(phrase, today)
        assert day is not None and day >= today, phrase


@given(days)
def test_unresolvable_phrases_give_no_date(today: date) -> None:
    for phrase in ("3/4", "within two weeks of order placement"):
        found = find_due(phrase, today, dates_en.grammar())
        assert found is not None and found.day is None, phrase
    assert find_due("sometime soon", today, dates_en.grammar()) is None


def test_a_day_the_zone_skipped_moves_to_the_next_one() -> None:
    """Samoa went from 29 to 31 December 2011: 'tomorrow' said on the 29th is the 31st."""
    apia = ZoneInfo("Pacific/Apia")
    assert existing_day(date(2011, 12, 30), apia) == date(2011, 12, 31)
    at = datetime(2011, 12, 29, 15, tzinfo=apia)
    [found] = extract("I'll send the report tomorrow.", at, apia, us=["Anna"]).commitments
    assert found.due == "2011-12-31"


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)))
def test_existing_days_stay(moment: datetime) -> None:
    for name in ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe"):
        assert existing_day(moment.date(), ZoneInfo(name)) == moment.date()
    assert existing_day(moment.date(), ZoneInfo("UTC")) == moment.replace(tzinfo=UTC).date()


def test_the_calendars_last_and_first_days_exist_in_every_zone() -> None:
    """Found by fuzzing: "by 31 December 9999" in a zone behind UTC overflowed."""
    assert existing_day(date(9999, 12, 31), ZoneInfo("Etc/GMT+12")) == date(9999, 12, 31)
    assert existing_day(date(1, 1, 1), ZoneInfo("Etc/GMT-14")) == date(1, 1, 1)


def test_a_promise_due_at_the_calendars_end_is_proposed_as_written() -> None:
    at = datetime(2026, 11, 20, 10, tzinfo=UTC)
    found = extract("I'll send the pricing sheet by 31 December 9999.", at, ZoneInfo("Etc/GMT+12"))
    assert [(c.what, c.due) for c in found.commitments] == [("send pricing sheet", "9999-12-31")]
