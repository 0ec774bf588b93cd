"""The demo's relative times: days, clock times and hours, never on a weekend."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from followup.domain.errors import InvalidInput
from followup.services.demo import Clock

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
# Wednesday 18 November 2026, 10:00 in Berlin.
WEDNESDAY = Clock(datetime(2026, 11, 18, 10, 0, tzinfo=BERLIN))


def local(moment: datetime, tz: ZoneInfo = BERLIN) -> str:
    return moment.astimezone(tz).strftime("%a %Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-12d", "Fri 2026-11-06 10:00"),
        ("-2d 09:30", "Mon 2026-11-16 09:30"),
        ("-1d+2h", "Tue 2026-11-17 12:00"),
        ("-4d", "Fri 2026-11-13 10:00"),  # Saturday, in the past: back to Friday
        ("+3d", "Mon 2026-11-23 10:00"),  # Saturday, in the future: on to Monday
        ("0d", "Wed 2026-11-18 10:00"),
    ],
)
def test_moments_resolve_against_the_load_moment(text: str, expected: str) -> None:
    assert local(WEDNESDAY.moment(text, BERLIN)) == expected


def test_clock_times_are_local_to_the_zone_given() -> None:
    assert local(WEDNESDAY.moment("-2d 09:30", TOKYO), TOKYO) == "Mon 2026-11-16 09:30"


def test_days_keep_the_wall_clock_across_daylight_saving() -> None:
    monday_after_the_change = Clock(datetime(2026, 3, 30, 10, 0, tzinfo=BERLIN))
    assert local(monday_after_the_change.moment("-3d", BERLIN)) == "Fri 2026-03-27 10:00"


def test_due_dates_are_days_unless_a_time_is_given() -> None:
    assert WEDNESDAY.due("+2d", BERLIN) == "2026-11-20"
    assert WEDNESDAY.due("0d", TOKYO) == "2026-11-18"
    assert WEDNESDAY.due("+1d 15:00", BERLIN) == "2026-11-19T14:00:00+00:00"


@pytest.mark.parametrize("text", ["yesterday", "", "12", "-3h+2d", "10:30"])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        WEDNESDAY.moment(text, BERLIN)
