"""The items one person contributes: promises on both sides, and their rhythm (or, once
they have gone dark, the going-dark follow-up in its place)."""

from __future__ import annotations

from datetime import datetime

from followup.domain import going_dark, reasons
from followup.domain.cadence import cadence_due, welcome_from
from followup.domain.durations import format_days
from followup.domain.items import AgendaItem, Day, make_item
from followup.domain.localtime import add_local_days, format_day, zone
from followup.domain.model import Commitment, Dossier, FollowUpPoint, Side, Status


def items_for(dossier: Dossier, day: Day) -> list[AgendaItem]:
    """The items one person contributes to `day`."""
    person = dossier.person
    snoozed = person.snoozed_until is not None and person.snoozed_until >= day.end
    items: list[AgendaItem] = []
    listed: list[Commitment] = []
    for commitment in sorted(dossier.open_commitments, key=lambda c: c.due_at):
        if commitment.status is not Status.OPEN:
            continue
        if commitment.side is Side.US and commitment.due_at < day.end:
            items.append(_our_item(dossier, commitment, day, snoozed))
        elif commitment.side is Side.THEM and commitment.due_at < day.start and not snoozed:
            items.append(_their_item(dossier, commitment, day))
        else:
            continue
        listed.append(commitment)
    if dossier.rhythm is not None and not snoozed:
        items.extend(_rhythm_items(dossier, day, listed))
    return items


def _rhythm_items(dossier: Dossier, day: Day, listed: list[Commitment]) -> list[AgendaItem]:
    dark = going_dark.dark_of(dossier)
    if dark is not None and dark.since < day.end:
        return [going_dark.item(dossier, dark, day)] if dark.due < day.end else []
    assert dossier.rhythm is not None
    due = cadence_due(dossier.person, dossier.rhythm, dossier.touches)
    return [_cadence_item(dossier, due, day, listed)] if due < day.end else []


def _our_item(dossier: Dossier, commitment: Commitment, day: Day, snoozed: bool) -> AgendaItem:
    late = day.overdue_days(commitment.due_at, zone(dossier.person.timezone)) > 0
    meeting = commitment.point is FollowUpPoint.FIRST_MEETING
    texts = (
        reasons.our_promise(dossier, commitment, day.user, day.at, day.today, day.tz),
        reasons.propose_meeting(dossier) if meeting else reasons.deliver(dossier, late, snoozed),
    )
    warnings = []
    if snoozed:
        warnings.append(reasons.snoozed_warning(dossier, day.tz, day.today))
    return make_item(
        "our_commitment", dossier, commitment.due_at, day, texts, warnings,
        commitment_id=commitment.id,
    )  # fmt: skip


def _their_item(dossier: Dossier, commitment: Commitment, day: Day) -> AgendaItem:
    welcome = welcome_from(dossier.person, dossier.rhythm, dossier.touches)
    wait = None
    if welcome is not None and welcome > day.at:
        wait = format_day(welcome, zone(dossier.person.timezone), day.today)
    texts = (
        reasons.their_promise(dossier, commitment, day.at, day.today, day.tz),
        reasons.check_in_on(dossier, commitment, wait),
    )
    warnings = []
    if welcome is not None and wait is not None:
        warnings.append(reasons.too_soon(dossier, welcome, day.at, day.tz, day.today))
    return make_item(
        "their_commitment", dossier, commitment.due_at, day, texts, warnings,
        commitment_id=commitment.id,
    )  # fmt: skip


def _cadence_item(
    dossier: Dossier, due: datetime, day: Day, earlier: list[Commitment]
) -> AgendaItem:
    reason = reasons.rhythm_due(dossier, due, day.at, day.today, day.tz)
    limit = past_maximum(dossier, day)
    if limit is not None:
        assert dossier.rhythm is not None and dossier.rhythm.max_days is not None
        reason += (
            f" Past the agreed maximum of {format_days(dossier.rhythm.max_days)} since "
            f"{format_day(limit, day.tz, day.today)}: urgent."
        )
    texts = (reason, reasons.natural_point(dossier, earlier, _news(dossier, day)))
    return make_item("cadence", dossier, due, day, texts, [], urgent=limit is not None)


def past_maximum(dossier: Dossier, day: Day) -> datetime | None:
    """When the agreed maximum interval ran out, if it has by the end of `day`."""
    rhythm = dossier.rhythm
    if rhythm is None or rhythm.max_days is None:
        return None
    base = dossier.touches.last_contact_at or dossier.person.created_at
    limit = add_local_days(base, rhythm.max_days, zone(dossier.person.timezone))
    return limit if limit < day.end else None


def _news(dossier: Dossier, day: Day) -> str | None:
    """Internal progress to pass on to the customer, on the customer's rhythm."""
    relationship = dossier.relationship
    if relationship is None or not relationship.pending_updates:
        return None
    updates = relationship.pending_updates
    first = updates[0]
    text = (
        f"pass on the update from {first.colleague} "
        f"({format_day(first.at, day.tz, day.today)}): “{' '.join(first.notes.split())}”"
    )
    if len(updates) > 1:
        text += f" and {len(updates) - 1} more internal update{'s' * (len(updates) > 2)}"
    return text
