"""English date phrases, as people write them in meeting notes and transcripts."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from followup.extract import periods
from followup.extract.dates import (
    DateGrammar,
    alternation,
    number,
    numeric_date,
    rule,
    span_day,
    year_of,
)

WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14,
    "fifteen": 15, "twenty": 20, "thirty": 30, "a couple of": 2, "couple of": 2, "a couple": 2,
    "a few": 3, "few": 3,
}  # fmt: skip
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
            "4th": 4, "last": -1}  # fmt: skip
PARTS = {
    "early": "early", "beginning of": "start", "start of": "start", "mid": "mid",
    "middle of": "mid", "late": "end", "end of": "end", "the end of": "end", "in": "end",
    "during": "end", "by": "start", "until": "start",
}  # fmt: skip
WEEK_PARTS = {"early": 1, "beginning of": 1, "start of": 1, "mid": 2, "middle of": 2}

WD = alternation(list(WEEKDAYS))
MON = alternation(list(MONTHS))
NUM = r"\d{1,3}|" + alternation(list(NUMBERS))
ORD = r"(\d{1,2})(?:st|nd|rd|th)"
PART = alternation(list(PARTS))


def _weekday(m: re.Match[str], today: date) -> date:
    modifier, day = m.group(1), WEEKDAYS[m.group(2)]
    if modifier == "next":
        return periods.weekday_next_week(today, day)
    if modifier == "this":
        return periods.weekday_this_week(today, day)
    return periods.weekday_after(today, day)


def _day_month(m: re.Match[str], today: date) -> date | None:
    return periods.next_date(today, MONTHS[m.group(2)], int(m.group(1)), year_of(m.group(3)))


def _month_day(m: re.Match[str], today: date) -> date | None:
    return periods.next_date(today, MONTHS[m.group(1)], int(m.group(2)), year_of(m.group(3)))


def _slash(m: re.Match[str], today: date) -> date | None:
    first, second = int(m.group(1)), int(m.group(2))
    if first > 12:
        return numeric_date(today, first, second, m.group(3))
    if second > 12:
        return numeric_date(today, second, first, m.group(3))
    return None  # 3/4: March 4th or 3 April? Nobody can tell.


def _span(m: re.Match[str], today: date) -> date | None:
    count = number(m.group(1), NUMBERS)
    if count is None or count > 3660:
        return None
    unit = m.group(3).rstrip("s")
    unit = {"wk": "week"}.get(unit, unit)
    return span_day(today, count, unit, bool(m.group(2)))


def _relative(m: re.Match[str], today: date) -> date:
    word = m.group(0)
    if "after tomorrow" in word:
        return today + timedelta(days=2)
    if word.removeprefix("first thing ").startswith(("tomorrow", "tmrw", "tmr")):
        return today + timedelta(days=1)
    return today


def _week(m: re.Match[str], today: date) -> date:
    weekday = WEEK_PARTS.get(m.group(1) or "", periods.FRIDAY)
    return periods.week_part(today, m.group(2) == "next", weekday)


def _month(m: re.Match[str], today: date) -> date:
    part = PARTS.get(m.group(1) or "end", "end")
    return periods.this_or_next_month_part(today, m.group(2) == "next", part)


def _named_month(m: re.Match[str], today: date) -> date:
    return periods.next_month_named(today, MONTHS[m.group(2)], PARTS[m.group(1)])


def _nth_week(m: re.Match[str], today: date) -> date:
    return periods.next_nth_week_friday(today, MONTHS[m.group(2)], ORDINALS[m.group(1)])


def _quarter(m: re.Match[str], today: date) -> date:
    which = m.group(1)
    if re.fullmatch(r"q[1-4]", which):
        return periods.named_quarter_end(today, int(which[1]))
    return periods.quarter_end(today, 1 if which.startswith("next") else 0)


@cache
def grammar() -> DateGrammar:
    """The English date grammar (built once, on first use)."""
    return DateGrammar(
        rules=(
            rule(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", lambda m, t: _iso(m), True),
            rule(
                rf"\b(?:(?:{WD})\.?,?\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?"
                rf"\s+({MON})\b\.?(?:,?\s+(\d{{4}}))?",
                _day_month,
                True,
            ),
            rule(
                rf"\b(?:(?:{WD})\.?,?\s+)?({MON})\.?\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\b"
                rf"(?:,?\s+(\d{{4}}))?",
                _month_day,
                True,
            ),
            rule(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])", _slash, True),
            rule(
                r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?![\d])",
                lambda m, t: numeric_date(t, int(m.group(1)), int(m.group(2)), m.group(3)),
                True,
            ),
            rule(rf"\b({alternation(list(ORDINALS))})\s+week\s+(?:of|in)\s+({MON})\b", _nth_week),
            rule(
                r"\b(?:cw|kw|calendar\s+week|week)\s*(\d{1,2})\b",
                lambda m, t: periods.iso_week_friday(t, int(m.group(1))),
                True,
            ),
            rule(
                r"\b(?:the\s+)?(?:end\s+of\s+)?(?:the\s+)?"
                r"(q[1-4]|next\s+quarter|this\s+quarter|quarter)\b",
                _quarter,
            ),
            rule(
                r"\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?year|year[\s-]end|eoy)\b",
                lambda m, t: periods.last_day_of_month(t.year, 12),
            ),
            rule(rf"\b(?:({PART})\s*-?\s*)?(this|next|the)\s+month\b", _month),
            rule(
                r"\b(?:(end)\s+of\s+month|month[\s-](end)|(end)[\s-]of[\s-]month|eo(m))\b",
                lambda m, t: periods.last_day_of_month(t.year, t.month),
            ),
            rule(
                r"\bmid[\s-]month\b",
                lambda m, t: _month_mid(t),
            ),
            rule(rf"\b({PART})\s*-?\s*({MON})\b(?!\s*\d)", _named_month),
            rule(
                r"\b(?:(early|beginning\s+of|start\s+of|mid|middle\s+of|late|end\s+of|"
                r"the\s+end\s+of)\s*-?\s*)?(this|next|the)\s+(?:week|wk)\b",
                _week,
            ),
            rule(
                r"\b(?:end\s+of\s+(?:the\s+)?week|eow|(?:by\s+)?the\s+weekend)\b",
                lambda m, t: periods.this_week_end(t),
            ),
            rule(
                rf"\b(?:in|within|inside(?:\s+of)?|(?:in|within|over)\s+the\s+next|the\s+next|"
                rf"next)\s+({NUM})\s+(business\s+|working\s+)?(days?|weeks?|wks?|months?|"
                rf"fortnights?)\b(?:'s|’s)?(?:\s+time)?",
                _span,
            ),
            rule(
                rf"\b({NUM})\s+(business\s+|working\s+)?(days?|weeks?|wks?|months?)\s+from\s+"
                rf"(?:now|today)\b",
                _span,
            ),
            rule(r"\b(?:in|within)\s+a\s+fortnight\b", lambda m, t: t + timedelta(days=14)),
            rule(
                r"\b(?:(?:the\s+)?day\s+after\s+tomorrow|(?:first\s+thing\s+)?(?:tomorrow|tmrw|tmr)"
                r"(?:\s+(?:morning|afternoon|evening|night|eod))?|today|tonight|"
                r"this\s+(?:morning|afternoon|evening)|later\s+today|"
                r"end\s+of\s+(?:the\s+)?day(?!\s+(?:tomorrow|on|mon|tue|wed|thu|fri))|eod|cob|"
                r"close\s+of\s+business|by\s+noon|in\s+\d+\s+(?:min|mins|minutes|hours?|hrs?))\b",
                _relative,
            ),
            rule(
                rf"\b(?:first\s+thing\s+(?:on\s+)?)?(?:(this|next|coming)\s+)?({WD})\b(?!-)",
                _weekday,
            ),
            rule(
                rf"\b(?:(?:{WD})\.?,?\s+)?(?:the\s+)?{ORD}\b",
                lambda m, t: periods.next_day_numbered(t, int(m.group(1))),
                True,
            ),
        ),
        week_of=re.compile(r"(?:the\s+)?week\s+(?:of|starting|commencing|beginning)\s+$"),
        before=re.compile(r"\b(?:before|prior\s+to|ahead\s+of)\s+(?:the\s+)?$"),
        after=re.compile(r"\bafter\s+(?:the\s+)?$"),
        deadline=re.compile(
            r"\b(?:by|before|until|till|til|due|latest|no\s+later\s+than|not\s+later\s+than|"
            r"on\s+or\s+before|target|eta)\s*:?\s+(?:the\s+)?$"
        ),
        event_relative=re.compile(r"\s+(?:of|after|from)\b(?!\s+(?:now|today))"),
        period_end=re.compile(r"(?:the\s+)?end\b"),
        trigger=re.compile(
            r"\d|\b(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|"
            r"dec|today|tonight|tomorrow|tmr|week|wk|month|quarter|q[1-4]|year|eo[dmwy]|cob|"
            r"close|noon|fortnight|morning|afternoon|evening|end|mid|early|late|day|couple|few|"
            r"cw|kw|calendar|first|second|third|fourth|last|later|this|next|coming|an?\s)"
        ),
    )


def _iso(m: re.Match[str]) -> date | None:
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _month_mid(today: date) -> date:
    day = today.replace(day=periods.MID_DAY)
    return day if day >= today else periods.add_months(day, 1)
