"""Working days where a person is: 'within two working days' skips their weekend.

Most of the world rests on Saturday and Sunday; several countries of the Middle East on
Friday and Saturday (the UAE moved to Saturday and Sunday in 2022). Public holidays are
not known to followup, so a holiday counts as a working day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from followup.domain.localtime import END_OF_DAY, at_local, local_date, zone

SATURDAY, SUNDAY, FRIDAY = 5, 6, 4
FRIDAY_SATURDAY = frozenset({"SA", "KW", "QA", "BH", "OM", "EG", "IL", "JO", "IQ", "DZ", "LY"})
FRIDAY_SATURDAY |= frozenset({"SY", "YE", "SD", "BD", "MV"})
FRIDAY_ONLY = frozenset({"IR", "AF"})


def weekend(country: str | None) -> frozenset[int]:
    """The weekdays (Monday 0) that are not working days in `country`."""
    code = (country or "").upper()
    if code in FRIDAY_SATURDAY:
        return frozenset({FRIDAY, SATURDAY})
    if code in FRIDAY_ONLY:
        return frozenset({FRIDAY})
    return frozenset({SATURDAY, SUNDAY})


def add_working_days(day: date, count: int, country: str | None) -> date:
    """The `count`-th working day after `day` (`day` itself never counts)."""
    rest = weekend(country)
    found = 0
    while found < count:
        day += timedelta(days=1)
        if day.weekday() not in rest:
            found += 1
    return day


def working_days_deadline(
    moment: datetime, count: int, timezone: str, country: str | None
) -> datetime:
    """The end of the `count`-th working day after `moment`'s day where the person is."""
    tz = zone(timezone)
    return at_local(add_working_days(local_date(moment, tz), count, country), END_OF_DAY, tz)
