"""The reports' aggregates: counted and summed by the database, a few rows per group back.

Every query groups in SQL and returns one row per group (sides x months x owners at most),
never a row per promise, touch or deal. Months and ages are CASE expressions over
boundaries the service computes in the viewer's time zone, so both backends group alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Numeric,
    Row,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
)

from followup.domain.deals import OPEN_STAGES, DealStage
from followup.domain.model import Direction, Outcome, Status
from followup.domain.relationship import LIVE_KINDS
from followup.store.tables import accounts, commitments, deals, interactions, people


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def _bucket(column: Any, boundaries: Sequence[datetime]) -> ColumnElement[int]:
    """0 before the first boundary, n between the n-th and the next, len() after the last."""
    if not boundaries:
        return literal(0)
    return case(
        *[(column < boundary, index) for index, boundary in enumerate(boundaries)],
        else_=len(boundaries),
    )


def _grouped(inner: Any, keys: Sequence[str]) -> Any:
    """The sums of a per-row subquery's other columns, grouped by its `keys` columns (the
    CASE expressions are grouped as the subquery's columns, alike on both backends)."""
    group = [inner.c[key] for key in keys]
    sums = [func.sum(col).label(col.name) for col in inner.c if col.name not in keys]
    return select(*group, *sums).group_by(*group)


def promises_kept(
    conn: Connection,
    since: datetime,
    until: datetime,
    month_starts: Sequence[datetime],
    now: datetime,
    owner_id: int | None,
) -> Sequence[Row[Any]]:
    """(side, month, owner_id, on_time, late, overdue, open, dropped) for the promises due
    in [since, until), by the month they fell due and their person's owner."""
    c = commitments.c
    done, pending = c.status == Status.DONE.value, c.status == Status.OPEN.value
    rows = (
        select(
            c.side,
            _bucket(c.due_at, month_starts).label("month"),
            people.c.owner_id,
            _flag(and_(done, c.closed_at <= c.due_at)).label("on_time"),
            _flag(and_(done, c.closed_at > c.due_at)).label("late"),
            _flag(and_(pending, c.due_at < now)).label("overdue"),
            _flag(and_(pending, c.due_at >= now)).label("open"),
            _flag(c.status == Status.DROPPED.value).label("dropped"),
        )
        .join(people, people.c.id == c.person_id)
        .where(c.due_at >= since, c.due_at < until)
    )
    if owner_id is not None:
        rows = rows.where(people.c.owner_id == owner_id)
    return conn.execute(_grouped(rows.subquery(), ("side", "month", "owner_id"))).all()


# An outbound touch is answered when it reached them itself (as relationship.is_reply
# decides), or when the next thing logged with the person is from them.
_REACHED = [Outcome.REACHED.value, Outcome.REPLIED.value]
_LIVE = sorted(kind.value for kind in LIVE_KINDS)


def attempts_answered(
    conn: Connection,
    since: datetime,
    until: datetime,
    user_id: int | None,
) -> Sequence[Row[Any]]:
    """(kind, culture, country, account_culture, account_country, attempts, answered) of
    the outbound touches in [since, until), by kind and by what decides the culture."""
    i = interactions.c
    following = func.lead(i.direction).over(partition_by=i.person_id, order_by=(i.at, i.id))
    touches = (
        select(i.person_id, i.user_id, i.kind, i.direction, i.outcome, i.at)
        .add_columns(following.label("next_direction"))
        .where(i.at >= since)  # what follows an attempt is later: the upper end stays open
    )
    if user_id is not None:
        # Only the people this user tried to reach need their sequence read.
        theirs = select(i.person_id).where(i.user_id == user_id, i.at >= since, i.at < until)
        touches = touches.where(i.person_id.in_(theirs))
    sequence = touches.subquery()
    t = sequence.c
    answered = or_(
        t.outcome.in_(_REACHED),
        and_(t.outcome.is_(None), t.kind.in_(_LIVE)),
        t.next_direction == Direction.IN.value,
    )
    rows = (
        select(
            t.kind,
            people.c.culture,
            people.c.country,
            accounts.c.culture.label("account_culture"),
            accounts.c.country.label("account_country"),
            literal(1).label("attempts"),
            _flag(answered).label("answered"),
        )
        .select_from(sequence)
        .join(people, people.c.id == t.person_id)
        .outerjoin(accounts, accounts.c.id == people.c.account_id)
        .where(t.direction == Direction.OUT.value, t.at < until)
    )
    if user_id is not None:
        rows = rows.where(t.user_id == user_id)
    keys = ("kind", "culture", "country", "account_culture", "account_country")
    return conn.execute(_grouped(rows.subquery(), keys)).all()


def _milli(value: Any) -> ColumnElement[int]:
    """A deal value (exact decimal text) in thousandths, so sums stay exact on SQLite too."""
    return cast(func.round(cast(value, Numeric) * 1000), BigInteger)


OPEN_VALUES = [stage.value for stage in OPEN_STAGES]


def open_deals(
    conn: Connection, age_limits: Sequence[datetime], owner_id: int | None
) -> Sequence[Row[Any]]:
    """(stage, currency, age, deals, value) of the open deals, `age` the bucket of the time
    in their stage (0 newest; `age_limits` are stage_since boundaries, newest first)."""
    age = case(
        *[(deals.c.stage_since > limit, index) for index, limit in enumerate(age_limits)],
        else_=len(age_limits),
    )
    rows = select(
        deals.c.stage,
        deals.c.currency,
        age.label("age"),
        literal(1).label("deals"),
        _milli(deals.c.value).label("value"),
    ).where(deals.c.stage.in_(OPEN_VALUES))
    if owner_id is not None:
        rows = rows.where(deals.c.owner_id == owner_id)
    return conn.execute(_grouped(rows.subquery(), ("stage", "currency", "age"))).all()


def closed_deals(
    conn: Connection, since: datetime, until: datetime, owner_id: int | None
) -> Sequence[Row[Any]]:
    """(outcome, currency, deals, value) of the deals won or lost in [since, until)."""
    won = deals.c.won_at.is_not(None) & (deals.c.won_at >= since) & (deals.c.won_at < until)
    lost = (deals.c.stage == DealStage.LOST.value) & (deals.c.closed_at >= since)
    lost = lost & (deals.c.closed_at < until)
    rows = select(
        case((won, "won"), else_="lost").label("outcome"),
        deals.c.currency,
        literal(1).label("deals"),
        _milli(deals.c.value).label("value"),
    ).where(or_(won, lost))
    if owner_id is not None:
        rows = rows.where(deals.c.owner_id == owner_id)
    return conn.execute(_grouped(rows.subquery(), ("outcome", "currency"))).all()
