"""A deal's part of the agenda: its milestones, whether it stalled, its delivery clock; and
the stored `next_due_at` that lets the agenda find the deal by an index range scan."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from followup.domain import delivery, milestones, stalled
from followup.domain.deal_file import DealFile
from followup.domain.deals import DealStage
from followup.domain.items import AgendaItem, Day

RULES = (milestones, stalled, delivery)


def next_due_at(file: DealFile) -> datetime | None:
    """The earliest moment any deal rule may list the deal (None: nothing ahead)."""
    if file.deal.stage is DealStage.LOST:
        return None
    moments = [moment for rule in RULES if (moment := rule.attention(file)) is not None]
    return min(moments, default=None)


def deal_items(files: Iterable[DealFile], day: Day) -> list[AgendaItem]:
    """Every deal item due by the end of `day` (unranked: the agenda ranks all items)."""
    return [
        item
        for file in files
        if file.deal.stage is not DealStage.LOST
        for rule in RULES
        for item in rule.items(file, day)
    ]


def items_for(file: DealFile, day: Day) -> list[AgendaItem]:
    """One deal's items (the agenda's rule for a deal file)."""
    return deal_items([file], day)
