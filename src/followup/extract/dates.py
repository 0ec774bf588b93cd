"""Due dates in free text: find the phrase ("by Wednesday", "mitte Januar") and resolve it to
the day it means, counted from the day the meeting was held.

A `DateGrammar` is a language's list of rules (a regular expression and a function from the
match to a day) plus its prefixes ("before", "the week of"). `find_due` returns the best
phrase in a text; the caller turns the meeting's moment into `today` in the meeting's zone
(`meeting_day`) and lets `existing_day` skip days that a zone never had.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from followup.extract import periods

Handler = Callable[[re.Match[str], date], date | None]


@dataclass(frozen=True, eq=False)
class Rule:
    pattern: re.Pattern[str]
    handler: Handler
    needs_digit: bool = False  # a phrase of this rule always holds a digit


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per language
class DateGrammar:
    """One language's date phrases. Rules are tried on lower-cased text; where two phrases
    overlap, the longer wins."""

    rules: Sequence[Rule]
    week_of: re.Pattern[str]  # a prefix that turns a day into the Friday of its week
    before: re.Pattern[str]  # a prefix that moves the day one back
    after: re.Pattern[str]  # a prefix that moves it one on
    deadline: re.Pattern[str]  # "by", "bis": marks the phrase that is the deadline
    event_relative: re.Pattern[str]  # after a span: "of order placement", "nach Erhalt"
    period_end: re.Pattern[str]  # "end of", "Ende": "before the end of X" is X's end
    trigger: re.Pattern[str]  # a text without any of these words holds no date phrase


@dataclass(frozen=True)
class Due:
    """A date phrase found in a text: where it is, and the day it means (None: not known)."""

    start: int
    end: int
    phrase: str
    day: date | None
    deadline: bool = False


def rule(pattern: str, handler: Handler, needs_digit: bool = False) -> Rule:
    """A rule; `needs_digit` says its phrases always hold one (skipped for digitless text)."""
    return Rule(re.compile(pattern), handler, needs_digit)


def find_due(text: str, today: date, grammar: DateGrammar) -> Due | None:
    """The date phrase of `text` that gives its due date: a marked deadline first, else the
    longest, else the first; None if there is none."""
    found = find_all(text, today, grammar)
    if not found:
        return None
    return min(found, key=lambda d: (not d.deadline, -(d.end - d.start), d.start))


def find_all(text: str, today: date, grammar: DateGrammar) -> list[Due]:
    """Every date phrase in `text`, without overlaps (the longer of two overlapping wins)."""
    return list(_find_all(text, today, grammar))


def forget_dates() -> None:
    """Empty the cache of date phrases (it only ever serves the note being read)."""
    _find_all.cache_clear()


@lru_cache(maxsize=4096)
def _find_all(text: str, today: date, grammar: DateGrammar) -> tuple[Due, ...]:
    # A pure function asked for the same clause several times (its date, its wording).
    lower = text.lower()
    if grammar.trigger.search(lower) is None:
        return ()  # most clauses: no need to try every rule
    candidates: list[tuple[int, int, re.Match[str], Rule]] = []
    digits = any(c.isdigit() for c in lower)
    for each in grammar.rules:
        if each.needs_digit and not digits:
            continue
        for match in each.pattern.finditer(lower):
            if match.end() > match.start():
                candidates.append((match.start(), -(match.end() - match.start()), match, each))
    candidates.sort(key=lambda c: (c[1], c[0]))
    taken: list[Due] = []
    spans: list[tuple[int, int]] = []  # the matches taken, by start: they never overlap
    for start, _, match, each in candidates:
        end = match.end()
        if _overlaps(spans, start, end):
            continue
        bisect.insort(spans, (start, end))
        taken.append(_resolve(lower, text, match, each, today, grammar))
    taken.sort(key=lambda d: d.start)
    return tuple(taken)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of `spans` (sorted, disjoint): only the span just
    before it and the one just after can (comparing with every span would take time
    quadratic in the dates of a long note)."""
    at = bisect.bisect_right(spans, (start, end))
    return (at > 0 and spans[at - 1][1] > start) or (at < len(spans) and spans[at][0] < end)


def _resolve(
    lower: str, text: str, match: re.Match[str], each: Rule, today: date, grammar: DateGrammar
) -> Due:
    start, end = match.start(), match.end()
    try:
        day = each.handler(match, today)
    except (ValueError, OverflowError):
        day = None
    before_text = lower[max(0, start - 40) : start]
    week_of = grammar.week_of.search(before_text)
    if week_of and day is not None:
        day = periods.week_day(day)
        start -= len(week_of.group(0))
    elif grammar.before.search(before_text) and day is not None:
        if not grammar.period_end.match(lower, match.start()):
            day -= timedelta(days=1)
    elif grammar.after.search(before_text) and day is not None:
        day += timedelta(days=1)
    if day is not None and grammar.event_relative.match(lower, end):
        day = None
    deadline = bool(grammar.deadline.search(lower[max(0, start - 25) : start]))
    return Due(start, end, text[start:end], day, deadline)


def meeting_day(at: datetime, tz: tzinfo) -> date:
    """The calendar day the meeting was held on, where it was held."""
    if at.tzinfo is None:
        return at.date()
    return at.astimezone(tz).date()


def existing_day(day: date, tz: tzinfo) -> date:
    """`day`, or the next day that exists in `tz` (a zone can skip a whole day: Samoa did on
    30 December 2011)."""
    for _ in range(3):
        noon = datetime.combine(day, time(12), tzinfo=tz)
        try:
            kept = noon.astimezone(ZoneInfo("UTC")).astimezone(tz).date() == day
        except OverflowError:  # the calendar's first or last day: no zone ever skipped it
            return day
        if kept:
            return day
        day += timedelta(days=1)
    return day


def number(word: str, words: dict[str, int]) -> int | None:
    """A count written as digits or as one of the language's number words."""
    word = " ".join(word.split())
    if word.isdigit():
        return int(word) if len(word) <= 4 else None
    return words.get(word)


def span_day(today: date, count: int, unit: str, business: bool) -> date:
    """`today` moved by a span: days, weeks, fortnights or months (business days skip
    weekends)."""
    if unit == "month":
        return periods.add_months(today, count)
    if business and unit == "day":
        return periods.add_business_days(today, count)
    days = {"day": 1, "week": 7, "fortnight": 14}[unit] * count
    return today + timedelta(days=days)


def alternation(words: Sequence[str]) -> str:
    """A regex alternation of `words`, longest first so that 'tues' wins over 'tue'."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def year_of(text: str | None) -> int | None:
    """A written year: four digits, or two meaning 20xx."""
    if not text:
        return None
    value = int(text)
    return value + 2000 if value < 100 else value


def numeric_date(today: date, day: int, month: int, year: str | None) -> date | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return periods.next_date(today, month, day, year_of(year))
