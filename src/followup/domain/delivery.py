"""After the yes: the delivery plan laid out from the culture's expectation, and the
`delivery` agenda rule that keeps its clock in front of us."""

from __future__ import annotations

from datetime import date, datetime

from followup.domain.deal_file import (
    DealFile,
    day_label,
    days_past,
    deal_label,
    due_instant,
    make_item,
    owner_words,
    today_there,
    when_due,
)
from followup.domain.deal_rules import DealRules
from followup.domain.items import AgendaItem, Day
from followup.domain.localtime import local_date
from followup.domain.plans import Milestone, PlanKind, PlanSide
from followup.domain.templates import PlanTemplate, schedule_forwards

KIND = "delivery"


def delivery_dates(template: PlanTemplate, decided_on: date, rules: DealRules) -> dict[str, date]:
    """Each delivery step's due date, counted in working days from the decision, the first
    steps due within the culture's `delivery_first_step_days`."""
    return schedule_forwards(template, decided_on, rules.workweek, rules.delivery_first_step_days)


def attention(file: DealFile) -> datetime | None:
    """Our steps that wait on nothing are listed from the yes; the others from their due day."""
    if file.deal.won_at is None:
        return None
    moments = []
    for step in file.steps(PlanKind.DELIVERY):
        ours = step.side is not PlanSide.THEM
        moments.append(
            file.deal.won_at if ours and file.waits_on_nothing(step) else due_instant(step, file.tz)
        )
    return min(moments, default=None)


def items(file: DealFile, day: Day) -> list[AgendaItem]:
    if file.deal.won_at is None or file.deal.is_open:
        return []
    found = []
    for step in file.steps(PlanKind.DELIVERY):
        due = due_instant(step, file.tz)
        if step.side is PlanSide.THEM:
            if due < day.start:
                found.append(_theirs(file, step, due, day))
        elif file.waits_on_nothing(step) or due < day.end:
            found.append(_ours(file, step, due, day))
    return found


def clock(file: DealFile, step: Milestone, today: date) -> str:
    """'2 working days since the yes on Mon 23 Nov; 1 working day left'."""
    week = file.rules.workweek
    assert file.deal.won_at is not None
    decided = local_date(file.deal.won_at, file.tz)
    elapsed = week.between(decided, today)
    left = week.between(today, step.due_on)
    if elapsed == 0:
        since = "the yes came today"
    else:
        plural = "s" * (elapsed != 1)
        since = f"{elapsed} working day{plural} since the yes on {day_label(decided, today)}"
    if left > 0:
        return f"{since}; {left} working day{'s' * (left != 1)} left"
    if left == 0:
        return f"{since}; due today"
    return f"{since}; {-left} working day{'s' * (left != -1)} late"


def _ours(file: DealFile, step: Milestone, due: datetime, day: Day) -> AgendaItem:
    today = today_there(file, day)
    reason = (
        f"Delivery for {deal_label(file)}: “{step.title}”, due {when_due(step, file, today)} — "
        f"{clock(file, step, today)}."
    )
    rules = file.rules
    if not step.depends_on:
        profile = (
            "the default profile" if rules.culture == "default" else f"the {rules.culture} profile"
        )
        days = rules.delivery_first_step_days
        reason += (
            f" {profile.capitalize()} expects the first delivery step within {days} working "
            f"day{'s' * (days != 1)} of the yes"
            + (f": {rules.delivery_note}" if rules.delivery_note else ".")
        )
    suggestion = (
        f"Move it forward today and mark it done when it is (followup plan done {step.id}); "
        "if the date cannot hold, tell the customer now and agree a new one (followup plan slip)."
    )
    return make_item(file, KIND, due, day, (reason, suggestion), step)


def _theirs(file: DealFile, step: Milestone, due: datetime, day: Day) -> AgendaItem:
    today = today_there(file, day)
    reason = (
        f"{owner_words(step, file)}'s delivery step for {deal_label(file)}: “{step.title}”, due "
        f"{when_due(step, file, today)} — {days_past(file, due, day)}; {clock(file, step, today)}."
    )
    suggestion = (
        f"A natural reason to check in: ask how “{step.title}” is going and what you can do to "
        "keep the delivery on its dates."
    )
    return make_item(file, KIND, due, day, (reason, suggestion), step)
