"""One batch of an import, in one transaction: match every contact, merge or create.

New people are inserted together at the end of the batch (or earlier, when a later
record of the same batch turns out to be one of them); their emails, phones and ledger
entries go in with them, so a batch is in the database whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from followup.domain.cadence import next_due_at, rhythm_for
from followup.domain.cards import addresses_text
from followup.domain.dedupe import Matcher, only_a_name
from followup.domain.intake import Contact
from followup.domain.merge import Conflict
from followup.domain.model import Account, Person, Stage, Touches, Triage, User
from followup.domain.names import search_key
from followup.domain.triage import first_meeting
from followup.services.checkins import refresh_checkin
from followup.services.intake_merge import apply_merge
from followup.services.workspace import Workspace
from followup.store import directory, records
from followup.store import intake as store


@dataclass
class Context:
    """How this import files people: whose they are, where they were met, what next."""

    owner: User
    event: str | None
    triage: Triage | None
    stage: Stage | None
    now: datetime
    file_name: str = ""


@dataclass
class Outcome:
    record: int
    line: int
    action: str  # created, merged or unchanged
    person_id: int
    name: str
    by: str | None = None
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class State:
    """What an import keeps between batches: a cache of the database, never ahead of it."""

    matcher: Matcher = field(default_factory=Matcher)
    accounts: dict[str, int] | None = None  # case-folded name -> id
    countries: dict[int, str | None] = field(default_factory=dict)  # account id -> country
    loaded_accounts: set[int] = field(default_factory=set)

    def reset(self) -> None:
        """Forget everything (after a rolled-back batch): it is reloaded as needed."""
        self.matcher = Matcher()
        self.accounts, self.countries, self.loaded_accounts = None, {}, set()


@dataclass
class _Pending:
    temporary: int
    contact: Contact
    fingerprint: str
    row: dict[str, Any]
    meeting: bool


class Batch:
    def __init__(self, ws: Workspace, conn: Connection, state: State, ctx: Context) -> None:
        self.ws, self.conn, self.state, self.ctx = ws, conn, state, ctx
        self.pending: list[_Pending] = []
        self.outcomes: list[Outcome] = []
        self.ledger: list[tuple[str, int]] = []
        if state.accounts is None:
            index = store.account_index(conn)
            state.accounts = {name: pid for name, (pid, _) in index.items()}
            state.countries = {pid: country for pid, country in index.values()}

    def take(self, items: list[tuple[Contact, str]]) -> list[Outcome]:
        """Import `items` (contact, fingerprint); the outcome of each, in order."""
        self._preload(items)
        for contact, fingerprint in items:
            self._one(contact, fingerprint)
        self._flush()
        store.insert_ledger(self.conn, self.ledger, self.ctx.file_name, self.ctx.now)
        self.outcomes.sort(key=lambda o: o.record)
        return self.outcomes

    def _preload(self, items: list[tuple[Contact, str]]) -> None:
        """Load what the batch's contacts may match: ledger, emails, phones, namesakes."""
        m = self.state.matcher
        prints = [fp for _, fp in items if fp not in m.prints]
        m.prints.update(store.ledger_hits(self.conn, prints))
        emails = [e for c, _ in items for e in c.emails if e not in m.emails]
        owners = store.email_owners(self.conn, emails)
        phones = [p for c, _ in items for p in c.phones if p not in m.phones]
        holders = store.phone_owners(self.conn, phones)
        for email, pid in owners.items():
            m.know_contacts(pid, [email], [])
        for phone, pid in holders:
            m.know_contacts(pid, [], [phone])
        unnamed = {
            pid for pid in [*owners.values(), *(p for _, p in holders)] if pid not in m.names
        }
        for pid, name, account_id in store.people_named(self.conn, sorted(unnamed)):
            m.know(pid, name, account_id)
        self._preload_names(items)

    def _preload_names(self, items: list[tuple[Contact, str]]) -> None:
        """The people at the batch's companies, and the unplaced namesakes of bare names."""
        m = self.state.matcher
        accounts = {self._account_id(c.company) for c, _ in items}
        fresh = sorted(a for a in accounts if a is not None and a not in self.state.loaded_accounts)
        for pid, name, account_id in store.people_at(self.conn, fresh):
            m.know(pid, name, account_id)
        self.state.loaded_accounts.update(fresh)
        keys = [search_key(c.name) for c, _ in items if only_a_name(c)]
        for pid, key in store.unplaced_named(self.conn, [k for k in keys if k not in m.unplaced]):
            m.know_unplaced(pid, key)

    def _account_id(self, company: str) -> int | None:
        assert self.state.accounts is not None
        return self.state.accounts.get(company.casefold()) if company else None

    def account_for(self, contact: Contact) -> int | None:
        """The account of the contact's company, created if it is new."""
        if not contact.company:
            return None
        account_id = self._account_id(contact.company)
        if account_id is None:
            draft = Account(0, contact.company, contact.country or None, owner_id=self.ctx.owner.id)
            account = directory.insert_account(self.conn, draft, self.ctx.now)
            refresh_checkin(self.ws, self.conn, account.id)  # as for an account added by hand
            assert self.state.accounts is not None
            self.state.accounts[contact.company.casefold()] = account.id
            self.state.countries[account.id] = account.country
            self.state.loaded_accounts.add(account.id)
            account_id = account.id
        return account_id

    def _one(self, contact: Contact, fingerprint: str) -> None:
        m = self.state.matcher
        match = m.match(contact, fingerprint, self._account_id(contact.company))
        if match is None:
            self._create(contact, fingerprint)
            return
        person_id = match.person_id
        if person_id < 0:  # one of this batch's new people: store them first
            person_id = self._flush()[person_id]
        if match.by == "ledger":
            self._outcome(contact, "unchanged", person_id, match.by)
            return
        merged, conflicts = apply_merge(self, person_id, contact)
        self._outcome(contact, "merged" if merged else "unchanged", person_id, match.by, conflicts)
        m.learn(person_id, contact, None, fingerprint)
        self.ledger.append((fingerprint, person_id))

    def _outcome(
        self,
        contact: Contact,
        action: str,
        pid: int,
        by: str | None,
        conflicts: list[Conflict] | None = None,
    ) -> None:
        name = self.state.matcher.names.get(pid, contact.name)
        self.outcomes.append(
            Outcome(contact.record, contact.line, action, pid, name, by, conflicts or [])
        )

    def _create(self, contact: Contact, fingerprint: str) -> None:
        temporary = -(len(self.pending) + 1)
        account_id = self.account_for(contact)
        meeting = (self.ctx.triage or Triage.FILE) is Triage.MEET
        row = new_person_row(self, contact, account_id)
        self.pending.append(_Pending(temporary, contact, fingerprint, row, meeting))
        self.state.matcher.learn(temporary, contact, account_id, fingerprint)

    def _flush(self) -> dict[int, int]:
        """Insert the pending new people; their temporary ids mapped to the real ones."""
        pending, self.pending = self.pending, []
        ids = store.insert_people(self.conn, [p.row for p in pending])
        real = {p.temporary: pid for p, pid in zip(pending, ids, strict=True)}
        emails = [(real[p.temporary], e) for p in pending for e in p.contact.emails]
        phones = [(real[p.temporary], n) for p in pending for n in p.contact.phones]
        store.insert_contacts(self.conn, emails, phones)
        for p in pending:
            pid = real[p.temporary]
            self.state.matcher.rename(
                p.temporary, pid, p.contact, p.fingerprint, p.row["account_id"]
            )
            self.ledger.append((p.fingerprint, pid))
            self._outcome(p.contact, "created", pid, None)
            if p.meeting:
                self._meeting(pid, p.row)
        return real

    def _meeting(self, person_id: int, row: dict[str, Any]) -> None:
        promise = first_meeting(
            person_id, self.ctx.owner.name, self.ctx.now, row["timezone"], row["country"]
        )
        records.insert_commitment(self.conn, promise, self.ctx.now)


