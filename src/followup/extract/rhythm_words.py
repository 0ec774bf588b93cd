"""How people say a follow-up rhythm ("every other week, by phone"), in English and German."""

from __future__ import annotations

import re
from collections.abc import Callable

Cadence = tuple[re.Pattern[str], Callable[[re.Match[str]], int | None]]

EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
              "eight": 8, "nine": 9, "ten": 10, "twelve": 12}  # fmt: skip
DE_NUMBERS = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "acht": 8, "zehn": 10,
              "vierzehn": 14, "zwölf": 12}  # fmt: skip
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "tag": 1, "woche": 7, "monat": 30}
WEEKDAY_EN = r"monday|tuesday|wednesday|thursday|friday"
WEEKDAY_DE = r"montag|dienstag|mittwoch|donnerstag|freitag"


def _every(numbers: dict[str, int]) -> Callable[[re.Match[str]], int | None]:
    def days(m: re.Match[str]) -> int | None:
        word = m.group(1)
        count = int(word) if word.isdigit() else numbers.get(word)
        unit = m.group(2)
        base = next((v for k, v in UNIT_DAYS.items() if unit.startswith(k)), None)
        if count is None or base is None or not 0 < count * base <= 366:
            return None
        return count * base

    return days


def _fixed(days: int) -> Callable[[re.Match[str]], int | None]:
    return lambda m: days


CADENCE_EN: tuple[Cadence, ...] = (
    (re.compile(r"\bevery\s+(\d{1,3}|" + "|".join(EN_NUMBERS) + r")\s+(day|week|month)s?\b"),
     _every(EN_NUMBERS)),
    (re.compile(r"\bevery\s+(?:other|second)\s+week\b|\bbi-?weekly\b|\bfortnightly\b|"
                r"\bevery\s+fortnight\b"), _fixed(14)),
    (re.compile(r"\bevery\s+week\b|\bweekly\b|\bonce\s+a\s+week\b|\beach\s+week\b|"
                rf"\bevery\s+(?:{WEEKDAY_EN})\b|\bon\s+(?:{WEEKDAY_EN})s\b"), _fixed(7)),
    (re.compile(r"\bevery\s+month\b|\bmonthly\b|\bonce\s+a\s+month\b|\beach\s+month\b"),
     _fixed(30)),
    (re.compile(r"\bevery\s+quarter\b|\bquarterly\b"), _fixed(91)),
)  # fmt: skip
CADENCE_DE: tuple[Cadence, ...] = (
    (re.compile(r"\balle\s+(\d{1,3}|" + "|".join(DE_NUMBERS) + r")\s+(tag|woche|monat)\w*\b"),
     _every(DE_NUMBERS)),
    (re.compile(r"\bvierzehntägig\w*\b|\bzweiwöchentlich\w*\b|\bjede\s+zweite\s+woche\b"),
     _fixed(14)),
    (re.compile(rf"\bwöchentlich\w*\b|\bjede\s+woche\b|\beinmal\s+pro\s+woche\b|"
                rf"\bjeden\s+(?:{WEEKDAY_DE})\b|\b(?:{WEEKDAY_DE})s\b"), _fixed(7)),
    (re.compile(r"\bmonatlich\w*\b|\bjeden\s+monat\b|\beinmal\s+(?:im|pro)\s+monat\b"),
     _fixed(30)),
    (re.compile(r"\bquartalsweise\b|\bvierteljährlich\w*\b|\bjedes\s+quartal\b"), _fixed(91)),
)  # fmt: skip
CHANNELS_EN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bin\s+person\b|\bface\s+to\s+face\b|\bon[\s-]site\b|\bvisits?\b"),
     "in_person"),
    (re.compile(r"\bcalls?\b|\bphone\b|\bring\b|\bvideo\b|\bzoom\b|\bteams\b"), "phone"),
    (re.compile(r"\be-?mails?\b|\bby\s+mail\b"), "email"),
    (re.compile(r"\bmessages?\b|\bchat\b|\bwhatsapp\b|\bslack\b|\btexts?\b"), "message"),
)  # fmt: skip
CHANNELS_DE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bpersönlich\b|\bvor\s+ort\b|\bbesuch\w*\b"), "in_person"),
    (re.compile(r"\btelefon\w*\b|\banruf\w*\b|\bcall\b|\bvideo\w*\b|\bteams\b"), "phone"),
    (re.compile(r"\be-?mail\w*\b|\bper\s+mail\b"), "email"),
    (re.compile(r"\bnachricht\w*\b|\bchat\b|\bwhatsapp\b"), "message"),
)  # fmt: skip
