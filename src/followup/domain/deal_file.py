"""Everything the agenda knows about one deal, and the pieces its rules share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from followup.domain.deal_rules import DealRules
from followup.domain.deals import Deal, DealPerson, main_contact
from followup.domain.items import AgendaItem, Day
from followup.domain.localtime import END_OF_DAY, at_local, day_words, local_date, zone
from followup.domain.model import Channel
from followup.domain.plans import Milestone, PlanKind, StepKind


@dataclass(frozen=True)
class DealFile:
    deal: Deal
    account_name: str
    people: tuple[DealPerson, ...]
    milestones: tuple[Milestone, ...]
    rules: DealRules
    channel: Channel = Channel.EMAIL

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.deal.timezone)

    def steps(self, plan: PlanKind) -> list[Milestone]:
        """The pending steps (not checkpoints) of one plan, earliest first."""
        found = [
            m for m in self.milestones if m.plan is plan and m.kind is StepKind.STEP and m.pending
        ]
        return sorted(found, key=lambda m: (m.due_on, m.position, m.id))

    def checkpoints(self) -> list[Milestone]:
        found = [m for m in self.milestones if m.kind is StepKind.CHECKPOINT and m.pending]
        return sorted(found, key=lambda m: (m.due_on, m.id))

    def waits_on_nothing(self, milestone: Milestone) -> bool:
        """Whether every step `milestone` depends on is done or dropped."""
        pending = {m.id for m in self.milestones if m.pending}
        return not any(needed in pending for needed in milestone.depends_on)

    def contact_for(self, milestone: Milestone | None = None) -> tuple[int, str]:
        """Whom the item is about: the customer who owns the step, else the main contact."""
        if milestone is not None and milestone.owner_person_id is not None:
            return milestone.owner_person_id, milestone.owner_name or "?"
        person = main_contact(self.people)
        if person is None:
            return 0, self.account_name
        return person.person_id, person.name


def due_instant(milestone: Milestone, tz: ZoneInfo) -> datetime:
    """When a milestone is over: its checkpoint time, else the end of its day where the deal is."""
    return milestone.due_at or at_local(milestone.due_on, END_OF_DAY, tz)


def day_label(day: date, today: date) -> str:
    """'Fri 20 Nov' (with the year when it is not this year's)."""
    text = day_words(day)
    return text if day.year == today.year else f"{text} {day.year}"


def deal_label(file: DealFile) -> str:
    return f"“{file.deal.title}” ({file.account_name})"


def owner_words(milestone: Milestone, file: DealFile) -> str:
    """'Keiko Tanaka' or 'their procurement' or the account's name."""
    if milestone.owner_name:
        return milestone.owner_name
    if milestone.owner_role:
        return f"{file.account_name}'s {milestone.owner_role.replace('_', ' ')}"
    return file.account_name


def make_item(
    file: DealFile,
    kind: str,
    due: datetime,
    day: Day,
    texts: tuple[str, str],
    milestone: Milestone | None = None,
    warnings: tuple[str, ...] = (),
) -> AgendaItem:
    person_id, person_name = file.contact_for(milestone)
    return AgendaItem(
        kind=kind,
        person_id=person_id,
        person_name=person_name,
        account=file.account_name,
        due=due,
        overdue_days=day.overdue_days(due, file.tz),
        reason=texts[0],
        channel=file.channel,
        suggestion=texts[1],
        warnings=warnings,
        deal_id=file.deal.id,
        milestone_id=milestone.id if milestone else None,
        zone=file.tz.key,
    )


def today_there(file: DealFile, day: Day) -> date:
    """The deal's calendar day at the agenda's moment."""
    return local_date(day.at, file.tz)


def days_past(file: DealFile, due: datetime, day: Day) -> str:
    """'1 day past due', '5 days past due' (at least one: theirs are listed the day after)."""
    days = max(1, day.overdue_days(due, file.tz))
    return "1 day past due" if days == 1 else f"{days} days past due"


def when_due(milestone: Milestone, file: DealFile, today: date) -> str:
    text = day_label(milestone.due_on, today)
    if milestone.first_due_on and milestone.first_due_on != milestone.due_on:
        text += f" (slipped from {day_label(milestone.first_due_on, today)})"
    return text
