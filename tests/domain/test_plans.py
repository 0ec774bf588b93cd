"""Plans: dependency cycles, order, the deal's end, and slips that carry their followers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.errors import InvalidInput
from followup.domain.plans import (
    Milestone,
    MilestoneStatus,
    PlanKind,
    PlanSide,
    StepKind,
    check_plan,
    find_cycle,
    slipped,
    topological,
)
from followup.domain.workdays import Workweek


def step(id: int, due: date, *after: int, plan: PlanKind = PlanKind.DECISION) -> Milestone:
    return Milestone(id, 1, plan, StepKind.STEP, f"step {id}", PlanSide.THEM, due, depends_on=after)


def test_a_cycle_is_found_and_named_in_order() -> None:
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"], "d": []}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": ["a"]}) == ["a", "a"]
    assert find_cycle({"a": ["b"], "b": [], "c": ["a", "b"]}) is None
    with pytest.raises(InvalidInput, match="depend on each other in a cycle: a → b → a"):
        topological({"a": ["b"], "b": ["a"]}, "steps")


@given(st.dictionaries(st.integers(0, 20), st.lists(st.integers(0, 20), max_size=4), max_size=15))
def test_topological_order_puts_everything_after_what_it_needs(edges: dict[int, list[int]]) -> None:
    graph = {node: [n for n in needs if n in edges] for node, needs in edges.items()}
    if find_cycle(graph) is not None:
        with pytest.raises(InvalidInput):
            topological(graph, "steps")
        return
    order = topological(graph, "steps")
    assert sorted(order) == sorted(graph)
    for node, needs in graph.items():
        assert all(order.index(n) < order.index(node) for n in needs)


def test_check_plan_refuses_what_breaks_the_plan() -> None:
    ends = {PlanKind.DECISION: date(2027, 4, 30), PlanKind.DELIVERY: None}
    check_plan([step(1, date(2027, 3, 1)), step(2, date(2027, 3, 5), 1)], ends)
    with pytest.raises(InvalidInput, match="cycle: 1 → 2 → 1"):
        check_plan([step(1, date(2027, 3, 1), 2), step(2, date(2027, 3, 5), 1)], ends)
    with pytest.raises(InvalidInput, match=r"#2 \(step 2\) is due 2027-02-01, before #1"):
        check_plan([step(1, date(2027, 3, 1)), step(2, date(2027, 2, 1), 1)], ends)
    with pytest.raises(InvalidInput, match="after the deal's expected decision"):
        check_plan([step(1, date(2027, 5, 3))], ends)
    late_delivery = step(1, date(2027, 5, 3), plan=PlanKind.DELIVERY)
    check_plan([late_delivery], ends)  # no go-live date: no end
    with pytest.raises(InvalidInput, match="after the delivery's go-live date"):
        check_plan([late_delivery], {**ends, PlanKind.DELIVERY: date(2027, 5, 1)})


def test_a_slip_pushes_the_steps_waiting_on_it_by_as_many_working_days() -> None:
    week = Workweek()
    plan = [
        step(1, date(2026, 12, 1)),  # Tuesday
        step(2, date(2026, 12, 2), 1),  # waits on 1
        step(3, date(2026, 12, 10), 1),  # waits on 1 with room to spare
        step(4, date(2026, 12, 3), 2),  # waits on 2
        step(5, date(2026, 12, 1)),  # independent
    ]
    changed = slipped(plan, 1, date(2026, 12, 4), week)  # Friday: 3 working days later
    assert {i: m.due_on for i, m in changed.items()} == {
        1: date(2026, 12, 4),
        2: date(2026, 12, 7),  # Wednesday + 3 working days = Monday
        4: date(2026, 12, 8),
    }
    assert all(m.status is MilestoneStatus.SLIPPED for m in changed.values())
    assert changed[1].first_due_on == date(2026, 12, 1)
    back = slipped([changed[1]], 1, date(2026, 12, 1), week)
    assert back[1].status is MilestoneStatus.OPEN  # back on its first date
