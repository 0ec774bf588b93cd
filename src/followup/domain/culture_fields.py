"""Checking the values of a culture profile's rules: each error names the profile and field."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from followup.domain.kinds import CONTEXTS
from followup.domain.model import Channel, FollowUpPoint


class FeedbackChannel(StrEnum):
    """How a culture prefers to be asked for feedback."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    SURVEY = "survey"
    EMAIL = "email"
    MESSAGE = "message"


@dataclass(frozen=True)
class FauxPas:
    """A habit that offends; `on` names the agenda kinds or stages where it is a warning."""

    text: str
    on: frozenset[str] = frozenset()


def days(key: str, name: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3660:
        raise ValueError(
            f"profile {key}: {name} must be a whole number of days from 1 to 3660, not {value!r}"
        )
    return value


def channel(key: str, value: Any) -> Channel:
    try:
        return Channel(value)
    except ValueError:
        known = ", ".join(c.value for c in Channel)
        raise ValueError(f"profile {key}: channel {value!r} is not one of {known}") from None


def whole(key: str, name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
        raise ValueError(
            f"profile {key}: {name} must be a whole number from 1 to 100, not {value!r}"
        )
    return value


def positive(key: str, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100:
        raise ValueError(f"profile {key}: {name} must be a number above 0, not {value!r}")
    return float(value)


def choice(key: str, name: str, value: Any) -> FeedbackChannel:
    try:
        return FeedbackChannel(value)
    except ValueError:
        known = ", ".join(c.value for c in FeedbackChannel)
        raise ValueError(f"profile {key}: {name} {value!r} is not one of {known}") from None


def points(key: str, value: Any) -> tuple[FollowUpPoint, ...]:
    if not isinstance(value, list) or not value:
        raise ValueError(f"profile {key}: follow_up_points must be a non-empty list")
    try:
        return tuple(FollowUpPoint(v) for v in value)
    except ValueError:
        known = ", ".join(p.value for p in FollowUpPoint)
        raise ValueError(
            f"profile {key}: follow_up_points {value!r} holds an unknown point; known: {known}"
        ) from None


def faux_pas(key: str, value: Any, rules: dict[str, Any]) -> tuple[FauxPas, ...]:
    """Texts or tables { text = "...", on = ["service_request"] }; a text may name a rule,
    as in "more often than every {deliberation_min_gap_days} days", so edits keep it true."""
    if not isinstance(value, list):
        raise ValueError(f"profile {key}: faux_pas must be a list")
    found = []
    for entry in value:
        text, on = (entry, []) if isinstance(entry, str) else faux_pas_table(key, entry)
        unknown = sorted(set(on) - CONTEXTS)
        if unknown:
            known = ", ".join(sorted(CONTEXTS))
            raise ValueError(
                f"profile {key}: faux pas 'on' {unknown[0]!r} is unknown; known: {known}"
            )
        try:
            text = text.format(**rules)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"profile {key}: faux pas {text!r} names no rule: {exc}") from None
        found.append(FauxPas(text, frozenset(on)))
    return tuple(found)


def faux_pas_table(key: str, entry: Any) -> tuple[str, list[str]]:
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
        raise ValueError(f'profile {key}: a faux pas is a text or {{ text = "...", on = [...] }}')
    on = entry.get("on", [])
    if not isinstance(on, list) or not all(isinstance(v, str) for v in on):
        raise ValueError(f"profile {key}: faux pas 'on' must be a list of kinds or stages")
    return entry["text"], on
