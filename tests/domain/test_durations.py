"""Rhythm lengths as users write them: '14d' or '2w'."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain.durations import format_days, parse_days
from followup.domain.errors import InvalidInput

PROPERTY = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("14d", 14),
        ("2w", 14),
        (" 3D ", 3),
        ("1d", 1),
        ("1W", 7),
        ("10 d", 10),
        ("3660d", 3660),
        ("522w", 3654),
        ("007d", 7),
    ],
)
def test_parse_days_accepts_days_and_weeks(text: str, days: int) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize(
    "text",
    [
        "0d",
        "-1d",
        "14",
        "x",
        "1.5w",
        "",
        "d",
        "0w",
        "-2w",
        "14 days",
        "2 weeks",
        "14h",
        "3661d",
        "523w",
        "1d2w",
        "+3d",
        "1e3d",
        "1" * 5000 + "d",
    ],
)
def test_parse_days_rejects_anything_else_quoting_it(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_days(text, "rhythm")
    assert "rhythm" in caught.value.message
    if len(text) < 100:
        assert repr(text) in caught.value.message


def test_parse_days_names_what_it_was_parsing() -> None:
    with pytest.raises(InvalidInput, match="minimum gap"):
        parse_days("0d", "minimum gap")


@PROPERTY
@given(st.integers(1, 3660))
def test_parse_days_of_n_days_is_n(n: int) -> None:
    assert parse_days(f"{n}d") == n
    assert parse_days(f" {n}D\n") == n


@PROPERTY
@given(st.integers(1, 522))
def test_parse_days_of_n_weeks_is_7n(n: int) -> None:
    assert parse_days(f"{n}w") == 7 * n


@PROPERTY
@given(st.integers(max_value=0))
def test_parse_days_rejects_non_positive(n: int) -> None:
    with pytest.raises(InvalidInput):
        parse_days(f"{n}d")


@PROPERTY
@given(st.text(max_size=12))
def test_parse_days_only_ever_fails_with_invalid_input(text: str) -> None:
    try:
        days = parse_days(text)
    except InvalidInput:
        return
    assert 1 <= days <= 3660


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (1, "1 day"),
        (2, "2 days"),
        (7, "1 week"),
        (14, "2 weeks"),
        (10, "10 days"),
        (30, "30 days"),
        (364, "52 weeks"),
    ],
)
def test_format_days(days: int, text: str) -> None:
    assert format_days(days) == text


@PROPERTY
@given(st.integers(1, 3660))
def test_format_days_reads_back(n: int) -> None:
    count, unit = format_days(n).split()
    assert parse_days(f"{count}{unit[0]}") == n
