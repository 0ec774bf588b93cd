"""Plan templates: the shipped ones parse, and schedules honour every dependency."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain.errors import InvalidInput
from followup.domain.plans import PlanKind
from followup.domain.templates import (
    PlanTemplate,
    parse_templates,
    schedule_backwards,
    schedule_forwards,
)
from followup.domain.workdays import Workweek
from followup.services.plan_templates import shipped_templates, template_toml

SHIPPED = shipped_templates()
ONE_STEP = "[templates.x]\nname = 'X'\n[[templates.x.steps]]\nkey = 'a'\ntitle = 'A'\n"
DECISION = [t for t in SHIPPED.values() if t.plan is PlanKind.DECISION]
weeks = st.sampled_from([Workweek(), Workweek.named(["sun", "mon", "tue", "wed", "thu"])])
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2035, 12, 31))


def test_the_shipped_templates() -> None:
    names = {key: t.name for key, t in SHIPPED.items()}
    assert names["b2b_software"] == "B2B software purchase"
    assert names["capital_equipment"] == "Capital equipment with budget approval"
    assert names["japan_consensus"] == "Japanese consensus purchase"
    ringi = [s.key for s in SHIPPED["japan_consensus"].steps if s.key.startswith("ringi")]
    assert ringi == ["ringi_draft", "ringi_section", "ringi_department", "ringi_board"]
    for template in DECISION:
        assert template.delivery in SHIPPED and SHIPPED[template.delivery].plan is PlanKind.DELIVERY
        assert template.source, template.key


def _finishes_in_order(template: PlanTemplate, due: dict[str, date], week: Workweek) -> None:
    for s in template.steps:
        for needed in s.after:
            assert due[needed] <= week.add(due[s.key], -s.days), (template.key, s.key)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(DECISION), days, st.integers(0, 120), weeks)
def test_backwards_every_step_finishes_before_the_steps_after_it_start(
    template: PlanTemplate, today: date, slack: int, week: Workweek
) -> None:
    earliest = max(schedule_forwards(template, today, week).values())
    target = earliest + timedelta(days=slack)
    due = schedule_backwards(template, target, week, today)
    _finishes_in_order(template, due, week)
    assert max(due.values()) == week.on_or_before(target)
    assert min(week.add(due[s.key], -s.days) for s in template.steps) >= week.on_or_before(today)
    assert all(week.is_working(d) for d in due.values())


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(DECISION), days, weeks)
def test_a_target_before_the_earliest_is_refused_saying_the_earliest(
    template: PlanTemplate, today: date, week: Workweek
) -> None:
    earliest = max(schedule_forwards(template, today, week).values())
    too_early = week.add(earliest, -1)
    with pytest.raises(
        InvalidInput, match=f"the earliest decision date it can reach is {earliest}"
    ):
        schedule_backwards(template, too_early, week, today)


@given(st.sampled_from(list(SHIPPED.values())), days, st.integers(0, 5), weeks)
def test_forwards_the_first_steps_come_within_the_cultures_days(
    template: PlanTemplate, start: date, first: int, week: Workweek
) -> None:
    due = schedule_forwards(template, start, week, first)
    _finishes_in_order(template, due, week)
    latest = week.add(start, first) if first else week.on_or_after(start)
    for s in template.steps:
        if not s.after:
            assert due[s.key] <= latest


def test_a_template_round_trips_through_its_toml() -> None:
    for template in SHIPPED.values():
        [again] = parse_templates(template_toml(template), shipped=False).values()
        assert (again.steps, again.name, again.plan, again.delivery) == (
            template.steps, template.name, template.plan, template.delivery
        )  # fmt: skip


@pytest.mark.parametrize(
    "body, message",
    [
        ("", "no [templates.KEY] table"),
        ("[templates.x]\nname = 'X'\n", "it has no steps"),
        (ONE_STEP + "side = 'theirs'\n", "'theirs' is not a valid PlanSide"),
        (ONE_STEP + "days = 999\n", "days must be between 0 and 250"),
        (ONE_STEP + "role = 'boss'\n", "invalid role 'boss'"),
        ("[templates.x]\nname = 'X'\n[[templates.x.steps]]\nkey = 'a'\ntitle = 'A'\n"
         "[[templates.x.steps]]\nkey = 'a'\ntitle = 'B'\n", "step keys used twice: a"),
        ("[templates.x\n", "invalid template file"),
    ],
)  # fmt: skip
def test_bad_templates_are_refused_with_what_and_where(body: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(message)):
        parse_templates(body, shipped=False)
