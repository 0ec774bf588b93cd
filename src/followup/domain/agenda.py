"""The agenda: for one user and a moment, every item due, ranked, each explained.

This module only gathers and ranks. Each kind of item comes from its own rule module; a
rule registers the kind of subject it reads (a person's dossier, an account's check-in,
a service request, ...) in SOURCES, and its kinds in KIND_ORDER.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from followup.domain import deal_agenda, person_items, satisfaction, service_levels
from followup.domain.deal_file import DealFile
from followup.domain.items import AgendaItem, Day
from followup.domain.model import Dossier, User
from followup.domain.person_items import items_for

__all__ = ["KIND_ORDER", "SOURCES", "AgendaItem", "Day", "agenda_for", "items_for", "rank"]

# Which rule turns which subject into items: adding a kind is a new entry here.
SOURCES: dict[type, Callable[[Any, Day], list[AgendaItem]]] = {
    Dossier: person_items.items_for,
    satisfaction.AccountCheck: satisfaction.items_for,
    service_levels.ServiceRequest: service_levels.items_for,
    DealFile: deal_agenda.items_for,
}

# Among items equally late: our promises first (we owe them), then the delivery a customer
# waits for after their yes, a customer waiting on a request, their promises and plan
# steps, rhythms, silences (of people, then of deals) and check-ins.
KIND_ORDER = {
    "our_commitment": 0,
    "delivery": 1,
    "service_request": 2,
    "their_commitment": 3,
    "milestone": 4,
    "cadence": 5,
    "going_dark": 6,
    "deal_stalled": 7,
    "satisfaction": 8,
    "channel_failing": 9,
}


def agenda_for(user: User, at: datetime, subjects: Iterable[object]) -> list[AgendaItem]:
    """Every item due for `user` by the end of their day at `at`, ranked."""
    day = Day.of(user, at)
    items = [item for subject in subjects for item in SOURCES[type(subject)](subject, day)]
    return sorted(items, key=rank)


def rank(item: AgendaItem) -> tuple[bool, bool, int, int, datetime, str]:
    """The one ranking rule: urgent items first (a response time running out, an agreed
    maximum passed); then overdue ones, the longest overdue first; then today's; within
    each, by kind (KIND_ORDER) and due time."""
    return (
        not item.urgent,
        item.overdue_days == 0,
        -item.overdue_days,
        KIND_ORDER[item.kind],
        item.due,
        item.person_name,
    )
