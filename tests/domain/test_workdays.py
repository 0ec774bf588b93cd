"""Working days: the calendar plans are laid out on (property tests)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.errors import InvalidInput
from followup.domain.workdays import Workweek

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
weeks = st.sets(st.integers(0, 6), min_size=1).map(lambda d: Workweek(frozenset(d)))
counts = st.integers(0, 400)


@given(days, counts, weeks)
def test_adding_working_days_lands_on_a_working_day_that_many_days_later(
    start: date, count: int, week: Workweek
) -> None:
    later = week.add(start, count)
    assert week.between(start, later) == count
    if count:
        assert week.is_working(later) and later > start


@given(days, counts, weeks)
def test_going_back_undoes_going_forward_from_a_working_day(
    start: date, count: int, week: Workweek
) -> None:
    working = week.on_or_before(start)
    assert week.add(week.add(working, count), -count) == working
    assert week.between(week.add(working, -count), working) == count


@given(days, days, weeks)
def test_between_counts_the_working_days_one_by_one(a: date, b: date, week: Workweek) -> None:
    low, high = sorted((a, b))
    high = min(high, low + timedelta(days=60))
    slow = sum(week.is_working(low + timedelta(days=n)) for n in range(1, (high - low).days + 1))
    assert week.between(low, high) == slow == -week.between(high, low)


def test_the_gulf_works_sunday_to_thursday() -> None:
    gulf = Workweek.named(["sun", "mon", "tue", "wed", "thu"])
    thursday = date(2026, 11, 26)
    assert gulf.add(thursday, 1) == date(2026, 11, 29)  # Sunday
    assert Workweek().add(thursday, 1) == date(2026, 11, 27)  # Friday
    assert gulf.on_or_before(date(2026, 11, 28)) == thursday  # Saturday → Thursday


def test_a_workweek_names_real_days() -> None:
    with pytest.raises(InvalidInput, match="name days as mon, tue"):
        Workweek.named(["monday", "funday"])
    with pytest.raises(InvalidInput, match="at least one working day"):
        Workweek.named([])
