"""Hostile meeting notes: commitment phrases and date phrases in English and German mixed
with junk, on any meeting day a user can give. Extraction and the date resolvers give a
result or a FollowupError, never another exception, and never hang."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.localtime import EARLIEST, LATEST
from followup.extract import dates_de, dates_en, extract
from followup.extract.dates import find_all
from tests.cli.helpers import assert_error
from tests.conftest import Cli
from tests.trust.fuzzing import FUZZ, survives

PHRASES = [
    "I'll send the proposal by Friday.",
    "Maria will confirm the budget next week.",
    "We agreed to talk every two weeks.",
    "ACTION: Anna - send pricing by 2026-11-27",
    "- [ ] Kenji: review contract (due 3/12)",
    "They promised to sign by end of Q1.",
    "Let's speak again in 3 business days.",
    "Ich schicke das Angebot bis Freitag.",
    "Herr Braun bestätigt das Budget bis Ende nächster Woche.",
    "Wir telefonieren alle zwei Wochen.",
    "Anna: Vielen Dank! Wir melden uns bis zum 15.12.",
    "> On Mon, 23 Nov 2026, Hans wrote:",
    "WEBVTT\n\n00:01.000 --> 00:04.000\n<v Anna>I will send it tomorrow.",
    "| owner | what | due |\n|---|---|---|\n| us | send deck | Friday |",
    "Next steps:\n* we: send the deck\n* they: decide by mid-January",
]
DATES = [
    "tomorrow", "today", "next Friday", "by the 31st", "on 29 February", "end of month",
    "in 2 weeks", "within 10 business days", "by week 53", "Q4", "early next month",
    "the first week of March", "12/31", "31/12", "2026-02-30", "9999-12-31", "0001-01-01",
    "übermorgen", "nächsten Montag", "Ende KW 53", "bis zum 31.02.", "in zehn Tagen",
    "Anfang nächsten Monats", "bis Ende Q1", "Mitte Dezember", "1.1.", "in 999999999 days",
    "in 99999999999999999999 weeks", "week 0", "the 0th", "on 32 May",
]  # fmt: skip
junk = st.text(max_size=30)
# Any moment a user can give (localtime.parse_moment refuses the others), its ends often.
FIRST, LAST = EARLIEST.replace(tzinfo=None), LATEST.replace(tzinfo=None) - timedelta(seconds=1)
moments = st.one_of(
    st.sampled_from([FIRST, FIRST + timedelta(hours=13), LAST, LAST - timedelta(hours=13)]),
    st.datetimes(min_value=FIRST, max_value=LAST),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)),
)
WHO = ["I", "We", "Maria", "Hans Braun", "they", "Ich", "Wir", "Herr Braun"]
MODALS = ["will", "'ll", "must", "promised to", "agreed to", "wird", "werden", "schickt"]
WHAT = ["send the deck", "confirm the budget", "call back", "das Angebot schicken", "sign"]
zones = st.sampled_from(["UTC", "Europe/Berlin", "Asia/Tokyo", "Pacific/Kiritimati", "Etc/GMT+12"])


@st.composite
def promise(draw: st.DrawFn) -> str:
    """A promise with a date phrase, its words drawn from both languages."""
    words = [draw(st.sampled_from(options)) for options in (WHO, MODALS, WHAT)]
    return " ".join(
        [
            *words,
            draw(st.sampled_from(["", "by", "bis", "until", "on"])),
            draw(st.sampled_from(DATES)),
        ]
    )


@st.composite
def notes(draw: st.DrawFn) -> str:
    pieces = st.one_of(promise(), st.sampled_from(PHRASES), st.sampled_from(DATES), junk)
    parts = draw(st.lists(pieces, max_size=12))
    glue = draw(st.sampled_from([" ", "\n", "\n\n", ". ", ", ", "\t", "\r\n"]))
    return glue.join(parts)


@FUZZ
@given(notes(), moments, zones, st.sampled_from([None, "en", "de"]))
def test_notes_give_proposals_or_a_clear_error(
    text: str, at: datetime, zone: str, lang: str | None
) -> None:
    tz = ZoneInfo(zone)
    moment = at.replace(tzinfo=tz)
    survives("notes", extract, text, moment, tz, ["Anna"], ["Maria", "Hans Braun"], lang)


@FUZZ
@given(
    st.lists(st.one_of(st.sampled_from(DATES), junk, st.integers().map(str)), max_size=6),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
def test_date_phrases_resolve_to_a_day_or_none(parts: list[str], today: date) -> None:
    text = " ".join(parts)
    for grammar in (dates_en.grammar(), dates_de.grammar()):
        survives("dates", find_all, text, today, grammar)


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "UTC", "Pacific/Kiritimati"])
@pytest.mark.parametrize("at", [FIRST, LAST])
def test_the_ends_of_time_give_days_or_none(zone: str, at: datetime) -> None:
    """Found by these tests: on the last day Python's calendar knows, "today" west of UTC
    failed. Moments are now refused beyond 2199 (parse_moment), and at the ends of what is
    accepted every phrase still resolves."""
    tz = ZoneInfo(zone)
    text = " ".join(f"I will send item {n} {phrase}." for n, phrase in enumerate(DATES))
    found = extract(text, at.replace(tzinfo=tz), tz, lang="en")
    assert len(found.commitments) >= len(DATES) // 2


def test_a_moment_beyond_2199_is_refused_on_the_command_line(cli: Cli) -> None:
    result = cli(
        "extract", "--at", "9999-12-30T12:00", "--json", input="I'll call today.", ok=False
    )
    assert_error(result, "'9999-12-30T12:00'", "from 1900 to 2199")
