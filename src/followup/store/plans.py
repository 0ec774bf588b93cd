"""Milestones, their dependencies, and the team's own plan templates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, delete, func, insert, select

from followup.domain.plans import Milestone, MilestoneStatus, PlanKind, PlanSide, StepKind
from followup.store.people import chunks
from followup.store.tables import (
    milestone_dependencies,
    milestones,
    people,
    plan_templates,
    storable_id,
    users,
)
from followup.store.versions import claim

PENDING_VALUES = [MilestoneStatus.OPEN.value, MilestoneStatus.SLIPPED.value]

# Built once: the agenda runs these for every user every morning. The owners' names are
# looked up per milestone by primary key: a join would tempt a planner to hash all people.
_PERSON_NAME = (
    select(people.c.name).where(people.c.id == milestones.c.owner_person_id).scalar_subquery()
)
_USER_NAME = select(users.c.name).where(users.c.id == milestones.c.owner_user_id).scalar_subquery()
MILESTONES_OF: Any = select(
    milestones, _PERSON_NAME.label("person_name"), _USER_NAME.label("user_name")
).where(milestones.c.deal_id.in_(bindparam("deal_ids", expanding=True)))
PENDING_OF: Any = MILESTONES_OF.where(milestones.c.status.in_(PENDING_VALUES))
DEPENDENCIES_OF: Any = select(milestone_dependencies).where(
    milestone_dependencies.c.milestone_id.in_(bindparam("milestone_ids", expanding=True))
)


def milestone_from_row(row: Row[Any], depends_on: Sequence[int]) -> Milestone:
    m = row._mapping
    return Milestone(
        id=m["id"],
        deal_id=m["deal_id"],
        plan=PlanKind(m["plan"]),
        kind=StepKind(m["kind"]),
        title=m["title"],
        side=PlanSide(m["side"]),
        due_on=m["due_on"],
        status=MilestoneStatus(m["status"]),
        position=m["position"],
        depends_on=tuple(depends_on),
        owner_person_id=m["owner_person_id"],
        owner_user_id=m["owner_user_id"],
        owner_name=m["person_name"] or m["user_name"],
        owner_role=m["owner_role"],
        first_due_on=m["first_due_on"],
        due_at=m["due_at"],
        all_day=bool(m["all_day"]),
        closed_at=m["closed_at"],
        notes=m["notes"],
        template_step=m["template_step"],
        version=m["version"],
    )


def milestones_of(
    conn: Connection, deal_ids: Sequence[int], pending_only: bool = False
) -> dict[int, list[Milestone]]:
    """Each deal's milestones (or only the pending ones), with their dependencies."""
    found: dict[int, list[Milestone]] = {deal_id: [] for deal_id in deal_ids}
    query = PENDING_OF if pending_only else MILESTONES_OF
    for chunk in chunks(deal_ids, 500):
        rows = conn.execute(query, {"deal_ids": list(chunk)}).all()
        needs = dependencies_of(conn, [row.id for row in rows])
        for row in rows:
            found[row.deal_id].append(milestone_from_row(row, needs.get(row.id, [])))
    return found


def dependencies_of(conn: Connection, milestone_ids: Sequence[int]) -> dict[int, list[int]]:
    needs: dict[int, list[int]] = {}
    for chunk in chunks(milestone_ids, 500):
        for row in conn.execute(DEPENDENCIES_OF, {"milestone_ids": list(chunk)}):
            needs.setdefault(row.milestone_id, []).append(row.depends_on_id)
    return {key: sorted(value) for key, value in needs.items()}


def deal_of_milestone(conn: Connection, milestone_id: int) -> int | None:
    if not storable_id(milestone_id):
        return None
    query = select(milestones.c.deal_id).where(milestones.c.id == milestone_id)
    return conn.execute(query).scalar_one_or_none()


def next_position(conn: Connection, deal_id: int) -> int:
    query = select(func.max(milestones.c.position)).where(milestones.c.deal_id == deal_id)
    return int(conn.execute(query).scalar_one() or 0) + 1


def insert_milestone(
    conn: Connection, values: Mapping[str, Any], depends_on: Sequence[int], now: datetime
) -> int:
    key = conn.execute(insert(milestones).values(**values, created_at=now)).inserted_primary_key
    assert key is not None
    milestone_id = int(key[0])
    if depends_on:
        conn.execute(
            insert(milestone_dependencies),
            [{"milestone_id": milestone_id, "depends_on_id": d} for d in depends_on],
        )
    return milestone_id


def claim_pending(conn: Connection, milestone_id: int, expected: int | None, **values: Any) -> bool:
    """Change a milestone that is still pending (and at version `expected`, when given),
    moving it to its next version; False if it is not."""
    pending = (milestones.c.id == milestone_id) & milestones.c.status.in_(PENDING_VALUES)
    return claim(conn, milestones, pending, expected, **values)


def template_rows(conn: Connection) -> Sequence[Row[Any]]:
    return conn.execute(select(plan_templates).order_by(plan_templates.c.key)).all()


def insert_template(
    conn: Connection, key: str, name: str, body: str, user_id: int | None, now: datetime
) -> None:
    conn.execute(
        insert(plan_templates).values(
            key=key, name=name, body=body, created_by=user_id, created_at=now
        )
    )


def delete_template(conn: Connection, key: str, expected: int | None = None) -> bool:
    """Remove a team template (if still at version `expected`, when given); False if not."""
    where = plan_templates.c.key == key
    if not claim(conn, plan_templates, where, expected):
        return False
    conn.execute(delete(plan_templates).where(where))
    return True
