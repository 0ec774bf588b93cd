"""A team's edits to the culture profiles: field by field, each with who, when and why.

The shipped profiles stay as they are; the workspace keeps edits, and the profiles in
force are the shipped data with the edits applied, validated as a whole.
"""

from __future__ import annotations

import copy
import re
import tomllib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from followup.domain.culture import DEFAULT_PROFILE, FIELDS, CultureBook, book_from_raw
from followup.domain.errors import InvalidInput
from followup.domain.model import Stage

LIST_FIELDS = ("countries", "notes", "faux_pas", "negotiation", "follow_up_points")
COMMA_LISTS = ("countries", "follow_up_points")  # "DE,AT" is a list of two
_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")


@dataclass(frozen=True)
class CultureEdit:
    """One field of one profile as the team set it (`field` may be 'cadence_days.lead')."""

    profile: str
    field: str
    value: Any
    by: str | None = None
    at: datetime | None = None
    note: str | None = None

    def provenance(self) -> str:
        """'edited in this workspace by anna on 2026-11-23: our customers prefer calls'."""
        text = "edited in this workspace"
        if self.by:
            text += f" by {self.by}"
        if self.at:
            text += f" on {self.at.date().isoformat()}"
        return text + (f": {self.note}" if self.note else "")


def profile_key(text: str) -> str:
    key = text.strip().lower()
    if not _KEY.match(key):
        raise InvalidInput(
            f"invalid culture profile key {text!r}: use lower-case letters, digits, - or _ "
            "(at most 32), e.g. nordics"
        )
    return key


def field_name(text: str) -> str:
    """A known field, or 'cadence_days.<stage>'; anything else is refused by name."""
    name = text.strip()
    head, _, stage = name.partition(".")
    if head not in FIELDS or (stage and head != "cadence_days"):
        known = ", ".join(FIELDS)
        raise InvalidInput(f"unknown culture field {name!r}; known: {known}")
    if stage and stage not in {s.value for s in Stage if s is not Stage.COLLEAGUE}:
        stages = ", ".join(s.value for s in Stage if s is not Stage.COLLEAGUE)
        raise InvalidInput(f"unknown stage {stage!r} in {name!r}; stages: {stages}")
    return name


def parse_assignment(text: str) -> tuple[str, Any]:
    """('min_gap_days', 10) from 'min_gap_days=10'; the value is TOML, else plain text."""
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise InvalidInput(f"invalid setting {text!r}: write FIELD=VALUE, e.g. min_gap_days=10")
    field = field_name(name)
    return field, parse_value(field, raw.strip())


def parse_value(field: str, raw: str) -> Any:
    try:
        value = tomllib.loads(f"value = {raw}")["value"]
    except tomllib.TOMLDecodeError:
        value = raw
    if isinstance(value, str) and field in COMMA_LISTS:
        value = [part.strip() for part in value.split(",") if part.strip()]
    return value


def apply_edits(shipped: dict[str, Any], edits: list[CultureEdit]) -> dict[str, Any]:
    """The raw profiles once `edits` are applied (a new key becomes a workspace profile,
    starting from the default profile's rules with no countries)."""
    raw = copy.deepcopy(shipped)
    for edit in edits:
        profile = raw.get(edit.profile)
        if profile is None:
            profile = raw[edit.profile] = _new_profile(raw[DEFAULT_PROFILE], edit.profile)
        head, _, stage = edit.field.partition(".")
        if stage:
            profile.setdefault(head, {})[stage] = edit.value
        else:
            profile[head] = edit.value
        profile.setdefault("sources", {})[edit.field] = edit.provenance()
    return raw


def _new_profile(default: dict[str, Any], key: str) -> dict[str, Any]:
    profile = {k: copy.deepcopy(v) for k, v in default.items() if k not in ("countries", "source")}
    profile["name"] = key
    profile["sources"] = {}
    profile["source"] = "created in this workspace from the default profile"
    return profile


def edited_book(shipped: dict[str, Any], edits: list[CultureEdit]) -> CultureBook:
    """The profiles in force; a clear error when the edits leave nonsense."""
    try:
        return book_from_raw(apply_edits(shipped, edits))
    except InvalidInput as exc:
        message = exc.message.replace("invalid culture profiles", "invalid culture edit")
        raise InvalidInput(message) from None


def appended(current: Any, value: Any) -> list[Any]:
    """`current` (a list field's value) with `value` added (a list adds each of its items)."""
    items = list(current or [])
    for item in value if isinstance(value, list) else [value]:
        if item not in items:
            items.append(item)
    return items
