"""The too-much guard around logging an outbound contact: breaches of the agreed gap need
confirmation and are recorded; colleagues' touches this week are reported."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select

from followup.domain.culture import CultureProfile
from followup.domain.errors import FollowupError
from followup.domain.guard import COLLEAGUE_WINDOW_DAYS, Contact, Touch, Verdict, check
from followup.domain.localtime import zone
from followup.domain.model import Direction, Interaction, InteractionKind, Person, Rhythm, User
from followup.store.intel_tables import guard_confirmations
from followup.store.tables import interactions, people, users


class NeedsConfirmation(FollowupError):
    """Logging this contact breaks the agreement: confirm (--yes) to log it anyway."""

    code = "needs_confirmation"

    def __init__(self, verdict: Verdict) -> None:
        super().__init__("; ".join(verdict.breaches) + "; log it anyway with --yes")
        self.verdict = verdict


def verdict_for(
    conn: Connection, facts: tuple[Any, Person, CultureProfile, Rhythm | None], user: User,
    interaction: Interaction,
) -> Verdict:  # fmt: skip
    """The guard's verdict on logging `interaction`, from the person's follow-up facts
    (workspace.follow_up_of) as they were before it."""
    _, person, profile, rhythm = facts
    outbound = interaction.direction is Direction.OUT
    contact = Contact(
        person, interaction.at, user.name, zone(user.timezone), outbound, person.owner_id == user.id
    )
    if not outbound:  # a reply breaks no gap and needs no word about colleagues
        return check(contact, rhythm, None, [], profile)
    previous = None
    if rhythm is not None and rhythm.min_gap_days:  # only a gap needs the last touch
        row = conn.execute(PREVIOUS, {"person_id": person.id, "at": interaction.at}).first()
        previous = _touch(row) if row else None
    since = interaction.at - timedelta(days=COLLEAGUE_WINDOW_DAYS)
    values = {"at": interaction.at, "since": since, "user_id": user.id}
    if person.account_id is not None:
        rows = conn.execute(AT_ACCOUNT, {**values, "account_id": person.account_id})
    else:
        rows = conn.execute(OF_PERSON, {**values, "person_id": person.id})
    return check(contact, rhythm, previous, [_touch(r) for r in rows], profile)


def _touch(row: Any) -> Touch:
    return Touch(row.at, row.user_name, InteractionKind(row.kind), row.person_name)


# Built once (they run with every touch logged): outbound touches with who made them.
_TOUCHES = (
    select(
        interactions.c.at,
        interactions.c.kind,
        users.c.name.label("user_name"),
        people.c.name.label("person_name"),
    )
    .join(users, users.c.id == interactions.c.user_id)
    .join(people, people.c.id == interactions.c.person_id)
    .where(interactions.c.direction == Direction.OUT.value)
)
# The person's last outbound touch up to the new one, by anyone in the team.
PREVIOUS = (
    _TOUCHES.where(
        interactions.c.person_id == bindparam("person_id"), interactions.c.at <= bindparam("at")
    )
    .order_by(interactions.c.at.desc())
    .limit(1)
)
# Other users' outbound touches of the account (or the person) in the week before.
_THIS_WEEK = _TOUCHES.where(
    interactions.c.at <= bindparam("at"),
    interactions.c.at > bindparam("since"),
    interactions.c.user_id != bindparam("user_id"),
).order_by(interactions.c.at.desc())
AT_ACCOUNT = _THIS_WEEK.where(people.c.account_id == bindparam("account_id"))
OF_PERSON = _THIS_WEEK.where(interactions.c.person_id == bindparam("person_id"))


def record(
    conn: Connection,
    verdict: Verdict,
    interaction_id: int,
    person_id: int,
    user_id: int,
    now: datetime,
) -> None:
    """Keep every confirmed breach with the interaction it was logged with."""
    if verdict.breaches:
        rows = [
            {
                "interaction_id": interaction_id,
                "person_id": person_id,
                "user_id": user_id,
                "breach": breach,
                "confirmed_at": now,
            }
            for breach in verdict.breaches
        ]
        conn.execute(_RECORD, rows)


_RECORD = insert(guard_confirmations)


def document(verdict: Verdict) -> dict[str, Any]:
    return {"breaches": list(verdict.breaches), "notices": list(verdict.notices)}


def guard_entries(conn: Connection, person_id: int) -> list[dict[str, Any]]:
    """The person's confirmed breaches, as timeline entries at the touch they came with."""
    query = (
        select(guard_confirmations, interactions.c.at, users.c.name.label("user_name"))
        .join(interactions, interactions.c.id == guard_confirmations.c.interaction_id)
        .join(users, users.c.id == guard_confirmations.c.user_id)
        .where(guard_confirmations.c.person_id == person_id)
    )
    return [
        {
            "at": row.at.isoformat(),
            "event": "guard_confirmed",
            "breach": row.breach,
            "user": row.user_name,
            "interaction_id": row.interaction_id,
        }
        for row in conn.execute(query)
    ]
