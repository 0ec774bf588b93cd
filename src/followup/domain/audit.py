"""Changes recorded in the audit trail, and how to say them: field by field, not as JSON."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

ACTIONS = {"insert": "added", "update": "changed", "delete": "removed", "forget": "forgotten"}
# What a row of each table is, in the product's words.
THINGS = {
    "people": "person",
    "person_emails": "email",
    "person_phones": "phone",
    "person_links": "link",
    "person_interests": "interest",
    "agreements": "agreement",
    "interactions": "interaction",
    "commitments": "commitment",
    "accounts": "account",
    "deals": "deal",
    "deal_people": "deal role",
    "milestones": "milestone",
    "milestone_dependencies": "milestone dependency",
    "share_links": "share link",
    "service_requests": "service request",
    "feedback": "feedback",
    "content_sends": "content sent",
    "guard_confirmations": "guard confirmation",
    "account_updates": "internal update",
    "users": "user",
    "api_tokens": "API token",
    "webhook_endpoints": "webhook",
}
SHOWN = 60  # characters of a value shown in a line
# Said once in the headline, not again among the fields.
UNSAID = frozenset({"id", "created_at"})

Values = Mapping[str, Any]
Times = Callable[[str], str]  # how an instant ('2026-11-20T09:00:00+00:00') is shown


def _iso(moment: str) -> str:
    return moment


@dataclass(frozen=True)
class Change:
    id: int
    at: datetime
    actor: str | None
    action: str
    table: str
    row: str
    before: Values | None
    after: Values | None

    @property
    def erased(self) -> bool:
        """Blanked by a forget: what it held is gone, only that it happened remains."""
        return self.before is None and self.after is None and self.action != "forget"


def changed_fields(change: Change) -> list[str]:
    """The fields a change set (added), cleared (removed) or changed, in column order."""
    if change.before is not None and change.after is not None:
        keys = [*change.after, *(k for k in change.before if k not in change.after)]
        return [k for k in keys if change.before.get(k) != change.after.get(k)]
    values = change.after if change.after is not None else change.before
    return [k for k, v in (values or {}).items() if v is not None and v != []]


def headline(change: Change) -> str:
    """'changed person #12', 'added commitment #3', 'forgotten person #12'."""
    thing = THINGS.get(change.table, change.table.replace("_", " "))
    return f"{ACTIONS.get(change.action, change.action)} {thing} #{change.row}"


def details(change: Change, times: Times = _iso) -> str:
    """Field by field: 'stage: prospect → customer; notes: — → Called about line 3'."""
    if change.erased:
        return "(erased: the person was forgotten)"
    fields = [f for f in changed_fields(change) if f not in UNSAID]
    if change.action == "update":
        old, new = change.before or {}, change.after or {}
        return "; ".join(
            f"{f}: {said(old.get(f), times)} → {said(new.get(f), times)}" for f in fields
        )
    values = change.after if change.after is not None else change.before
    return "; ".join(f"{f}: {said((values or {}).get(f), times)}" for f in fields)


def said(value: Any, times: Times = _iso) -> str:
    """A value as a line shows it: '—' for nothing, instants by `times`, long text cut."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        text = ", ".join(said(v, times) for v in value)
    elif isinstance(value, dict):
        text = ", ".join(f"{k} {said(v, times)}" for k, v in value.items() if v not in (None, ""))
    elif isinstance(value, str) and _instant(value):
        text = times(value)
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _instant(text: str) -> bool:
    """Whether `text` is an instant as the trail's documents give them (UTC, ISO 8601)."""
    return len(text) >= 25 and text[10:11] == "T" and text.endswith("+00:00")
