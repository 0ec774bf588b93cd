"""The `deal_stalled` agenda rule: a deal with no touch in its stage for longer than the
stage's rotting time in the customer's culture; the reason says what that culture allows."""

from __future__ import annotations

from datetime import datetime

from followup.domain.deal_file import DealFile, day_label, deal_label, make_item, today_there
from followup.domain.deals import DealStage
from followup.domain.items import AgendaItem, Day
from followup.domain.localtime import add_local_days, local_date
from followup.domain.plans import PlanKind, PlanSide
from followup.domain.reasons import in_days

KIND = "deal_stalled"
STAGE_WORDS = {
    DealStage.LEAD: "as a lead",
    DealStage.DISCOVERY: "in discovery",
    DealStage.DELIBERATION: "in deliberation",
    DealStage.DECISION: "at the decision",
    DealStage.WON: "after the yes",
    DealStage.DELIVERY: "in delivery",
    DealStage.LIVE: "live",
    DealStage.LOST: "lost",
}


def attention(file: DealFile) -> datetime | None:
    """When the deal counts as stalled, if nothing touches it before."""
    days = file.rules.rotting_for(file.deal.stage)
    if days is None:
        return None
    return add_local_days(file.deal.quiet_since, days, file.tz)


def items(file: DealFile, day: Day) -> list[AgendaItem]:
    due = attention(file)
    if due is None or due >= day.end:
        return []
    deal, rules = file.deal, file.rules
    today = today_there(file, day)
    quiet = (today - local_date(deal.quiet_since, file.tz)).days
    allowed = rules.rotting_for(deal.stage)
    profile = (
        "the default profile" if rules.culture == "default" else f"the {rules.culture} profile"
    )
    assert allowed is not None
    reason = (
        f"No touch on {deal_label(file)} for {in_days(quiet)} {STAGE_WORDS[deal.stage]} "
        f"(since {day_label(local_date(deal.quiet_since, file.tz), today)}); "
        f"{profile} allows {in_days(allowed)}"
    )
    note = rules.rotting_notes.get(deal.stage)
    reason += f": {note}" if note else "."
    return [make_item(file, KIND, due, day, (reason, _suggestion(file)))]


def _suggestion(file: DealFile) -> str:
    """A natural follow-up point from the plan, so the contact is expected, not chasing."""
    _, contact = file.contact_for()
    for plan in (PlanKind.DELIVERY, PlanKind.DECISION):
        for step in file.steps(plan):
            if step.side is PlanSide.THEM:
                return f"Check in with {contact}: ask how “{step.title}” is coming along."
            return f"Check in with {contact}: give an update on “{step.title}”."
    return (
        f"Check in with {contact}: share a status update or a relevant article, and agree the "
        "next step and its date (followup plan add)."
    )
