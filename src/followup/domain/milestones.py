"""The `milestone` agenda rule: our plan steps when due, theirs once past due (a natural
reason to check in), and checkpoints on their day (or, missed, until recorded)."""

from __future__ import annotations

from datetime import datetime

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
from followup.domain.items import AgendaItem, Day
from followup.domain.localtime import at_local, format_moment
from followup.domain.plans import Milestone, PlanKind, PlanSide
from followup.domain.reasons import lateness

KIND = "milestone"


def attention(file: DealFile) -> datetime | None:
    """The earliest moment this rule may list something for the deal."""
    steps = file.steps(PlanKind.DECISION) if file.deal.is_open else []
    moments = [due_instant(m, file.tz) for m in steps]
    moments += [_checkpoint_day_start(m, file) for m in file.checkpoints()]
    return min(moments, default=None)


def items(file: DealFile, day: Day) -> list[AgendaItem]:
    if not file.deal.is_open and not file.checkpoints():
        return []
    found: list[AgendaItem] = []
    for milestone in file.steps(PlanKind.DECISION) if file.deal.is_open else []:
        due = due_instant(milestone, file.tz)
        if milestone.side is PlanSide.THEM:
            if due < day.start:
                found.append(_theirs(file, milestone, due, day))
        elif due < day.end:
            found.append(_ours(file, milestone, due, day))
    for checkpoint in file.checkpoints():
        item = _checkpoint(file, checkpoint, day)
        if item is not None:
            found.append(item)
    return found


def _ours(file: DealFile, milestone: Milestone, due: datetime, day: Day) -> AgendaItem:
    today = today_there(file, day)
    late = lateness(day.overdue_days(due, file.tz))
    whose = "Our step" if milestone.side is PlanSide.US else "A joint step"
    reason = (
        f"{whose} in the plan for {deal_label(file)}: “{milestone.title}”, "
        f"due {when_due(milestone, file, today)} — {late}."
    )
    _, contact = file.contact_for()
    suggestion = (
        f"Do it and mark it done (followup plan done {milestone.id}); {contact} follows the "
        "same plan, so tell them it is done — or agree a new date now (followup plan slip)."
    )
    return make_item(file, KIND, due, day, (reason, suggestion), milestone)


def _theirs(file: DealFile, milestone: Milestone, due: datetime, day: Day) -> AgendaItem:
    reason = (
        f"{owner_words(milestone, file)}'s step in the plan for {deal_label(file)}: "
        f"“{milestone.title}”, due {when_due(milestone, file, today_there(file, day))} — "
        f"{days_past(file, due, day)}."
    )
    suggestion = (
        f"A natural reason to check in: ask how “{milestone.title}” is going, whether you can "
        "help, and whether the plan's next dates still hold."
    )
    return make_item(file, KIND, due, day, (reason, suggestion), milestone)


def _checkpoint_day_start(milestone: Milestone, file: DealFile) -> datetime:
    """When a checkpoint starts to be 'today': its agreed time, or its day where the deal is."""
    if not milestone.all_day and milestone.due_at is not None:
        return milestone.due_at
    return at_local(milestone.due_on, datetime.min.time(), file.tz)


def _checkpoint(file: DealFile, milestone: Milestone, day: Day) -> AgendaItem | None:
    due = due_instant(milestone, file.tz)
    today = today_there(file, day)
    if _checkpoint_day_start(milestone, file) >= day.end:
        return None
    if due >= day.start:
        when = (
            "today"
            if milestone.all_day
            else f"at {format_moment(due, day.tz, day.today)} your time"
        )
        reason = f"Checkpoint {when} for {deal_label(file)}: “{milestone.title}”."
        suggestion = (
            "Review the plan together: what is done, what slipped, the next dates. Then record it "
            f"(followup plan done {milestone.id})."
        )
    else:
        reason = (
            f"The checkpoint “{milestone.title}” for {deal_label(file)} was on "
            f"{day_label(milestone.due_on, today)} and is not recorded as held."
        )
        suggestion = (
            f"Record it (followup plan done {milestone.id}) or agree a new date with the customer "
            f"(followup plan slip {milestone.id} --to DATE)."
        )
    return make_item(file, KIND, due, day, (reason, suggestion), milestone)
