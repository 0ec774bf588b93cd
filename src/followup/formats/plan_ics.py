"""The customer's plan as iCalendar: each step an entry the customer can import.

Steps are all-day entries on their due day (a checkpoint with an agreed time is a timed
entry); each has a stable UID and a SEQUENCE that grows when its date moves, so importing
a newer export updates the calendar instead of doubling it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from followup.domain.customer_view import CustomerPlan, SharedStep
from followup.domain.plans import MilestoneStatus
from followup.formats.plan_text import heading, status_text, step_title

CHECKPOINT_LENGTH = timedelta(hours=1)


def render_ics(plan: CustomerPlan, stamp: datetime) -> bytes:
    """The calendar; `stamp` is the export's moment (DTSTAMP), passed in like any 'now'."""
    calendar = Calendar()
    calendar.add("prodid", "-//followup//mutual action plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", heading(plan))
    for step in plan.steps:
        calendar.add_component(_event(step, plan, stamp))
    return bytes(calendar.to_ical())


def _event(step: SharedStep, plan: CustomerPlan, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", step.uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("summary", f"{step_title(step)} — {plan.title}")
    if step.at is None:
        event.add("dtstart", step.due_on)
        event.add("dtend", step.due_on + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        start = step.at.astimezone(UTC)
        event.add("dtstart", start)
        event.add("dtend", start + CHECKPOINT_LENGTH)
    lines = [f"Who: {step.who}", f"Status: {status_text(step)}"]
    if step.after:
        lines.append(f"After: {', '.join(step.after)}")
    lines.append(f"Part of the plan with {plan.customer}; questions to {plan.contact_name}.")
    event.add("description", "\n".join(lines))
    event.add("sequence", step.revision)
    event.add("status", "CANCELLED" if step.status is MilestoneStatus.DROPPED else "CONFIRMED")
    event.add("categories", ["Checkpoint" if step.checkpoint else "Milestone"])
    return event
