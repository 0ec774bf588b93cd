"""Culture profiles: editable defaults per country or region, never rules baked into code.

A profile is data (data/cultures.toml, plus a team's edits kept in its workspace). Every
profile names its rhythm per stage, the minimum gap and channel; the other rules (how long
deliberation runs, when a contact counts as gone dark, how feedback is asked, ...) are
taken from the `default` profile where a profile does not set them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from followup.domain import culture_fields as fields
from followup.domain.culture_fields import FauxPas, FeedbackChannel
from followup.domain.errors import InvalidInput
from followup.domain.model import Channel, FollowUpPoint, Rhythm, Stage

__all__ = ["CultureBook", "CultureProfile", "FauxPas", "FeedbackChannel", "parse_culture_book"]

DEFAULT_PROFILE = "default"
RHYTHM_STAGES = (Stage.LEAD, Stage.PROSPECT, Stage.CUSTOMER, Stage.PARTNER)


# The order in which going-dark suggestions try the natural follow-up points.
DEFAULT_POINTS = (
    FollowUpPoint.STATUS_UPDATE,
    FollowUpPoint.ARTICLE,
    FollowUpPoint.CLARIFICATION,
    FollowUpPoint.INTRODUCTION,
    FollowUpPoint.VISIT,
    FollowUpPoint.CHECK_IN,
)

# The rules a profile may leave to the default profile, with the parser's own fallback
# (used only when the default profile does not set them either).
INHERITED: dict[str, Any] = {
    "deliberation_days": None,
    "deliberation_min_gap_days": None,
    "delivery_days": None,
    "feedback_channel": FeedbackChannel.SURVEY.value,
    "negotiation": [],
    "dark_after_attempts": 3,
    "dark_after_rhythms": 2,
    "checkin_days": 365,
    "follow_up_points": [p.value for p in DEFAULT_POINTS],
}
CORE = ("name", "countries", "cadence_days", "min_gap_days", "channel", "notes", "faux_pas")
FIELDS = (*CORE, *INHERITED)  # what a team may edit
DAY_FIELDS = ("deliberation_days", "deliberation_min_gap_days", "delivery_days", "checkin_days")


@dataclass(frozen=True)
class CultureProfile:
    key: str
    name: str
    countries: tuple[str, ...]
    cadence_days: Mapping[Stage, int]
    min_gap_days: int
    channel: Channel
    notes: tuple[str, ...] = ()
    faux_pas: tuple[FauxPas, ...] = ()
    source: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)
    deliberation_days: int | None = None
    deliberation_min_gap_days: int | None = None
    delivery_days: int | None = None
    feedback_channel: FeedbackChannel = FeedbackChannel.SURVEY
    negotiation: tuple[str, ...] = ()
    dark_after_attempts: int = 3
    dark_after_rhythms: float = 2.0
    checkin_days: int = 365
    follow_up_points: tuple[FollowUpPoint, ...] = DEFAULT_POINTS
    sources: Mapping[str, str] = field(default_factory=dict)

    def rhythm_for(self, stage: Stage) -> Rhythm | None:
        """The default rhythm for a person at `stage`, or None (colleagues have none).

        During deliberation (a prospect) the profile may ask for a longer minimum gap.
        """
        every = self.cadence_days.get(stage)
        if every is None:
            return None
        gap = self.min_gap_days
        if stage is Stage.PROSPECT and self.deliberation_min_gap_days:
            gap = max(gap, self.deliberation_min_gap_days)
        return Rhythm(every, min(gap, every), self.channel, f"culture:{self.key}")

    def faux_pas_on(self, *contexts: str) -> tuple[str, ...]:
        """The faux pas that apply on an item of these kinds or stages."""
        wanted = set(contexts)
        return tuple(f.text for f in self.faux_pas if f.on & wanted)

    def note_for(self, name: str) -> str:
        """Where the value of field `name` comes from."""
        return self.sources.get(name) or self.source


@dataclass(frozen=True)
class CultureBook:
    """All profiles, and which one applies to a country."""

    profiles: Mapping[str, CultureProfile]

    def get(self, key: str) -> CultureProfile:
        try:
            return self.profiles[key]
        except KeyError:
            known = ", ".join(sorted(self.profiles))
            raise InvalidInput(f"unknown culture profile {key!r}; known: {known}") from None

    def resolve(self, culture: str | None, *countries: str | None) -> CultureProfile:
        """The explicit profile if given, else the first country's profile, else the default."""
        if culture:
            return self.get(culture)
        for country in countries:
            if country:
                for profile in self.profiles.values():
                    if country.upper() in profile.countries:
                        return profile
        return self.profiles[DEFAULT_PROFILE]


