"""Roles and the sign-in throttle: pure rules, time passed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.access import Need, Throttle, allows, authorize, first_failure
from followup.domain.errors import Forbidden
from followup.domain.model import Role, User

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
THROTTLE = Throttle(limit=5, window=timedelta(minutes=15), pause=timedelta(minutes=15))


def test_roles_grant_read_write_admin_in_order() -> None:
    assert [allows(Role.VIEWER, n) for n in Need] == [True, False, False]
    assert [allows(Role.MEMBER, n) for n in Need] == [True, True, False]
    assert [allows(Role.ADMIN, n) for n in Need] == [True, True, True]
    with pytest.raises(Forbidden, match="vic is a viewer"):
        authorize(User(1, "vic", "UTC", role=Role.VIEWER), Need.WRITE)
    with pytest.raises(Forbidden, match="only an admin"):
        authorize(User(2, "mia", "UTC", role=Role.MEMBER), Need.ADMIN)


def test_the_fifth_failure_in_the_window_pauses_sign_in() -> None:
    record = first_failure(T0, THROTTLE)
    for minute in range(1, 4):
        record = record.after_failure(T0 + timedelta(minutes=minute), THROTTLE)
        assert record.blocked_at(T0 + timedelta(minutes=minute)) is None
    fifth = T0 + timedelta(minutes=4)
    record = record.after_failure(fifth, THROTTLE)
    assert record.count == 5
    assert record.blocked_at(fifth) == fifth + THROTTLE.pause
    assert record.blocked_at(fifth + THROTTLE.pause) is None  # open again afterwards
    again = record.after_failure(fifth + THROTTLE.pause, THROTTLE)
    assert again.count == 1 and again.blocked_until is None  # and counting starts over


@given(gaps=st.lists(st.integers(min_value=0, max_value=3600), min_size=1, max_size=30))
def test_never_blocked_with_fewer_failures_than_the_limit_in_a_window(gaps: list[int]) -> None:
    """Blocked exactly when `limit` failures fell within one window since the last reset."""
    moment = T0
    record = first_failure(moment, THROTTLE)
    started, count = moment, 1
    for gap in gaps:
        moment += timedelta(seconds=gap)
        if record.blocked_at(moment) is not None:
            continue  # while paused, sign-in is refused before any password is checked
        record = record.after_failure(moment, THROTTLE)
        lapsed = moment - started >= THROTTLE.window or count >= THROTTLE.limit
        started, count = (moment, 1) if lapsed else (started, count + 1)
        assert record.count == count
        assert (record.blocked_at(moment) is not None) == (count >= THROTTLE.limit)
