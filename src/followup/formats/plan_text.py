"""The words every rendering of a customer's plan shares, so the formats say the same."""

from __future__ import annotations

from datetime import date

from followup.domain.customer_view import STATUS_WORDS, CustomerPlan, SharedStep
from followup.domain.localtime import day_words, utc, zone
from followup.domain.plans import MilestoneStatus, PlanKind

PHASE_TITLES = {PlanKind.DECISION: "Decision process", PlanKind.DELIVERY: "Delivery"}


def day_text(day: date) -> str:
    """'Fri 20 Nov 2026': a shared document is read later and elsewhere, so always the year."""
    return f"{day_words(day)} {day.year}"


def status_text(step: SharedStep) -> str:
    if step.status is MilestoneStatus.SLIPPED and step.first_due_on:
        return f"moved (was {day_text(step.first_due_on)})"
    return STATUS_WORDS[step.status]


def due_text(step: SharedStep, plan: CustomerPlan) -> str:
    text = day_text(step.due_on)
    if step.at is not None:
        text += f" {utc(step.at).astimezone(zone(plan.timezone)):%H:%M} ({plan.timezone})"
    return text


def step_title(step: SharedStep) -> str:
    """The title, marked as a checkpoint when it does not say so itself."""
    if step.checkpoint and not step.title.lower().startswith("checkpoint"):
        return f"Checkpoint: {step.title}"
    return step.title


def heading(plan: CustomerPlan) -> str:
    return f"{plan.title} — mutual plan with {plan.customer}"


def summary_lines(plan: CustomerPlan) -> list[str]:
    """The plan's key dates and whom to ask, one line each."""
    lines = []
    if plan.decision_on and not plan.won:
        lines.append(f"Decision planned for {day_text(plan.decision_on)}.")
    if plan.won:
        lines.append("Decided: the delivery plan below is under way.")
    if plan.live_by:
        lines.append(f"Go-live planned for {day_text(plan.live_by)}.")
    contact = plan.contact_name + (f" <{plan.contact_email}>" if plan.contact_email else "")
    lines.append(f"Questions or changes: {contact}.")
    lines.append(f"Dates are in {plan.timezone}; as of {day_text(plan.as_of)}.")
    return lines


def phases(plan: CustomerPlan) -> list[tuple[str, tuple[SharedStep, ...]]]:
    return [(PHASE_TITLES[kind], plan.phase(kind)) for kind in PlanKind if plan.phase(kind)]
