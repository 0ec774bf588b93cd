"""The follow-up rhythm agreed in a meeting: "let's touch base every other week, by phone"."""

from __future__ import annotations

from dataclasses import dataclass

from followup.extract.document import Unit
from followup.extract.language import Language


@dataclass(frozen=True)
class ProposedCadence:
    every_days: int
    channel: str | None


def find_cadence(units: list[Unit], lang: Language) -> tuple[ProposedCadence | None, set[int]]:
    """The last rhythm said about contact (later words revise earlier ones), and the units
    that said one (they are no commitments)."""
    found: ProposedCadence | None = None
    used: set[int] = set()
    for index, unit in enumerate(units):
        lower = unit.text.lower()
        days = _days(lower, lang)
        context = lang.contact_words.search(lower) or lang.contact_words.search(
            (unit.topic or "").lower()
        )
        if days is None or not context or lang.negation.search(lower):
            continue
        channel = next((name for pattern, name in lang.channels if pattern.search(lower)), None)
        if channel is None and found is not None:
            channel = found.channel
        found = ProposedCadence(days, channel)
        used.add(index)
    return found, used


def _days(lower: str, lang: Language) -> int | None:
    for pattern, days in lang.cadence:
        match = pattern.search(lower)
        if match:
            value = days(match)
            if value:
                return value
    return None
