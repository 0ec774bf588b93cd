"""Plan templates: the steps of a kind of purchase, laid out on the calendar.

A decision plan is laid out backwards from the target decision date (each step due when
the steps waiting on it must start); a delivery plan forwards from the yes, its first
steps due within the culture's expectation. Dates are working days of the deal's culture.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from typing import Any

from followup.domain.deals import DecisionRole, parse_role
from followup.domain.errors import InvalidInput
from followup.domain.plans import PlanKind, PlanSide, StepKind, topological
from followup.domain.workdays import Workweek

MAX_STEPS = 100
MAX_DAYS = 250  # a step of more than a working year is a typo


@dataclass(frozen=True)
class TemplateStep:
    key: str
    title: str
    side: PlanSide
    days: int  # working days the step takes; it is due when it is finished
    after: tuple[str, ...] = ()
    kind: StepKind = StepKind.STEP
    role: DecisionRole | None = None  # who on the customer's side owns it


@dataclass(frozen=True)
class PlanTemplate:
    key: str
    name: str
    plan: PlanKind
    steps: tuple[TemplateStep, ...]
    description: str = ""
    delivery: str | None = None  # the delivery template that follows a win
    source: str = ""
    shipped: bool = True

    def edges(self) -> dict[str, list[str]]:
        return {step.key: list(step.after) for step in self.steps}


def parse_templates(text: str, shipped: bool) -> dict[str, PlanTemplate]:
    """Templates from TOML text: `[templates.KEY]` tables with `[[templates.KEY.steps]]`."""
    try:
        raw = tomllib.loads(text).get("templates")
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"invalid template file: {exc}") from None
    if not isinstance(raw, dict) or not raw:
        raise InvalidInput("invalid template file: no [templates.KEY] table found")
    return {key: _template(key, value, shipped) for key, value in raw.items()}


def _template(key: str, raw: Any, shipped: bool) -> PlanTemplate:
    where = f"template {key!r}"
    try:
        if not isinstance(raw, dict):
            raise ValueError("must be a table")
        if not key.replace("_", "").replace("-", "").isalnum() or len(key) > 64:
            raise ValueError("its key must be letters, digits, '_' or '-' (at most 64)")
        steps = tuple(_step(i, s) for i, s in enumerate(raw.get("steps", []), 1))
        template = PlanTemplate(
            key=key,
            name=_text(raw, "name", 200),
            plan=PlanKind(raw.get("plan", "decision")),
            steps=steps,
            description=str(raw.get("description", "")),
            delivery=str(raw["delivery"]) if raw.get("delivery") else None,
            source=str(raw.get("source", "")),
            shipped=shipped,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"invalid {where}: {exc}") from None
    except InvalidInput as exc:
        raise InvalidInput(f"invalid {where}: {exc.message}") from None
    _check_steps(template)
    return template


def _step(number: int, raw: Any) -> TemplateStep:
    if not isinstance(raw, dict):
        raise ValueError(f"step {number} must be a table")
    days = int(raw.get("days", 0))
    if not 0 <= days <= MAX_DAYS:
        raise ValueError(f"step {number}: days must be between 0 and {MAX_DAYS}")
    after = raw.get("after", [])
    if not isinstance(after, list) or not all(isinstance(a, str) for a in after):
        raise ValueError(f"step {number}: 'after' must be a list of step keys")
    return TemplateStep(
        key=_text(raw, "key", 64),
        title=_text(raw, "title", 300),
        side=PlanSide(raw.get("side", "both")),
        days=days,
        after=tuple(after),
        kind=StepKind.CHECKPOINT if raw.get("checkpoint") else StepKind.STEP,
        role=parse_role(raw["role"]) if raw.get("role") else None,
    )


def _text(raw: dict[str, Any], name: str, limit: int) -> str:
    value = " ".join(str(raw[name]).split())
    if not value or len(value) > limit:
        raise ValueError(f"{name} must be 1 to {limit} characters")
    return value


def _check_steps(template: PlanTemplate) -> None:
    where = f"invalid template {template.key!r}"
    keys = [step.key for step in template.steps]
    if not keys:
        raise InvalidInput(f"{where}: it has no steps")
    if len(keys) > MAX_STEPS:
        raise InvalidInput(f"{where}: at most {MAX_STEPS} steps")
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise InvalidInput(f"{where}: step keys used twice: {', '.join(duplicates)}")
    for step in template.steps:
        unknown = [a for a in step.after if a not in keys]
        if unknown:
            raise InvalidInput(
                f"{where}: step {step.key!r} comes after unknown steps: {', '.join(unknown)}"
            )
    try:
        topological(template.edges(), "its steps")
    except InvalidInput as exc:
        raise InvalidInput(f"{where}: {exc.message}") from None


def schedule_backwards(
    template: PlanTemplate, target: date, week: Workweek, today: date
) -> dict[str, date]:
    """Each step's due date so that the last steps finish on `target` (a working day at the
    latest) and every step finishes when the steps after it must start; a plan that would
    have started before `today` is refused with the earliest date it can reach."""
    order = topological(template.edges(), "steps")
    steps = {step.key: step for step in template.steps}
    successors: dict[str, list[str]] = {key: [] for key in steps}
    for step in template.steps:
        for needed in step.after:
            successors[needed].append(step.key)
    end = week.on_or_before(target)
    due: dict[str, date] = {}
    for key in reversed(order):
        starts = [week.add(due[s], -steps[s].days) for s in successors[key]]
        due[key] = min(starts, default=end)
    # The day before each first step's work begins; on a day off, the last working day counts.
    start = min(week.add(due[key], -steps[key].days) for key in due)
    if start < week.on_or_before(today):
        earliest = max(schedule_forwards(template, today, week).values())
        raise InvalidInput(
            f"the template {template.name!r} needs steps from {start}, before today ({today}): "
            f"the earliest decision date it can reach is {earliest}"
        )
    return due


def schedule_forwards(
    template: PlanTemplate, start: date, week: Workweek, first_step_days: int | None = None
) -> dict[str, date]:
    """Each step's due date when work starts on `start`: a step is due `days` working days
    after the steps it waits for (the first steps within `first_step_days`, if given)."""
    order = topological(template.edges(), "steps")
    steps = {step.key: step for step in template.steps}
    due: dict[str, date] = {}
    for key in order:
        step = steps[key]
        days = step.days
        if not step.after and first_step_days is not None:
            days = min(days, first_step_days)
        begin = max((due[a] for a in step.after), default=start)
        due[key] = week.add(begin, days) if days else week.on_or_after(begin)
    return due
