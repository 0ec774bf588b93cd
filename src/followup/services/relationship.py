"""What logging a touch changes beyond the rhythm: whether the person answers (for the
going-dark rule), a colleague's progress report (internal updates), and updates passed on."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, update

from followup.domain.internal import status_promise
from followup.domain.model import (
    Direction,
    FollowUpPoint,
    Interaction,
    Person,
    Side,
    Stage,
    Status,
)
from followup.domain.relationship import Replies, replies_from
from followup.store import intelligence as intel
from followup.store import people as people_store
from followup.store import records
from followup.store.directory import account_by_id
from followup.store.intel_tables import account_updates
from followup.store.tables import commitments


def after_logged(
    conn: Connection, facts: Any, interaction: Interaction, interaction_id: int, now: datetime
) -> Replies:
    """Called in the logging transaction, after the interaction is stored and before the
    person's next_due_at is recomputed (`facts`: workspace.follow_up_of before the touch).
    Returns the person's replies once the touch counts, for refresh_due to store."""
    row, person, _, _ = facts
    person_id = person.id
    replies = intel.replies_of_row(row)
    if replies.is_newest(interaction, row.last_attempt_at):
        replies = replies.after(interaction)
    else:  # logged out of order: fold the whole history again
        history = [
            records.interaction_from_row(r) for r in records.interactions_of(conn, person_id)
        ]
        replies = replies_from(history)
    agreement = people_store.agreement_of_row(row)
    if person.stage is Stage.COLLEAGUE and agreement and agreement.about_account_id:
        if interaction.direction is Direction.IN:
            _progress(conn, person, agreement.about_account_id, interaction, interaction_id, now)
    elif row.pending_updates and interaction.direction is Direction.OUT and interaction.is_contact:
        conn.execute(PASS_UPDATES, {"account": person.account_id, "passed": interaction.at})
    return replies


# Built once: this runs with every outbound contact logged at an account.
PASS_UPDATES = (
    update(account_updates)
    .where(
        account_updates.c.account_id == bindparam("account"),
        account_updates.c.passed_at.is_(None),
        account_updates.c.at <= bindparam("passed"),
    )
    .values(passed_at=bindparam("passed"))
)


def _progress(
    conn: Connection,
    colleague: Person,
    account_id: int,
    interaction: Interaction,
    interaction_id: int,
    now: datetime,
) -> None:
    """A colleague reported: keep the update for the customer, close their status promise
    and open the next one."""
    notes = interaction.notes or "reported progress"
    conn.execute(
        insert(account_updates).values(
            account_id=account_id,
            colleague_id=colleague.id,
            interaction_id=interaction_id,
            notes=notes,
            at=interaction.at,
        )
    )
    open_status = [
        c
        for c in records.open_commitments_of(conn, colleague.id)
        if c.side is Side.THEM and c.point is FollowUpPoint.STATUS_UPDATE
    ]
    if open_status and open_status[0].id is not None:
        records.close_commitment(conn, open_status[0].id, Status.DONE, now)
    start_status_promises(conn, colleague.id, account_id, interaction.at, now)


def start_status_promises(
    conn: Connection, colleague_id: int, account_id: int, since: datetime, now: datetime
) -> None:
    """The colleague's next status promise under their internal agreement (any other
    open one is dropped: one at a time)."""
    agreement = records.agreement_of(conn, colleague_id)
    colleague = people_store.load_person(conn, colleague_id)
    account = account_by_id(conn, account_id)
    assert agreement is not None and colleague is not None and account is not None
    conn.execute(
        update(commitments)
        .where(
            commitments.c.person_id == colleague_id,
            commitments.c.status == Status.OPEN.value,
            commitments.c.side == Side.THEM.value,
            commitments.c.point == FollowUpPoint.STATUS_UPDATE.value,
        )
        .values(status=Status.DROPPED.value, closed_at=now, version=commitments.c.version + 1)
    )
    records.insert_commitment(conn, status_promise(agreement, colleague, account.name, since), now)
