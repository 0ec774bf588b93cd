"""The recap for the customer after an interaction: what was agreed, by side, and when we
speak next, in their language, time zone and date format."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from followup.domain.cadence import rhythm_for
from followup.domain.errors import InvalidInput, NotFound
from followup.domain.localtime import add_local_days, local_date, zone
from followup.domain.model import Commitment, Rhythm, Side, Status
from followup.formats.recap import FORMATS, Recap, RecapContent, RecapItem, locale_for, render
from followup.services.workspace import Workspace
from followup.store import directory, meetings, records
from followup.store import people as people_store

# A promise of ours that is itself the next contact ("call back", "Termin").
CONTACT = re.compile(
    r"^(?:call|ring|phone|meet|talk|speak|visit|check\s+in|touch\s+base|follow[\s-]up|"
    r"next\s+call|catch\s+up|anrufen|telefonieren|termin|treffen|besuch|melden|wieder)",
    re.IGNORECASE,
)


def recap(ws: Workspace, interaction_id: int, fmt: str = "text") -> Recap:
    """The recap email for interaction `interaction_id` in `fmt` (text, markdown, html)."""
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}: use text, markdown or html")
    with ws.transaction() as conn:
        interaction = meetings.interaction_by_id(conn, interaction_id)
        if interaction is None:
            raise NotFound(f"unknown interaction {interaction_id}: see 'followup timeline P'")
        person = people_store.load_person(conn, interaction.person_id)
        user = directory.user_by_id(conn, interaction.user_id)
        assert person is not None and user is not None
        made = [
            c
            for c in meetings.commitments_made_in(conn, interaction_id)
            if c.status is not Status.DROPPED
        ]
        agreement = records.agreement_of(conn, person.id)
        rhythm = rhythm_for(person, agreement, ws.profile_for(conn, person))
    tz = zone(person.timezone)
    next_contact, channel = _next_contact(made, interaction.at, rhythm, tz)
    content = RecapContent(
        person_name=person.name,
        sender=user.name,
        kind=interaction.kind.value,
        day=local_date(interaction.at, tz),
        ours=_items(made, Side.US, tz),
        theirs=_items(made, Side.THEM, tz),
        next_contact=next_contact,
        channel=channel,
        locale=locale_for(person.language, person.country),
    )
    return render(content, fmt)


def _items(made: list[Commitment], side: Side, tz: ZoneInfo) -> tuple[RecapItem, ...]:
    return tuple(
        RecapItem(c.what, local_date(c.due_at, tz), c.owed_by) for c in made if c.side is side
    )


def _next_contact(
    made: list[Commitment], at: datetime, rhythm: Rhythm | None, tz: ZoneInfo
) -> tuple[date | None, str | None]:
    """Our promised next contact if there is one, else the rhythm's next date."""
    contacts = [c for c in made if c.side is Side.US and CONTACT.match(c.what)]
    if contacts:
        first = min(contacts, key=lambda c: c.due_at)
        return local_date(first.due_at, tz), rhythm.channel.value if rhythm else None
    if rhythm is None:
        return None, None
    return local_date(add_local_days(at, rhythm.every_days, tz), tz), rhythm.channel.value
