"""Pages of people for the web and the API: filtered, searched, counted, in name order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, and_, func, not_, or_, select

from followup.domain.culture import DEFAULT_PROFILE, CultureBook
from followup.domain.names import search_key
from followup.store.directory import ACCOUNTS_WITH_COUNTS
from followup.store.people import _detailed
from followup.store.tables import accounts, agreements, people, person_emails, users


@dataclass(frozen=True)
class PeopleFilter:
    """Ids and keys already resolved by the service; None means 'any'."""

    account_id: int | None = None
    owner_id: int | None = None
    stage: str | None = None
    source: str | None = None
    culture: str | None = None
    text: str | None = None


# Counting every match costs a scan of them all; past this many the count says "more".
COUNT_CAP = 10_000


def people_page(
    conn: Connection,
    book: CultureBook,
    wanted: PeopleFilter,
    limit: int,
    offset: int,
    cap: int = COUNT_CAP,
) -> tuple[int, bool, Sequence[Row[Any]]]:
    """How many people match (exactly, up to `cap`; else `cap` and False), and the
    `limit` of them from `offset`, in name order."""
    conditions = _conditions(book, wanted)
    matching = select(people.c.id).where(*conditions)
    if wanted.culture is not None:  # only the culture needs the account's columns
        matching = matching.select_from(
            people.outerjoin(accounts, accounts.c.id == people.c.account_id)
        )
    capped = matching.limit(cap + 1).subquery()
    counted = int(conn.execute(select(func.count()).select_from(capped)).scalar_one())
    query = _detailed().where(*conditions).order_by(people.c.search_name, people.c.id)
    found = conn.execute(query.limit(limit).offset(offset)).all()
    return min(counted, cap), counted <= cap, found


def _conditions(book: CultureBook, wanted: PeopleFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if wanted.account_id is not None:
        found.append(people.c.account_id == wanted.account_id)
    if wanted.owner_id is not None:
        found.append(people.c.owner_id == wanted.owner_id)
    if wanted.stage is not None:
        found.append(people.c.stage == wanted.stage)
    if wanted.source is not None:
        found.append(people.c.source == wanted.source)
    if wanted.culture is not None:
        found.append(culture_is(book, wanted.culture))
    if wanted.text:
        found.append(_matching(wanted.text))
    return found


def _matching(text: str) -> ColumnElement[bool]:
    pattern = "%" + _escaped(search_key(text))
    by_email = select(person_emails.c.person_id).where(
        person_emails.c.email.like(pattern + "%", escape="\\")
    )
    return or_(people.c.search_name.like(pattern + "%", escape="\\"), people.c.id.in_(by_email))


def culture_is(book: CultureBook, key: str) -> ColumnElement[bool]:
    """People whose profile resolves to `key`, as CultureBook.resolve decides it: the
    person's or their account's explicit culture, else the first of the person's and the
    account's countries that some profile claims, else the default."""
    explicit = func.coalesce(people.c.culture, accounts.c.culture)
    claimed = sorted({c for p in book.profiles.values() for c in p.countries})
    own = sorted(book.get(key).countries)
    person_unclaimed = or_(people.c.country.is_(None), not_(people.c.country.in_(claimed)))
    account_unclaimed = or_(accounts.c.country.is_(None), not_(accounts.c.country.in_(claimed)))
    if key == DEFAULT_PROFILE:
        by_country = and_(person_unclaimed, account_unclaimed)
    else:
        by_country = or_(
            people.c.country.in_(own), and_(person_unclaimed, accounts.c.country.in_(own))
        )
    return or_(explicit == key, and_(explicit.is_(None), by_country))


def agreements_page(conn: Connection, limit: int, offset: int) -> tuple[int, Sequence[Any]]:
    """How many people have an agreed rhythm (up to COUNT_CAP + 1: more than the cap), and
    a page of them by name."""
    capped = select(agreements.c.person_id).limit(COUNT_CAP + 1).subquery()
    total = int(conn.execute(select(func.count()).select_from(capped)).scalar_one())
    query = (
        select(
            people.c.id,
            people.c.name,
            users.c.name.label("owner_name"),
            agreements.c.every_days,
            agreements.c.min_gap_days,
            agreements.c.channel,
            agreements.c.agreed_by,
            agreements.c.agreed_on,
        )
        .join(people, people.c.id == agreements.c.person_id)
        .join(users, users.c.id == people.c.owner_id)
        .order_by(people.c.search_name, people.c.id)
    )
    return total, conn.execute(query.limit(limit).offset(offset)).all()


def accounts_page(
    conn: Connection, text: str | None, limit: int, offset: int
) -> tuple[int, Sequence[Row[Any]]]:
    """How many accounts' names contain `text`, and a page of them with their counts."""
    conditions = []
    if text:
        conditions.append(func.lower(accounts.c.name).like(f"%{_escaped(text.lower())}%", "\\"))
    count = select(func.count()).select_from(accounts).where(*conditions)
    total = int(conn.execute(count).scalar_one())
    query = ACCOUNTS_WITH_COUNTS.where(*conditions).limit(limit).offset(offset)
    return total, conn.execute(query).all()


def _escaped(text: str) -> str:
    """`text` for a LIKE pattern with backslash as the escape: % and _ mean themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
