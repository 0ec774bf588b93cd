"""Culture profiles: editable defaults per country or region, never rules baked into code."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from followup.domain.errors import InvalidInput
from followup.domain.model import Channel, Rhythm, Stage

DEFAULT_PROFILE = "default"
RHYTHM_STAGES = (Stage.LEAD, Stage.PROSPECT, Stage.CUSTOMER, Stage.PARTNER)


@dataclass(frozen=True)
class CultureProfile:
    key: str
    name: str
    countries: tuple[str, ...]
    cadence_days: Mapping[Stage, int]
    min_gap_days: int
    channel: Channel
    notes: tuple[str, ...] = ()
    faux_pas: tuple[str, ...] = ()
    source: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def rhythm_for(self, stage: Stage) -> Rhythm | None:
        """The default rhythm for a person at `stage`, or None (colleagues have none)."""
        every = self.cadence_days.get(stage)
        if every is None:
            return None
        return Rhythm(every, min(self.min_gap_days, every), self.channel, f"culture:{self.key}")


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
        if not isinstance(raw, dict):
            raise ValueError("'profiles' must be a table of profiles")
        profiles = {key: _profile(key, value) for key, value in raw.items()}
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"invalid culture profiles: {exc}") from None
    if DEFAULT_PROFILE not in profiles:
        raise InvalidInput("invalid culture profiles: a 'default' profile is required")
    return CultureBook(profiles)


def _profile(key: str, raw: dict[str, Any]) -> CultureProfile:
    if not isinstance(raw["cadence_days"], dict):
        raise ValueError(f"profile {key}: cadence_days must be a table such as {{ lead = 7 }}")
    cadence = {Stage(stage): int(days) for stage, days in raw["cadence_days"].items()}
    if any(days < 1 for days in cadence.values()):
        raise ValueError(f"profile {key}: cadence days must be positive")
    if int(raw["min_gap_days"]) < 0:
        raise ValueError(f"profile {key}: min_gap_days must not be negative")
    known = {"name", "countries", "cadence_days", "min_gap_days", "channel", "notes"}
    known |= {"faux_pas", "source"}
    return CultureProfile(
        key=key,
        name=str(raw["name"]),
        countries=tuple(c.upper() for c in _strings(key, raw, "countries")),
        cadence_days=cadence,
        min_gap_days=int(raw["min_gap_days"]),
        channel=Channel(raw["channel"]),
        notes=_strings(key, raw, "notes"),
        faux_pas=_strings(key, raw, "faux_pas"),
        source=str(raw.get("source", "")),
        extra={k: v for k, v in raw.items() if k not in known},
    )


def _strings(key: str, raw: dict[str, Any], name: str) -> tuple[str, ...]:
    """A list of strings (a bare string would silently become its letters)."""
    values = raw.get(name, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"profile {key}: {name} must be a list of strings")
    return tuple(values)
