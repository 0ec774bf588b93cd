"""What a culture profile says about deals: how long each stage may stay quiet before the
deal counts as stalled, how fast delivery must follow a yes, and which days are working days.

These live in cultures.toml under `[profiles.KEY.deals]`; a profile without a value takes
the default profile's, stage by stage, so a team edits only what differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from followup.domain.culture import DEFAULT_PROFILE, CultureBook, CultureProfile
from followup.domain.deals import DealStage
from followup.domain.errors import InvalidInput
from followup.domain.workdays import Workweek

# Stages with no rotting time: a live customer is followed by the rhythm, a lost deal by nobody.
NEVER_STALL = frozenset({DealStage.LIVE, DealStage.LOST})


@dataclass(frozen=True)
class DealRules:
    culture: str
    rotting_days: Mapping[DealStage, int]
    rotting_notes: Mapping[DealStage, str] = field(default_factory=dict)
    delivery_first_step_days: int = 5
    delivery_note: str = ""
    workweek: Workweek = field(default_factory=Workweek)
    source: str = ""

    def rotting_for(self, stage: DealStage) -> int | None:
        """Days a deal may stay quiet in `stage` before it is stalled (None: never)."""
        if stage in NEVER_STALL:
            return None
        return self.rotting_days.get(stage)


def deal_rules(book: CultureBook, profile: CultureProfile) -> DealRules:
    """The deal rules of `profile`, completed from the default profile."""
    base = _section(book.profiles[DEFAULT_PROFILE])
    own = _section(profile) if profile.key != DEFAULT_PROFILE else {}
    try:
        rotting = {**_stages(base, "rotting_days"), **_stages(own, "rotting_days")}
        notes = {**_stages(base, "rotting_notes"), **_stages(own, "rotting_notes")}
        merged = {**base, **own}
        first = int(merged.get("delivery_first_step_days", 5))
        days = {stage: int(value) for stage, value in rotting.items()}
        if first < 0 or any(value < 1 for value in days.values()):
            raise ValueError("rotting days must be positive and delivery days not negative")
        return DealRules(
            culture=profile.key,
            rotting_days=days,
            rotting_notes={stage: str(value) for stage, value in notes.items()},
            delivery_first_step_days=first,
            delivery_note=str(merged.get("delivery_note", "")),
            workweek=Workweek.named(
                list(merged.get("workweek", ["mon", "tue", "wed", "thu", "fri"]))
            ),
            source=str(own.get("source") or base.get("source", "")),
        )
    except (TypeError, ValueError, InvalidInput) as exc:
        message = exc.message if isinstance(exc, InvalidInput) else str(exc)
        raise InvalidInput(
            f"invalid culture profiles: profile {profile.key}.deals: {message}"
        ) from None


def _section(profile: CultureProfile) -> dict[str, Any]:
    section = profile.extra.get("deals", {})
    if not isinstance(section, dict):
        raise InvalidInput(
            f"invalid culture profiles: profile {profile.key}: deals must be a table"
        )
    return section


def _stages(section: Mapping[str, Any], name: str) -> dict[DealStage, Any]:
    raw = section.get(name, {})
    if not isinstance(raw, dict):
        raise ValueError(f"{name} must be a table such as {{ deliberation = 30 }}")
    return {DealStage(stage): value for stage, value in raw.items()}