def parse_culture_book(text: str) -> CultureBook:
    """Profiles from TOML text (the shipped data file or a team's edited copy)."""
    try:
        raw = tomllib.loads(text)["profiles"]
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise InvalidInput(f"invalid culture profiles: {exc}") from None
    return book_from_raw(raw)


def book_from_raw(raw: Any) -> CultureBook:
    """Profiles from parsed data: {key: {field: value}}, validated as a whole."""
    try:
        if not isinstance(raw, dict):
            raise ValueError("'profiles' must be a table of profiles")
        if DEFAULT_PROFILE not in raw:
            raise ValueError("a 'default' profile is required")
        base = _profile(DEFAULT_PROFILE, raw[DEFAULT_PROFILE], None)
        profiles = {
            key: base if key == DEFAULT_PROFILE else _profile(key, value, base)
            for key, value in raw.items()
        }
        _countries_unique(profiles)
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"invalid culture profiles: {exc}") from None
    return CultureBook(profiles)


def _profile(key: str, raw: Any, base: CultureProfile | None) -> CultureProfile:
    if not isinstance(raw, dict):
        raise ValueError(f"profile {key} must be a table")
    if not isinstance(raw["cadence_days"], dict):
        raise ValueError(f"profile {key}: cadence_days must be a table such as {{ lead = 7 }}")
    cadence = {Stage(stage): int(days) for stage, days in raw["cadence_days"].items()}
    if any(days < 1 for days in cadence.values()):
        raise ValueError(f"profile {key}: cadence days must be positive")
    if int(raw["min_gap_days"]) < 0:
        raise ValueError(f"profile {key}: min_gap_days must not be negative")
    rules = _rules(key, raw, base)
    known = {*CORE, *INHERITED, "source", "sources"}
    sources = raw.get("sources", {})
    if not isinstance(sources, dict) or not all(isinstance(v, str) for v in sources.values()):
        raise ValueError(f'profile {key}: sources must be a table of notes, field = "..."')
    return CultureProfile(
        key=key,
        name=_name(key, raw),
        countries=tuple(c.upper() for c in _strings(key, raw, "countries")),
        cadence_days=cadence,
        min_gap_days=int(raw["min_gap_days"]),
        channel=fields.channel(key, raw["channel"]),
        notes=_strings(key, raw, "notes"),
        faux_pas=fields.faux_pas(key, raw.get("faux_pas", []), rules),
        source=str(raw.get("source", "")),
        extra={k: v for k, v in raw.items() if k not in known},
        sources=dict(sources),
        **rules,
    )


def _name(key: str, raw: dict[str, Any]) -> str:
    name = raw["name"]
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"profile {key}: name must be a non-empty text")
    return name.strip()


def _rules(key: str, raw: dict[str, Any], base: CultureProfile | None) -> dict[str, Any]:
    """The inherited rules, from the profile, else the default profile, else the fallback."""

    def given(name: str) -> Any:
        if name in raw:
            return raw[name]
        if base is not None:
            value = getattr(base, name)
            return [getattr(v, "value", v) for v in value] if isinstance(value, tuple) else value
        return INHERITED[name]

    rules: dict[str, Any] = {name: fields.days(key, name, given(name)) for name in DAY_FIELDS}
    rules["feedback_channel"] = fields.choice(key, "feedback_channel", given("feedback_channel"))
    rules["negotiation"] = _strings(key, {"negotiation": given("negotiation")}, "negotiation")
    rules["dark_after_attempts"] = fields.whole(
        key, "dark_after_attempts", given("dark_after_attempts")
    )
    rules["dark_after_rhythms"] = fields.positive(
        key, "dark_after_rhythms", given("dark_after_rhythms")
    )
    rules["follow_up_points"] = fields.points(key, given("follow_up_points"))
    if rules["checkin_days"] is None:
        raise ValueError(f"profile {key}: checkin_days is required (e.g. 365 for yearly)")
    return rules


def _countries_unique(profiles: Mapping[str, CultureProfile]) -> None:
    owner: dict[str, str] = {}
    for profile in profiles.values():
        for country in profile.countries:
            if country in owner:
                raise ValueError(
                    f"country {country} is in both profiles {owner[country]} and {profile.key}"
                )
            owner[country] = profile.key


def _strings(key: str, raw: dict[str, Any], name: str) -> tuple[str, ...]:
    """A list of strings (a bare string would silently become its letters)."""
    values = raw.get(name, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"profile {key}: {name} must be a list of strings")
    return tuple(values)
