"""The sent-ledger read back: what went out, what is failing, and webhook events.

A channel (the email digest, one webhook endpoint) is *failing* when its latest reminder
did not go out and something says why (an error, a give-up, a sender that died mid-send),
or when its digest is overdue although it went out before (the scheduler stopped). Such a
channel becomes an item on the user's own agenda: reminders must never stop silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from followup.domain.agenda import AgendaItem
from followup.domain.errors import InvalidInput
from followup.domain.localtime import format_moment, local_date
from followup.domain.reminders import MAX_ATTEMPTS, ReminderChannel, ReminderStatus

EVENTS = ("item.due", "commitment.overdue")
TEST_EVENT = "ping"


@dataclass(frozen=True)
class Reminder:
    """One row of the sent-ledger."""

    id: int
    key: str
    user_id: int
    channel: ReminderChannel
    kind: str
    status: ReminderStatus
    attempts: int
    not_before: datetime
    updated_at: datetime
    created_at: datetime
    endpoint_id: int | None = None
    sent_at: datetime | None = None
    claimed_at: datetime | None = None
    last_error: str | None = None
    detail: str | None = None
    payload: str | None = None

    @property
    def troubled(self) -> bool:
        """Whether this reminder says its channel does not work (an error, a give-up, or
        an outcome that was never recorded)."""
        if self.status in (ReminderStatus.FAILED, ReminderStatus.UNCONFIRMED):
            return True
        return self.status is ReminderStatus.QUEUED and self.last_error is not None


@dataclass(frozen=True)
class Trouble:
    """A reminder channel of one user that is not getting through."""

    channel: ReminderChannel
    target: str  # the recipient address or the webhook URL
    since: datetime
    latest: Reminder
    endpoint_id: int | None = None

    @property
    def retrying(self) -> bool:
        return self.latest.status is ReminderStatus.QUEUED


def troubles(reminders: Iterable[Reminder], targets: dict[int | None, str]) -> list[Trouble]:
    """The failing channels among `reminders` (one user's recent ledger rows).

    `targets` names each channel's destination by endpoint id (None for email). A channel
    whose latest reminder went out is healthy again, whatever failed before.
    """
    by_channel: dict[int | None, list[Reminder]] = {}
    for reminder in reminders:
        if reminder.status is ReminderStatus.CANCELLED:
            continue
        target = reminder.endpoint_id if reminder.channel is ReminderChannel.WEBHOOK else None
        by_channel.setdefault(target, []).append(reminder)
    found = []
    for endpoint_id, rows in by_channel.items():
        rows.sort(key=lambda r: (r.updated_at, r.id))
        streak = list(_failing_streak(rows))
        if streak and endpoint_id in targets:
            since = min(r.created_at for r in streak)
            channel = ReminderChannel.WEBHOOK if endpoint_id else ReminderChannel.EMAIL
            found.append(Trouble(channel, targets[endpoint_id], since, rows[-1], endpoint_id))
    return sorted(found, key=lambda t: (t.since, t.endpoint_id or 0))


def _failing_streak(rows: Sequence[Reminder]) -> Iterator[Reminder]:
    """The troubled reminders after the last one that went out, if the latest is troubled."""
    if not rows or not rows[-1].troubled:
        return
    for reminder in reversed(rows):
        if reminder.status is ReminderStatus.SENT:
            return
        if reminder.troubled:
            yield reminder


def trouble_item(trouble: Trouble, at: datetime, tz: ZoneInfo) -> AgendaItem:
    """The agenda item that tells the user one of their reminder channels is failing."""
    latest = trouble.latest
    what = "Your email digest" if trouble.channel is ReminderChannel.EMAIL else "Your webhook"
    since = format_moment(trouble.since, tz, local_date(at, tz))
    if latest.status is ReminderStatus.UNCONFIRMED:
        reason = (
            f"{what} to {trouble.target} may not have arrived: followup stopped while sending "
            f"it ({since}) and does not send it twice."
        )
    elif latest.status is ReminderStatus.FAILED:
        reason = (
            f"{what} to {trouble.target} is failing since {since}: {latest.last_error} "
            f"— given up after {latest.attempts} attempt{'s' * (latest.attempts != 1)}."
        )
    else:
        again = format_moment(latest.not_before, tz, local_date(at, tz))
        reason = (
            f"{what} to {trouble.target} is failing since {since}: {latest.last_error} "
            f"— attempt {latest.attempts} of {MAX_ATTEMPTS}, next try {again}."
        )
    if trouble.channel is ReminderChannel.EMAIL:
        fix = "Check the SMTP settings (FOLLOWUP_SMTP_* or [smtp] in the config file)"
    else:
        fix = (
            f"Check the receiver, or remove it with 'followup webhook remove {trouble.endpoint_id}'"
        )
    return AgendaItem(
        kind="channel_failing",
        person_id=None,
        person_name="followup reminders",
        account=None,
        due=trouble.since,
        overdue_days=max(0, (local_date(at, tz) - local_date(trouble.since, tz)).days),
        reason=reason,
        channel=None,
        suggestion=f"{fix}; 'followup status' shows every attempt.",
    )


def stalled_item(last_sent: datetime, due: datetime, at: datetime, tz: ZoneInfo) -> AgendaItem:
    """The item for a digest that did not go out at all: nothing is running `notify`."""
    today = local_date(at, tz)
    return AgendaItem(
        kind="channel_failing",
        person_id=None,
        person_name="followup reminders",
        account=None,
        due=due,
        overdue_days=max(0, (today - local_date(due, tz)).days),
        reason=(
            f"Your email digest was due {format_moment(due, tz, today)} and has not gone out; "
            f"the last one went out {format_moment(last_sent, tz, today)}."
        ),
        channel=None,
        suggestion=(
            "Check that 'followup notify' runs (cron or a systemd timer) or that "
            "'followup serve' is up; 'followup status' shows its last run."
        ),
    )


@dataclass(frozen=True)
class AgendaEvent:
    """A webhook event about one agenda item; `subject` keeps it unique per occurrence."""

    name: str
    subject: str
    item: AgendaItem


def agenda_events(items: Iterable[AgendaItem]) -> list[AgendaEvent]:
    """The events today's agenda raises: every item once per occurrence (`item.due`), and
    our promises once they are late (`commitment.overdue`)."""
    events = []
    for item in items:
        if item.person_id is None:
            continue  # followup's own trouble is not news for other tools
        due = f"{item.due:%Y%m%dT%H%M%SZ}"
        ref = item.commitment_id if item.commitment_id is not None else "-"
        events.append(AgendaEvent("item.due", f"{item.kind}/{item.person_id}/{ref}/{due}", item))
        if item.kind == "our_commitment" and item.overdue_days > 0:
            events.append(AgendaEvent("commitment.overdue", f"{ref}/{due}", item))
    return events


def parse_events(text: str | None) -> str:
    """'*' (every event) or a comma-separated list of known event names, normalised."""
    if text is None or text.strip() in ("", "*", "all"):
        return "*"
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in EVENTS]
    if unknown:
        raise InvalidInput(f"unknown event {unknown[0]!r}: use {', '.join(EVENTS)} or *")
    return ",".join(dict.fromkeys(names))


def wants(events: str, name: str) -> bool:
    """Whether an endpoint subscribed to `events` receives event `name` (ping: always)."""
    return name == TEST_EVENT or events == "*" or name in events.split(",")
