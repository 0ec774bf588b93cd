"""Mutual action plans: both sides' milestones and checkpoints, their order and dependencies,
and the rules that keep a plan honest (no cycles, nothing before what it waits for, nothing
after the deal's end)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from followup.domain.errors import InvalidInput
from followup.domain.workdays import Workweek

K = TypeVar("K", bound=Hashable)


class PlanKind(StrEnum):
    DECISION = "decision"  # the customer's decision process, up to their "yes"
    DELIVERY = "delivery"  # after the yes: what must happen, fast


class StepKind(StrEnum):
    STEP = "step"
    CHECKPOINT = "checkpoint"  # an agreed date to review progress together


class PlanSide(StrEnum):
    US = "us"
    THEM = "them"
    BOTH = "both"


class MilestoneStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    SLIPPED = "slipped"  # still to do, on a later date than first agreed
    DROPPED = "dropped"


PENDING = frozenset({MilestoneStatus.OPEN, MilestoneStatus.SLIPPED})


@dataclass(frozen=True)
class Milestone:
    id: int
    deal_id: int
    plan: PlanKind
    kind: StepKind
    title: str
    side: PlanSide
    due_on: date
    status: MilestoneStatus = MilestoneStatus.OPEN
    position: int = 0
    depends_on: tuple[int, ...] = ()
    owner_person_id: int | None = None
    owner_user_id: int | None = None
    owner_name: str | None = None
    owner_role: str | None = None
    first_due_on: date | None = None
    due_at: datetime | None = None  # the instant it is over (end of due_on, or a checkpoint's time)
    all_day: bool = True
    closed_at: datetime | None = None
    notes: str | None = None  # internal: never shown to the customer
    template_step: str | None = None  # the template step it was laid out from
    version: int = 1

    @property
    def pending(self) -> bool:
        return self.status in PENDING


def find_cycle(edges: Mapping[K, Iterable[K]]) -> list[K] | None:
    """A dependency cycle as [a, b, ..., a], or None; `edges` maps a node to what it needs."""
    state: dict[K, int] = {}  # 1: on the current path, 2: done
    path: list[K] = []

    def visit(node: K) -> list[K] | None:
        state[node] = 1
        path.append(node)
        for needed in edges.get(node, ()):
            if state.get(needed) == 1:
                return [*path[path.index(needed) :], needed]
            if needed not in state and (cycle := visit(needed)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in edges:
        if node not in state and (cycle := visit(node)) is not None:
            return cycle
    return None


def topological(edges: Mapping[K, Sequence[K]], what: str) -> list[K]:
    """The nodes with every node after what it needs (stable); a cycle is a clear error."""
    cycle = find_cycle(edges)
    if cycle is not None:
        loop = " → ".join(str(node) for node in cycle)
        raise InvalidInput(f"{what} depend on each other in a cycle: {loop}")
    order: list[K] = []
    placed: set[K] = set()

    def place(node: K) -> None:
        if node in placed:
            return
        for needed in edges.get(node, ()):
            place(needed)
        placed.add(node)
        order.append(node)

    for node in edges:
        place(node)
    return order


def check_plan(milestones: Sequence[Milestone], ends: Mapping[PlanKind, date | None]) -> None:
    """Refuse a plan with a cycle, a step due before a step it waits for, or a step due after
    its plan's end (the expected decision date, or the delivery's go-live date)."""
    by_id = {m.id: m for m in milestones}
    for milestone in milestones:
        for needed in milestone.depends_on:
            if needed not in by_id:
                raise InvalidInput(
                    f"milestone #{milestone.id} depends on unknown milestone #{needed}"
                )
    topological({m.id: list(m.depends_on) for m in milestones}, "milestones")
    for milestone in milestones:
        if not milestone.pending:
            continue
        for earlier in (by_id[i] for i in milestone.depends_on):
            if earlier.pending and milestone.due_on < earlier.due_on:
                raise InvalidInput(
                    f"milestone {_label(milestone)} is due {milestone.due_on}, before "
                    f"{_label(earlier)} it depends on ({earlier.due_on})"
                )
        end = ends.get(milestone.plan)
        if end is not None and milestone.due_on > end:
            raise InvalidInput(after_end_message(milestone, end))


def after_end_message(milestone: Milestone, end: date) -> str:
    if milestone.plan is PlanKind.DECISION:
        what, fix = "the deal's expected decision", "--decision-by"
    else:
        what, fix = "the delivery's go-live date", "--live-by"
    return (
        f"milestone {_label(milestone)} would be due {milestone.due_on}, after {what} "
        f"({end}): move that date first ('followup deal move DEAL {fix} DATE')"
    )


def _label(milestone: Milestone) -> str:
    return f"#{milestone.id} ({milestone.title})" if milestone.id else f"'{milestone.title}'"


def slipped(
    milestones: Sequence[Milestone], milestone_id: int, to: date, week: Workweek
) -> dict[int, Milestone]:
    """The milestones that change when `milestone_id` moves to `to`: it, and every pending step
    waiting on it that would now come first (pushed by as many working days, keeping their
    spacing). Moving a date earlier changes only that milestone."""
    by_id = {m.id: m for m in milestones}
    moved = by_id[milestone_id]
    shift = week.between(moved.due_on, to)
    changed = {milestone_id: _moved(moved, to)}
    order = topological({m.id: list(m.depends_on) for m in milestones}, "milestones")
    for node in order:
        current = by_id[node]
        if node in changed or not current.pending:
            continue
        pushed = [changed[i] for i in current.depends_on if i in changed]
        if pushed and any(current.due_on < p.due_on for p in pushed):
            changed[node] = _moved(current, week.add(week.on_or_before(current.due_on), shift))
    return changed


def _moved(milestone: Milestone, to: date) -> Milestone:
    first = milestone.first_due_on or milestone.due_on
    status = MilestoneStatus.SLIPPED if to > first else MilestoneStatus.OPEN
    return replace(milestone, due_on=to, status=status, first_due_on=first)


def plan_order(milestones: Iterable[Milestone]) -> list[Milestone]:
    """Decision plan first, then delivery; each by due date, then as laid out."""
    kinds = list(PlanKind)
    return sorted(milestones, key=lambda m: (kinds.index(m.plan), m.due_on, m.position, m.id))
