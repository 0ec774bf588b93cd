"""Who owes a listed item, when the note says so in front of it: "Raj: ...", "AI Stefan:
...", "— owner: us —", or an arrow ("me -> revised timeline", "budget -> they confirm")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from followup.extract.language import Language
from followup.extract.parties import Parties

if TYPE_CHECKING:
    from followup.extract.document import Unit

LABEL = re.compile(
    r"^(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?\s*)?"
    r"(?P<name>[^\s:|][^:|]{0,48}?)\s*(?:\((?P<note>[^)]{0,40})\))?\s*:\s*(?P<rest>.*)$"
)
# Searched for "owner" first, its leading dashes found after: a pattern starting with them
# would try every position of a long run of dashes, each to its end (quadratic time).
OWNER = re.compile(r"\bowner\s*:\s*([^—–|]+)(?:[—–|]|$)", re.IGNORECASE)
ARROW = re.compile(r"\s*(?:->|→|=>)\s*")


def owner_syntax(body: str, unit: Unit, lang: Language, parties: Parties) -> str:
    """An owner written in front ("Raj: ...", "AI Stefan: ..."), with "owner: us", or an
    arrow ("me -> revised timeline")."""
    owner = OWNER.search(body)
    if owner:
        unit.label = owner.group(1).strip()
        before = body[: owner.start()].rstrip().rstrip("—–-").rstrip()
        return (before + " " + body[owner.end() :]).strip()
    parts = ARROW.split(body, maxsplit=1)
    if len(parts) == 2:
        return _arrow(parts[0], parts[1], unit, parties)
    label = LABEL.match(body)
    if label and label.group("rest"):
        raw = label.group("name").strip()
        name = re.sub(r"^(?:ai|action|todo|to-do)\s+", "", raw, flags=re.I)
        note = label.group("note")
        for candidate in (name, note):
            if candidate and _is_owner(candidate, unit.bullet or name != raw, lang, parties):
                unit.label = candidate
                return label.group("rest")
        if len(name.split()) <= 4:
            unit.topic = name
            return label.group("rest")
    return body


def _is_owner(text: str, listed: bool, lang: Language, parties: Parties) -> bool:
    """Whether a label names who owes the item: a known name or a pronoun anywhere, and in
    a list also an unknown name that is no heading word ("Attendees", "Next call")."""
    if parties.lookup_name(text) is not None:
        return True
    if lang.heading_generic.search(text.lower()) or lang.next_contact.match(text.lower()):
        return False
    found = parties.lookup(text)
    if found is None:
        return False
    return listed or text.split()[0].lower() in {"i", "me", "we", "us", "ich", "wir", "uns"}


def _arrow(left: str, right: str, unit: Unit, parties: Parties) -> str:
    head = right.split(",")[0].split()
    if head and parties.lookup(head[0]) is not None:
        unit.label, unit.topic = head[0], left
        return " ".join([*head[1:], *right.split(",")[1:]]) or left
    first = left.split()
    if first and parties.lookup(" ".join(first)) is not None:
        unit.label = " ".join(first)
        return right
    return f"{left}, {right}"
