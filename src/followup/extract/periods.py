"""Calendar arithmetic on days for due dates: weekdays, weeks, month parts, quarters.

Pure functions of dates; the conventions (a period's due day is its last working day or its
last day) are documented in docs/decisions.md.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

FRIDAY = 4
TUESDAY = 1
WEDNESDAY = 2

# Where in a month "early", "mid" and "late"/"end" fall (the last day that still counts).
EARLY_DAY = 10
MID_DAY = 15


def monday_of(day: date) -> date:
    """The Monday of the (Monday to Sunday) week holding `day`."""
    return day - timedelta(days=day.weekday())


def weekday_after(today: date, weekday: int) -> date:
    """The next `weekday` strictly after `today` (said on a Friday, "Friday" is a week on)."""
    ahead = (weekday - today.weekday() - 1) % 7 + 1
    return today + timedelta(days=ahead)


def weekday_this_week(today: date, weekday: int) -> date:
    """`weekday` of the current week if it is not past, else the next one."""
    candidate = monday_of(today) + timedelta(days=weekday)
    return candidate if candidate >= today else weekday_after(today, weekday)


def weekday_next_week(today: date, weekday: int) -> date:
    """`weekday` of the next calendar week."""
    return monday_of(today) + timedelta(days=7 + weekday)


def week_day(day: date, weekday: int = FRIDAY) -> date:
    """`weekday` (default Friday) of the week holding `day`."""
    return monday_of(day) + timedelta(days=weekday)


def this_week_end(today: date) -> date:
    """The Friday of this week, or of next week once this one's has passed."""
    return weekday_this_week(today, FRIDAY)


def last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_part(year: int, month: int, part: str) -> date:
    """The due day of part `early`, `mid`, `late`/`end` or `start`/`in` of a month."""
    if part == "early":
        return date(year, month, EARLY_DAY)
    if part == "mid":
        return date(year, month, MID_DAY)
    if part == "start":
        return date(year, month, 1)
    return last_day_of_month(year, month)


def next_month_named(today: date, month: int, part: str) -> date:
    """That part of the next `month` (this year's if it is not past, else next year's)."""
    candidate = month_part(today.year, month, part)
    if candidate < today:
        candidate = month_part(today.year + 1, month, part)
    return candidate


def next_day_numbered(today: date, number: int) -> date | None:
    """The first day after `today` that is the `number`th of its month."""
    if not 1 <= number <= 31:
        return None
    year, month = today.year, today.month
    for _ in range(14):
        if number <= calendar.monthrange(year, month)[1]:
            candidate = date(year, month, number)
            if candidate > today:
                return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def next_date(today: date, month: int, number: int, year: int | None = None) -> date | None:
    """The given day; without a year the next one from `today` on."""
    try:
        if year is not None:
            return date(year, month, number)
        candidate = date(today.year, month, number)
        return candidate if candidate >= today else date(today.year + 1, month, number)
    except ValueError:
        return None


def quarter_end(day: date, shift: int = 0) -> date:
    """The last day of the quarter holding `day`, moved by `shift` quarters."""
    index = day.year * 4 + (day.month - 1) // 3 + shift
    year, quarter = divmod(index, 4)
    return last_day_of_month(year, quarter * 3 + 3)


def named_quarter_end(today: date, quarter: int) -> date:
    """The end of quarter `quarter` (1-4): this year's if not past, else next year's."""
    candidate = last_day_of_month(today.year, quarter * 3)
    return candidate if candidate >= today else last_day_of_month(today.year + 1, quarter * 3)


def add_business_days(day: date, count: int) -> date:
    """`day` moved by `count` working days (Monday to Friday; holidays are not known)."""
    moved, rest = day, count
    while rest:
        moved += timedelta(days=1)
        if moved.weekday() < 5:
            rest -= 1
    return moved


def nth_week_friday(year: int, month: int, nth: int) -> date:
    """Friday of the `nth` week of a month (that week starts on its nth Monday; -1: last)."""
    first = date(year, month, 1)
    first_monday = first + timedelta(days=(7 - first.weekday()) % 7)
    if nth < 0:
        last = last_day_of_month(year, month)
        return week_day(last - timedelta(days=(last.weekday()) % 7))
    return first_monday + timedelta(weeks=nth - 1, days=FRIDAY)


def iso_week_friday(today: date, week: int) -> date | None:
    """Friday of ISO calendar week `week`: this year's if not past, else next year's."""
    for year in (today.year, today.year + 1):
        try:
            candidate = date.fromisocalendar(year, week, FRIDAY + 1)
        except ValueError:
            continue
        if candidate >= monday_of(today):
            return candidate
    return None


def week_part(today: date, later: bool, weekday: int = FRIDAY) -> date:
    """`weekday` of this week ("end of the week"; of next week once this one's has passed)
    or of next week (`later`)."""
    monday = monday_of(today) + timedelta(weeks=1 if later else 0)
    if not later and week_day(today) < today:
        monday += timedelta(weeks=1)  # "this week" said on a Saturday: the coming one
    return monday + timedelta(days=weekday)


def this_or_next_month_part(today: date, later: bool, part: str) -> date:
    """That part of this month (of next month once it has passed) or of next month."""
    base = add_months(today.replace(day=1), 1 if later else 0)
    day = month_part(base.year, base.month, part)
    if not later and day < today:
        following = add_months(base, 1)
        day = month_part(following.year, following.month, part)
    return day


def next_nth_week_friday(today: date, month: int, nth: int) -> date:
    """Friday of the `nth` week of the next `month` that has not passed."""
    day = nth_week_friday(today.year, month, nth)
    return day if day >= today else nth_week_friday(today.year + 1, month, nth)
