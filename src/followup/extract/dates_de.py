"""German date phrases, with the same conventions as the English ones."""

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
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
    "sonnabend": 5, "sonntag": 6,
}  # fmt: skip
SHORT_WEEKDAYS = ["mo", "di", "mi", "do", "fr", "sa", "so"]
MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feber": 2, "feb": 2, "märz": 3,
    "maerz": 3, "mär": 3, "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6,
    "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}  # fmt: skip
NUMBERS = {
    "ein": 1, "eine": 1, "einem": 1, "einer": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4,
    "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
    "zwölf": 12, "vierzehn": 14, "zwanzig": 20, "dreißig": 30, "ein paar": 3, "paar": 3,
    "wenigen": 3, "zwei bis drei": 3,
}  # fmt: skip
ORDINALS = {"ersten": 1, "zweiten": 2, "dritten": 3, "vierten": 4, "letzten": -1}
QUARTERS = {"ersten": 1, "zweiten": 2, "dritten": 3, "vierten": 4}
PARTS = {"anfang": "early", "mitte": "mid", "ende": "end", "im": "end", "bis": "start",
         "bis ende": "end", "bis anfang": "early", "bis mitte": "mid"}  # fmt: skip
WEEK_PARTS = {"anfang": 1, "mitte": 2}

WD = alternation(list(WEEKDAYS))
ANY_WD = alternation([*WEEKDAYS, *SHORT_WEEKDAYS])
MON = alternation(list(MONTHS))
NUM = r"\d{1,3}|" + alternation(list(NUMBERS))
NEXT = r"nächste[nrs]?|naechste[nrs]?|kommende[nrs]?"
THIS = r"diese[nrs]?"


def _weekday(m: re.Match[str], today: date) -> date:
    modifier, day = m.group(1) or "", WEEKDAYS[m.group(2)]
    if modifier.startswith(("nächst", "naechst")):
        return periods.weekday_next_week(today, day)
    if modifier.startswith("dies"):
        return periods.weekday_this_week(today, day)
    return periods.weekday_after(today, day)


def _span(m: re.Match[str], today: date) -> date | None:
    count = number(m.group(1), NUMBERS)
    if count is None or count > 3660:
        return None
    word = m.group(3)
    unit = "day" if word.startswith("tag") else "week" if word.startswith("woche") else "month"
    return span_day(today, count, unit, bool(m.group(2)))


def _relative(m: re.Match[str], today: date) -> date:
    word = m.group(0)
    if word.startswith("übermorgen"):
        return today + timedelta(days=2)
    if "morgen" in word and "heute" not in word:
        return today + timedelta(days=1)
    return today


def _later(which: str | None) -> bool:
    return (which or "").startswith(("nächst", "naechst", "kommend"))


def _week(m: re.Match[str], today: date) -> date:
    weekday = WEEK_PARTS.get(m.group(1) or "", periods.FRIDAY)
    return periods.week_part(today, _later(m.group(2)), weekday)


def _month(m: re.Match[str], today: date) -> date:
    part = PARTS[m.group(1) or "ende"]
    return periods.this_or_next_month_part(today, _later(m.group(2)), part)


def _named_month(m: re.Match[str], today: date) -> date:
    part = " ".join(m.group(1).split())
    return periods.next_month_named(today, MONTHS[m.group(2)], PARTS[part])


def _quarter(m: re.Match[str], today: date) -> date:
    named = m.group(1) or m.group(2)
    if named:
        quarter = int(named) if named.isdigit() else QUARTERS[named]
        return periods.named_quarter_end(today, quarter)
    return periods.quarter_end(today, 1 if m.group(3) else 0)


