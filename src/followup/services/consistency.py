"""`followup db check`: is the database what the code would have written?

Every reference names an existing row; every derived column (a person's touches, replies,
search name and next_due_at, a deal's next_due_at, an account's next check-in, a service
request's deadline and alert) equals what the domain computes from the rows it derives from,
and so does every kept agenda (with the triggers that end them on every table they read);
the reminders ledger holds no contradiction (sent yet queued, a claim past its lease).

The check reads in one snapshot, table by table in pages of a thousand rows, so its memory
stays flat at a million people and writers are never blocked. A repair recomputes each
derived value the way the services do, in short transactions of its own, from the rows as
they are then; broken references are reported, never "repaired" (which row is wrong is for
a person to decide, from a backup).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from followup.domain.attention import person_due
from followup.domain.cadence import rhythm_for
from followup.domain.deal_agenda import next_due_at as deal_due
from followup.domain.deals import main_contact
from followup.domain.errors import NotFound
from followup.domain.model import Commitment, Interaction, Touches
from followup.domain.names import search_key
from followup.domain.relationship import Replies, replies_from
from followup.domain.satisfaction import checkin_due, checkin_interval
from followup.domain.service_levels import alert_at, deadline
from followup.services import prepared_agenda
from followup.services.agenda import explained
from followup.services.checkins import refresh_checkin
from followup.services.deal_files import build_file, refresh_deal
from followup.services.views import iso
from followup.services.workspace import Workspace, refresh_due
from followup.store import agenda as agenda_store
from followup.store import agenda_staleness, ledger, prepared
from followup.store import consistency as store
from followup.store import deals as deal_store
from followup.store import people as people_store
from followup.store import plans as plan_store
from followup.store import service as service_store
from followup.store.intel_tables import service_requests
from followup.store.snapshot import consistent_read
from followup.store.tables import accounts, deals, metadata, people

# What a repair does to a row: recompute the person's, deal's, account's or request's
# derived columns, settle the ledger's expired claims (as the next `notify` would), end a
# user's kept agenda, or reinstall the triggers that end kept agendas.
PERSON, DEAL, ACCOUNT, REQUEST, CLAIMS = "person", "deal", "account", "request", "claims"
AGENDA, TRIGGERS = "agenda", "triggers"


@dataclass(frozen=True)
class Problem:
    """One inconsistency: what was checked, the row, a sentence, and its repair (if any)."""

    check: str
    table: str
    row: str
    message: str
    repair: tuple[str, int] | None = None

    def document(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "table": self.table,
            "row": self.row,
            "message": self.message,
            "repairable": self.repair is not None,
        }


@dataclass
class Check:
    """One run of the check; `checked` counts the rows read, table by table."""

    ws: Workspace
    now: datetime
    checked: Counter[str] = field(default_factory=Counter)

    def problems(self) -> Iterator[Problem]:
        """Every problem, streamed as found (a million rows are never held at once)."""
        with consistent_read(self.ws.engine) as conn:
            yield from self._references(conn)
            yield from self._people(conn)
            yield from self._deals(conn)
            yield from self._accounts(conn)
            yield from self._requests(conn)
            yield from self._ledger(conn)
            yield from self._kept_agendas(conn)

    def _references(self, conn: Connection) -> Iterator[Problem]:
        for b in store.broken_references(conn):
            message = f"{b.table} row {b.row}: {b.column} {b.value} names no row of {b.parent}"
            yield Problem("reference", b.table, b.row, message)

    def _people(self, conn: Connection) -> Iterator[Problem]:
        for rows in store.pages(conn, people_store.FOLLOW_UP_ROWS, people.c.id):
            first, last = rows[0].id, rows[-1].id
            promises = store.open_commitments(conn, first, last)
            histories = store.histories(conn, first, last)
            for row in rows:
                yield from self._person(row, promises.get(row.id, []), histories.get(row.id, []))
            self.checked["people"] += len(rows)

    def _person(
        self, row: Any, promises: list[Commitment], history: list[Interaction]
    ) -> Iterator[Problem]:
        def problem(check: str, stored: str, expected: str) -> Problem:
            message = f"person #{row.id} stores {check} {stored}, recomputed {expected}"
            return Problem(check, "people", str(row.id), message, (PERSON, row.id))

        touches, replies = folded(history)
        stored_touches = Touches(row.last_contact_at, row.last_attempt_at)
        if stored_touches != touches:
            yield problem("touches", _touches(stored_touches), _touches(touches))
        stored_replies = Replies(row.last_reply_at, row.unanswered_attempts, row.silent_since)
        if stored_replies != replies:
            yield problem("replies", _replies(stored_replies), _replies(replies))
        if row.search_name != search_key(row.name):
            yield problem("search_name", repr(row.search_name), repr(search_key(row.name)))
        person = people_store.person_from_row(row)
        profile = self.ws.profile_of_row(row)
        rhythm = rhythm_for(person, people_store.agreement_of_row(row), profile)
        due = person_due(person, rhythm, touches, promises, replies, profile)
        if due != row.next_due_at:
            yield problem("next_due_at", _when(row.next_due_at), _when(due))

    def _deals(self, conn: Connection) -> Iterator[Problem]:
        for rows in store.pages(conn, store.DEAL_ROWS, deals.c.id):
            ids = [row.id for row in rows]
            involved = deal_store.people_of(conn, ids)
            pending = plan_store.milestones_of(conn, ids, pending_only=True)
            contacts = [c.person_id for i in ids if (c := main_contact(involved[i])) is not None]
            agreements = agenda_store.agreements_for(conn, contacts)
            for row in rows:
                file = build_file(self.ws, conn, row, involved[row.id], pending[row.id], agreements)
                due = deal_due(file)
                if due != row.next_due_at:
                    message = (
                        f"deal #{row.id} stores next_due_at {_when(row.next_due_at)}, "
                        f"recomputed {_when(due)}"
                    )
                    yield Problem("next_due_at", "deals", str(row.id), message, (DEAL, row.id))
            self.checked["deals"] += len(rows)

    def _accounts(self, conn: Connection) -> Iterator[Problem]:
        tiers = service_store.tiers(conn)
        for rows in store.pages(conn, store.ACCOUNT_ROWS, accounts.c.id):
            for row in rows:
                profile = self.ws.cultures.resolve(row.culture, row.country)
                interval, _ = checkin_interval(tiers.get(row.tier or ""), profile)
                due = checkin_due(row.feedback_at or row.created_at, interval)
                if (row.checkin_due_at, row.last_feedback_at) != (due, row.feedback_at):
                    message = (
                        f"account #{row.id} stores next check-in {_when(row.checkin_due_at)} "
                        f"(last feedback {_when(row.last_feedback_at)}), recomputed {_when(due)} "
                        f"(last feedback {_when(row.feedback_at)})"
                    )
                    fix = (ACCOUNT, row.id)
                    yield Problem("checkin_due_at", "accounts", str(row.id), message, fix)
            self.checked["accounts"] += len(rows)

    def _requests(self, conn: Connection) -> Iterator[Problem]:
        for rows in store.pages(conn, store.REQUEST_ROWS, service_requests.c.id):
            for row in rows:
                due = deadline(row.received_at, row.response_minutes)
                alert = alert_at(row.received_at, row.response_minutes)
                if (row.due_at, row.alert_at) != (due, alert):
                    message = (
                        f"service request #{row.id} stores due {_when(row.due_at)}, alert "
                        f"{_when(row.alert_at)}; recomputed due {_when(due)}, alert {_when(alert)}"
                    )
                    fix = (REQUEST, row.id)
                    yield Problem("alert_at", "service_requests", str(row.id), message, fix)
            self.checked["service_requests"] += len(rows)

    def _ledger(self, conn: Connection) -> Iterator[Problem]:
        for row, fault, repairable in store.ledger_faults(conn, self.now):
            message = f"reminder #{row.id} ({row.key}) is {row.status}{fault}"
            if repairable:
                message = (
                    f"reminder #{row.id} ({row.key}) was claimed by {row.claim} at "
                    f"{_when(row.claimed_at)} and never settled: its sender stopped (lease over)"
                )
            fix = (CLAIMS, 0) if repairable else None
            yield Problem("reminder", "reminders", str(row.id), message, fix)
        for reminder_id, attempts, recorded in store.excess_attempts(conn):
            message = f"reminder #{reminder_id} counts {attempts} attempts but records {recorded}"
            yield Problem("reminder", "reminders", str(reminder_id), message)

    def _kept_agendas(self, conn: Connection) -> Iterator[Problem]:
        """Kept agendas are derived too: each must read as the agenda explained afresh."""
        for table in agenda_staleness.missing(conn, metadata.tables):
            message = f"table {table} lacks the triggers that end kept agendas when it changes"
            yield Problem("agenda triggers", table, "-", message, (TRIGGERS, 0))
        for user, kept in prepared_agenda.kept_days(conn, self.now):
            afresh = explained(self.ws, conn, user, self.now).items_at(self.now)
            if kept != afresh:
                message = (
                    f"user {user.name}'s kept agenda ({len(kept)} items) differs from their "
                    f"agenda explained afresh ({len(afresh)} items): a change did not end it"
                )
                fix = (AGENDA, user.id)
                yield Problem("kept agenda", "prepared_agendas", str(user.id), message, fix)
            self.checked["prepared_agendas"] += 1


def folded(history: Iterable[Interaction]) -> tuple[Touches, Replies]:
    """The touches and replies that logging `history` (in order) leaves."""
    touches, events = Touches(), list(history)
    for interaction in events:
        touches = touches.after(interaction)
    return touches, replies_from(events)


def repair(ws: Workspace, fixes: Iterable[tuple[str, int]], now: datetime) -> int:
    """Recompute what `fixes` name, 500 rows to a transaction; how many rows were fixed."""
    unique = sorted(set(fixes))
    for start in range(0, len(unique), 500):
        with ws.transaction() as conn:
            for kind, key in unique[start : start + 500]:
                _repair(ws, conn, kind, key, now)
    return len(unique)


def _repair(ws: Workspace, conn: Connection, kind: str, key: int, now: datetime) -> None:
    if kind == PERSON:
        row = people_store.follow_up_row(conn, key)
        if row is None:
            return  # deleted since the check
        store.store_search_name(conn, key, search_key(row.name))
        touches, replies = folded(store.histories(conn, key, key).get(key, []))
        refresh_due(ws, conn, key, now, touches, replies)
    elif kind == DEAL:
        with suppress(NotFound):  # deleted since the check
            refresh_deal(ws, conn, key, now)
    elif kind == ACCOUNT:
        with suppress(NotFound):
            refresh_checkin(ws, conn, key)
    elif kind == REQUEST:
        row = conn.execute(store.REQUEST_ROWS.where(service_requests.c.id == key)).first()
        if row is not None:
            minutes = row.response_minutes
            due, alert = deadline(row.received_at, minutes), alert_at(row.received_at, minutes)
            store.store_request_times(conn, key, due, alert)
    elif kind == CLAIMS:
        ledger.expire_claims(conn, now)
    elif kind == AGENDA:
        prepared.forget(conn, key)
    elif kind == TRIGGERS:
        agenda_staleness.reinstall(conn, agenda_staleness.missing(conn, metadata.tables))


def _when(moment: datetime | None) -> str:
    return iso(moment) or "none"


def _touches(touches: Touches) -> str:
    contact, attempt = _when(touches.last_contact_at), _when(touches.last_attempt_at)
    return f"(last contact {contact}, attempt {attempt})"


def _replies(replies: Replies) -> str:
    return (
        f"(last reply {_when(replies.last_reply_at)}, {replies.unanswered} unanswered since "
        f"{_when(replies.silent_since)})"
    )
