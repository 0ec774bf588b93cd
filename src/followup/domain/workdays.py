"""Working days: plans are laid out, and new contacts followed up, on the calendar where
the customer works.

A plan's dates are local dates in the deal's time zone; which days are working days is
culture data for deals (`workweek` in cultures.toml: Sunday to Thursday in most of the
Gulf) and the person's country for a first follow-up ('within two working days' skips
their weekend). Public holidays are not modelled: a holiday counts as a working day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from followup.domain.errors import InvalidInput
from followup.domain.localtime import END_OF_DAY, at_local, local_date, zone

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MONDAY_TO_FRIDAY = frozenset(range(5))


@dataclass(frozen=True)
class Workweek:
    """The weekdays (0 = Monday) that are working days."""

    days: frozenset[int] = MONDAY_TO_FRIDAY

    @classmethod
    def named(cls, names: list[str] | tuple[str, ...]) -> Workweek:
        """From day names such as ["sun", "mon", "tue", "wed", "thu"]."""
        try:
            days = frozenset(DAY_NAMES.index(str(name).strip().lower()[:3]) for name in names)
        except ValueError:
            raise InvalidInput(
                f"invalid workweek {list(names)!r}: name days as mon, tue, ... sun"
            ) from None
        if not days:
            raise InvalidInput("a workweek needs at least one working day")
        return cls(days)

    def is_working(self, day: date) -> bool:
        return day.weekday() in self.days

    def on_or_before(self, day: date) -> date:
        """`day` if it is a working day, else the working day before it."""
        while not self.is_working(day):
            day -= timedelta(days=1)
        return day

    def on_or_after(self, day: date) -> date:
        """`day` if it is a working day, else the next working day."""
        while not self.is_working(day):
            day += timedelta(days=1)
        return day

    def add(self, day: date, count: int) -> date:
        """The date `count` working days after `day` (`day` itself for 0; negative goes back)."""
        step = timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working(day):
                remaining -= 1
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative if `end` is earlier)."""
        if end < start:
            return -self.between(end, start)
        # Whole weeks first, so a plan a year out costs no more than one a week out.
        weeks, rest = divmod((end - start).days, 7)
        count = weeks * len(self.days)
        for offset in range(1, rest + 1):
            if self.is_working(start + timedelta(days=offset)):
                count += 1
        return count


# Most of the world rests on Saturday and Sunday; several countries of the Middle East on
# Friday and Saturday (the UAE moved to Saturday and Sunday in 2022).
FRIDAY_SATURDAY = frozenset({"SA", "KW", "QA", "BH", "OM", "EG", "IL", "JO", "IQ", "DZ", "LY"})
FRIDAY_SATURDAY |= frozenset({"SY", "YE", "SD", "BD", "MV"})
FRIDAY_ONLY = frozenset({"IR", "AF"})


def workweek_of(country: str | None) -> Workweek:
    """The working days in `country` (Monday to Friday unless we know otherwise)."""
    code = (country or "").upper()
    if code in FRIDAY_SATURDAY:
        return Workweek(frozenset({6, 0, 1, 2, 3}))
    if code in FRIDAY_ONLY:
        return Workweek(frozenset({5, 6, 0, 1, 2, 3}))
    return Workweek()


def add_working_days(day: date, count: int, country: str | None) -> date:
    """The `count`-th working day after `day` in `country` (`day` itself never counts)."""
    return workweek_of(country).add(day, count)


def working_days_deadline(
    moment: datetime, count: int, timezone: str, country: str | None
) -> datetime:
    """The end of the `count`-th working day after `moment`'s day where the person is."""
    tz = zone(timezone)
    return at_local(add_working_days(local_date(moment, tz), count, country), END_OF_DAY, tz)