@cache
def grammar() -> DateGrammar:
    """The German date grammar (built once, on first use)."""
    return DateGrammar(
        rules=(
            rule(
                r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b",
                lambda m, t: numeric_date(t, int(m.group(3)), int(m.group(2)), m.group(1)),
                True,
            ),
            rule(
                rf"\b(?:(?:{ANY_WD})\.?,?\s+(?:den\s+)?)?(\d{{1,2}})\.\s*({MON})\b\.?"
                rf"(?:\s+(\d{{4}}))?",
                lambda m, t: periods.next_date(
                    t, MONTHS[m.group(2)], int(m.group(1)), year_of(m.group(3))
                ),
                True,
            ),
            rule(
                rf"(?:\b(?:{ANY_WD})\.?,?\s+(?:den\s+)?)?(?<![\d.])(\d{{1,2}})\.\s?(\d{{1,2}})\."
                rf"(\d{{4}}|\d{{2}})?(?!\d)",
                lambda m, t: numeric_date(t, int(m.group(1)), int(m.group(2)), m.group(3)),
                True,
            ),
            rule(
                rf"\b({alternation(list(ORDINALS))})\s+(?:({MON})woche|woche\s+(?:im|des)\s+"
                rf"({MON}))\b",
                lambda m, t: _nth_week_any(m, t),
            ),
            rule(
                r"\b(?:kw|kalenderwoche)\s*(\d{1,2})\b",
                lambda m, t: periods.iso_week_friday(t, int(m.group(1))),
                True,
            ),
            rule(
                rf"\b(?:ende\s+(?:des\s+)?)?(?:q([1-4])|(?:im\s+)?({alternation(list(QUARTERS))})"
                rf"\s+quartal|(?:des\s+)?(nächsten\s+)?quartals|quartalsende)\b",
                _quarter,
            ),
            rule(
                r"\b(?:jahresende|ende\s+(?:des\s+|dieses\s+)?jahres)\b",
                lambda m, t: periods.last_day_of_month(t.year, 12),
            ),
            rule(rf"\b(?:(anfang|mitte|ende)\s+(?:des\s+)?)?({NEXT}|{THIS})\s+monats?\b", _month),
            rule(
                r"\b(?:monatsende|ende\s+(?:des\s+|dieses\s+)?monats|ende\s+monat)\b",
                lambda m, t: periods.last_day_of_month(t.year, t.month),
            ),
            rule(
                rf"\b(bis\s+ende|bis\s+anfang|bis\s+mitte|anfang|mitte|ende|im|bis)\s+({MON})\b"
                r"(?!\s*\d)",
                _named_month,
            ),
            rule(rf"\b(?:(anfang|mitte|ende)\s+(?:der\s+)?)?({NEXT}|{THIS})\s+woche\b", _week),
            rule(
                r"\b(?:ende\s+der\s+woche|(?:zum\s+)?wochenende)\b",
                lambda m, t: periods.this_week_end(t),
            ),
            rule(
                rf"\b(?:in|innerhalb(?:\s+von)?|binnen|in\s+den\s+nächsten|in\s+den\s+kommenden)"
                rf"\s+({NUM})\s+(arbeits|werk|geschäfts)?(tag(?:e|en)?|woche(?:n)?|monat(?:e|en)?)"
                r"\b",
                _span,
            ),
            rule(
                r"(?<!guten\s)\b(?:übermorgen|(?:noch\s+)?heute(?:\s+(?:abend|nachmittag|noch|"
                r"früh))?|morgen(?:\s+(?:früh|vormittag|nachmittag|abend))?|"
                r"in\s+\d+\s+(?:min|minuten|stunden?))\b",
                _relative,
            ),
            rule(rf"\b(?:({NEXT}|{THIS}|am|bis|ab)\s+)?({WD})\b", _weekday),
            rule(
                rf"\b(?:am|zum|dem|den)\s+(\d{{1,2}})\.(?!\s*\d)(?!\s*(?:{MON})\b)",
                lambda m, t: periods.next_day_numbered(t, int(m.group(1))),
                True,
            ),
        ),
        week_of=re.compile(r"(?:in\s+der\s+)?woche\s+(?:vom|ab\s+dem|ab)\s+$"),
        before=re.compile(r"\bvor\s+(?:dem\s+|der\s+)?$"),
        after=re.compile(r"\bnach\s+(?:dem\s+)?$"),
        deadline=re.compile(
            r"\b(?:bis|spätestens|bis\s+spätestens|zum|vor|fällig|termin)\s*:?\s+"
            r"(?:zum\s+|dem\s+)?$"
        ),
        event_relative=re.compile(r"\s+(?:nach|ab)\b"),
        period_end=re.compile(r"ende\b"),
        trigger=re.compile(
            r"\d|\b(?:mo|di|mi|do|fr|sa|so|jan|jän|feb|mär|maer|mrz|apr|mai|jun|jul|aug|sep|okt|"
            r"nov|dez|heute|morgen|übermorgen|woche|monat|quartal|q[1-4]|jahr|ende|anfang|"
            r"mitte|tag|kw|kalender|ersten|zweiten|dritten|vierten|letzten|nächst|naechst|"
            r"kommend|dies|ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|paar|"
            r"wenig|vierzehn|zwanzig|dreißig)"
        ),
    )


def _nth_week_any(m: re.Match[str], today: date) -> date:
    month = MONTHS[m.group(2) or m.group(3)]
    return periods.next_nth_week_friday(today, month, ORDINALS[m.group(1)])
