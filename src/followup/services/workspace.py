"""A workspace: one database and the culture profiles in force."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from importlib import resources
from typing import Any

from sqlalchemy import Connection, Engine

from followup.domain.attention import person_due
from followup.domain.cadence import rhythm_for
from followup.domain.culture import CultureBook, CultureProfile, parse_culture_book
from followup.domain.errors import NotFound
from followup.domain.model import Person, Rhythm, Touches, User
from followup.domain.relationship import Replies
from followup.services.culture_book import book_of
from followup.store import audit, directory, records
from followup.store import cultures as cultures_store
from followup.store import people as people_store
from followup.store.engine import make_engine
from followup.store.schema import ensure_current


def shipped_cultures() -> CultureBook:
    """The culture profiles shipped with followup (data/cultures.toml)."""
    text = resources.files("followup.data").joinpath("cultures.toml").read_text("utf-8")
    return parse_culture_book(text)


@dataclass
class Workspace:
    engine: Engine
    cultures: CultureBook
    # Why the team's culture edits did not apply (kw_only: subclasses add fields of their own).
    culture_problem: str | None = field(default=None, kw_only=True)
    # What the culture edits looked like when `cultures` was read (see `fresh`).
    culture_stamp: tuple[Any, ...] | None = field(default=None, kw_only=True)

    @classmethod
    def open(cls, url: str) -> Workspace:
        """The workspace at `url`, refusing a database whose schema is not current."""
        engine = make_engine(url)
        ensure_current(engine)
        with engine.connect() as conn:
            stamp = cultures_store.stamp(conn)
            cultures, problem = book_of(conn)  # shipped profiles with the team's edits
        return cls(engine, cultures, culture_problem=problem, culture_stamp=stamp)

    def fresh(self) -> Workspace:
        """This workspace with the culture profiles the database holds now.

        A long-running process (each worker of `followup serve`) keeps one workspace;
        an admin's edit made through another worker would otherwise never reach it.
        One small query tells whether the edits moved; only then are they read again."""
        with self.engine.connect() as conn:
            stamp = cultures_store.stamp(conn)
            if stamp != self.culture_stamp:
                self.cultures, self.culture_problem = book_of(conn)
                self.culture_stamp = stamp
        return self

    def acting_as(self, user: User | None) -> Workspace:
        """This workspace with every change recorded in the audit trail as `user`'s
        (None: recorded without an actor, as the set-up commands' are)."""
        actor = audit.Actor(user.id, user.name) if user else None
        return replace(self, engine=audit.acting_engine(self.engine, actor))

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One unit of work: everything inside commits together or not at all."""
        with self.engine.begin() as conn:
            yield conn

    def profile_for(self, conn: Connection, person: Person) -> CultureProfile:
        account = directory.account_by_id(conn, person.account_id) if person.account_id else None
        culture = person.culture or (account.culture if account else None)
        return self.cultures.resolve(culture, person.country, account.country if account else None)

    def profile_of_row(self, row: Any) -> CultureProfile:
        """The profile for a people row joined with account_culture and account_country."""
        culture = row.culture or row.account_culture
        return self.cultures.resolve(culture, row.country, row.account_country)


def refresh_due(
    ws: Workspace,
    conn: Connection,
    person_id: int,
    now: datetime,
    touches: Touches | None = None,
    replies: Replies | None = None,
    facts: tuple[Any, Person, CultureProfile, Rhythm | None] | None = None,
) -> datetime | None:
    """Recompute and store a person's next_due_at (and new `touches`, if given).

    Called in the same transaction as every change that can move it, so the stored
    value never disagrees with a recomputation. `facts` (follow_up_of, read earlier in
    the same transaction) saves reading them again when only touches and replies moved.
    """
    row, person, profile, rhythm = facts or follow_up_of(ws, conn, person_id)
    touches = touches or Touches(row.last_contact_at, row.last_attempt_at)
    replies = replies or Replies(row.last_reply_at, row.unanswered_attempts, row.silent_since)
    commitments = records.open_commitments_of(conn, person_id)
    due = person_due(person, rhythm, touches, commitments, replies, profile)
    people_store.store_follow_up_state(conn, person_id, touches, due, now, replies)
    return due


def follow_up_of(
    ws: Workspace, conn: Connection, person_id: int
) -> tuple[Any, Person, CultureProfile, Rhythm | None]:
    """A person's follow-up row (people with account and agreement columns), the person,
    their culture profile and the rhythm in force."""
    row = people_store.follow_up_row(conn, person_id)
    if row is None:
        raise NotFound(f"unknown person #{person_id}")
    person = people_store.person_from_row(row)
    profile = ws.profile_of_row(row)
    return row, person, profile, rhythm_for(person, people_store.agreement_of_row(row), profile)
