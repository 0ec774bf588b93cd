"""Hostile values on the command line: durations (`14d`, `2w`), ISO moments, inline promises,
times of day, weekdays, deal values. Each parser gives a value or a FollowupError; and the
commands that take a moment work, or say why not in one line, for any moment they accept
(the ends of the supported range in the zones furthest from UTC included)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.domain.deals import parse_value
from followup.domain.durations import parse_days
from followup.domain.localtime import EARLIEST, LATEST, parse_moment
from followup.domain.promises import split_promise
from followup.domain.reminders import parse_clock, parse_weekdays
from tests.conftest import Cli
from tests.trust.fuzzing import EXAMPLES, FUZZ, survives

ZONES = ["UTC", "Europe/Berlin", "Pacific/Kiritimati", "Etc/GMT+12", "America/St_Johns"]


@st.composite
def iso_texts(draw: st.DrawFn) -> str:
    """ISO dates and times of any year, with and without offsets, and mutations of them."""
    moment = draw(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)))
    offset = draw(st.sampled_from(["", "Z", "+14:00", "-12:00", "+05:45", "+24:00", "-00:00"]))
    text = draw(
        st.sampled_from(
            [
                moment.date().isoformat(),
                moment.isoformat() + offset,
                moment.strftime("%Y%m%dT%H%M%S") + offset,
                moment.isoformat(sep=" ", timespec="minutes"),
            ]
        )
    )
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(max_size=3)) + text[at + draw(st.integers(0, 2)) :]
    return text


@FUZZ
@given(st.one_of(iso_texts(), st.text(max_size=30)), st.sampled_from(ZONES))
def test_a_moment_is_read_within_the_supported_range_or_refused(text: str, zone: str) -> None:
    result = survives("iso", parse_moment, text, ZoneInfo(zone))
    if isinstance(result, tuple):
        assert EARLIEST <= result[0] < LATEST


@FUZZ
@given(
    st.one_of(
        st.from_regex(r"\s*-?\d{0,30}\s*[dwDWx]?\s*", fullmatch=True),
        st.text(max_size=12),
    )
)
def test_a_duration_is_read_or_refused(text: str) -> None:
    result = survives("duration", parse_days, text)
    assert not isinstance(result, int) or 1 <= result <= 3660


@FUZZ
@given(st.text(max_size=40), st.text(max_size=20))
def test_the_small_values_are_read_or_refused(text: str, other: str) -> None:
    survives("promise", split_promise, f"{text} by {other}")
    survives("promise", split_promise, text)
    survives("clock", parse_clock, text)
    survives("weekdays", parse_weekdays, text)
    survives("value", parse_value, text)


# -- through the commands ------------------------------------------------------------------------

EDGES = [
    (EARLIEST + timedelta(hours=h)).astimezone(ZoneInfo(z)).replace(tzinfo=None).isoformat()
    for h in (0, 13)
    for z in ZONES
] + [
    (LATEST - timedelta(hours=h, seconds=1))
    .astimezone(ZoneInfo(z))
    .replace(tzinfo=None)
    .isoformat()
    for h in (0, 13)
    for z in ZONES
]


# Beyond the range: before it was refused, "today" there failed past the calendar's end.
EDGES += ["9999-12-30T12:00", "9999-12-31", "0001-01-01T00:00", "0001-01-02", "2200-01-01"]


@pytest.fixture(scope="module")
def workspace_cli(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    """One SQLite workspace for all examples (the moments matter here, not the database):
    anna far west of UTC, and a customer far east."""
    path = tmp_path_factory.mktemp("moments") / "followup.db"
    shutil.copy(sqlite_template, path)
    cli = Cli(f"sqlite:///{path}")
    cli("user", "add", "anna", "--tz", "Etc/GMT+12", "--role", "admin")
    cli("person", "add", "Kiri Tei", "--tz", "Pacific/Kiritimati", "--country", "KI")
    cli("agree", "Kiri Tei", "--every", "14d")
    yield cli


@settings(
    FUZZ,
    max_examples=max(20, EXAMPLES // 5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.one_of(st.sampled_from(EDGES), iso_texts()))
def test_commands_take_any_moment_they_accept(workspace_cli: Cli, text: str) -> None:
    cli = workspace_cli
    for command in (
        ["today", "--at", text, "--json"],
        ["log", "Kiri Tei", "--at", text, "--we", f"call back by {text}", "--yes", "--json"],
        ["commit", "add", "Kiri Tei", "follow up", "--owner", "them", "--due", text],
        ["snooze", "Kiri Tei", "--until", text],
        ["extract", "--at", text, "--json"],
    ):
        survives("command moments", _one_line_or_success, cli, command)


def _one_line_or_success(cli: Cli, command: list[str]) -> None:
    """Run a command in-process (an exception other than FollowupError escapes it, which
    the CLI would show as a traceback): it succeeds, or fails with one line."""
    result = cli(*command, input="I'll call tomorrow, they decide by Friday.", ok=False)
    if result.exit_code:
        assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1, result
        assert result.stderr.startswith("error: "), result


def test_the_edges_are_where_the_range_ends() -> None:
    assert parse_moment(EDGES[0], ZoneInfo("UTC"))[0] == EARLIEST
    assert parse_moment("2199-12-31T23:59:59Z", ZoneInfo("UTC"))[0] < LATEST
    assert datetime(2200, 1, 1, tzinfo=UTC) == LATEST