def new_person_row(batch: Batch, contact: Contact, account_id: int | None) -> dict[str, Any]:
    """The people row of a new contact, with its next_due_at already computed."""
    ctx = batch.ctx
    triage = ctx.triage or Triage.FILE
    told = Stage(contact.stage) if contact.stage in Stage._value2member_map_ else None
    stage = ctx.stage or told or Stage.LEAD
    row: dict[str, Any] = {
        "name": contact.name,
        "search_name": search_key(contact.name),
        "account_id": account_id,
        "owner_id": ctx.owner.id,
        "country": contact.country or None,
        "timezone": contact.timezone,
        "language": contact.language or None,
        "stage": stage.value,
        "source": ctx.event or contact.source or None,
        "triage": triage.value,
        "created_at": ctx.now,
        "updated_at": ctx.now,
        **person_fields(contact),
    }
    row["next_due_at"] = _first_due(batch, row, account_id)
    return row


def person_fields(contact: Contact) -> dict[str, Any]:
    """The card's fields as people columns (empty ones as NULL)."""
    values = {
        "given_name": contact.given,
        "family_name": contact.family,
        "middle_name": contact.middle,
        "name_prefix": contact.prefix,
        "name_suffix": contact.suffix,
        "phonetic_given": contact.phonetic_given,
        "phonetic_family": contact.phonetic_family,
        "nickname": contact.nickname,
        "title": contact.title,
        "department": contact.department,
        "birthday": contact.birthday,
        "notes": contact.notes,
    }
    result: dict[str, Any] = {k: (v or None) for k, v in values.items()}
    addresses = [a.fields() for a in contact.addresses]
    result["address"] = addresses_text(addresses) or None
    result["urls"] = list(contact.urls) or None
    result["addresses"] = addresses or None
    return result


def _first_due(batch: Batch, row: dict[str, Any], account_id: int | None) -> datetime | None:
    ctx = batch.ctx
    if row["triage"] == Triage.FILE.value:
        return None  # filed: no rhythm (rhythm_for) and no promise, so nothing is due
    account_country = batch.state.countries.get(account_id) if account_id else None
    person = Person(
        id=0,
        name=row["name"],
        owner_id=ctx.owner.id,
        timezone=row["timezone"],
        created_at=ctx.now,
        stage=Stage(row["stage"]),
        country=row["country"],
        triage=Triage(row["triage"]),
    )
    profile = batch.ws.cultures.resolve(None, row["country"], account_country)
    promises = []
    if person.triage is Triage.MEET:
        promises.append(first_meeting(0, ctx.owner.name, ctx.now, row["timezone"], row["country"]))
    return next_due_at(person, rhythm_for(person, None, profile), Touches(), promises)
