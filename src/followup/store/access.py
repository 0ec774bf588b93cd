"""Passwords, API tokens, browser sessions and the sign-in throttle's counts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update

from followup.domain.access import Failures
from followup.domain.model import User
from followup.store.directory import user_from_row
from followup.store.tables import api_tokens, sign_in_failures, storable_id, users, web_sessions


def password_hash_of(conn: Connection, user_id: int) -> str | None:
    query = select(users.c.password_hash).where(users.c.id == user_id)
    return conn.execute(query).scalar_one_or_none()


def set_password_hash(conn: Connection, user_id: int, digest: str) -> None:
    conn.execute(
        update(users)
        .where(users.c.id == user_id)
        .values(password_hash=digest, version=users.c.version + 1)
    )


def insert_token(
    conn: Connection, user_id: int, name: str, digest: str, hint: str, now: datetime
) -> int:
    values = {"user_id": user_id, "name": name, "digest": digest, "hint": hint, "created_at": now}
    key = conn.execute(insert(api_tokens).values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def tokens_of(conn: Connection, user_id: int) -> Sequence[Row[Any]]:
    query = select(api_tokens).where(api_tokens.c.user_id == user_id).order_by(api_tokens.c.id)
    return conn.execute(query).all()


def token_by_id(conn: Connection, token_id: int) -> Row[Any] | None:
    if not storable_id(token_id):
        return None
    return conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()


def revoke_token(conn: Connection, token_id: int, now: datetime) -> None:
    conn.execute(update(api_tokens).where(api_tokens.c.id == token_id).values(revoked_at=now))


_TOKEN_USER = (
    select(users, api_tokens.c.id.label("token_id"), api_tokens.c.last_used_at)
    .join(users, users.c.id == api_tokens.c.user_id)
    .where(api_tokens.c.revoked_at.is_(None))
)


def user_by_token(conn: Connection, digest: str) -> tuple[User, int, datetime | None] | None:
    """The user of a live token with this digest, the token's id and when it was last used."""
    row = conn.execute(_TOKEN_USER.where(api_tokens.c.digest == digest)).first()
    if row is None:
        return None
    return user_from_row(row), row.token_id, row.last_used_at


def mark_token_used(conn: Connection, token_id: int, now: datetime) -> None:
    conn.execute(update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_at=now))


def insert_session(
    conn: Connection, digest: str, user_id: int, csrf: str, now: datetime, expires: datetime
) -> None:
    values = {"digest": digest, "user_id": user_id, "csrf_token": csrf, "expires_at": expires}
    conn.execute(insert(web_sessions).values(**values, created_at=now))


_SESSION_USER = select(
    users, web_sessions.c.csrf_token, web_sessions.c.expires_at.label("session_expires_at")
).join(users, users.c.id == web_sessions.c.user_id)


def session_by_digest(conn: Connection, digest: str) -> tuple[User, str, datetime] | None:
    """The session's user, CSRF token and expiry, or None."""
    row = conn.execute(_SESSION_USER.where(web_sessions.c.digest == digest)).first()
    if row is None:
        return None
    return user_from_row(row), row.csrf_token, row.session_expires_at


def delete_session(conn: Connection, digest: str) -> None:
    conn.execute(delete(web_sessions).where(web_sessions.c.digest == digest))


def delete_sessions_of(conn: Connection, user_id: int) -> None:
    conn.execute(delete(web_sessions).where(web_sessions.c.user_id == user_id))


def delete_expired_sessions(conn: Connection, now: datetime) -> None:
    conn.execute(delete(web_sessions).where(web_sessions.c.expires_at <= now))


def failures_of(conn: Connection, key: str) -> Failures | None:
    row = conn.execute(select(sign_in_failures).where(sign_in_failures.c.key == key)).first()
    if row is None:
        return None
    return Failures(row.failures, row.window_started_at, row.blocked_until)


def save_failures(conn: Connection, key: str, failures: Failures) -> None:
    conn.execute(delete(sign_in_failures).where(sign_in_failures.c.key == key))
    values = {
        "key": key,
        "failures": failures.count,
        "window_started_at": failures.window_started_at,
        "blocked_until": failures.blocked_until,
    }
    conn.execute(insert(sign_in_failures).values(**values))


def clear_failures(conn: Connection, key: str) -> None:
    conn.execute(delete(sign_in_failures).where(sign_in_failures.c.key == key))


def user_rows(conn: Connection) -> Sequence[Row[Any]]:
    """Every user with their version and whether they can sign in."""
    query = select(
        users.c.id,
        users.c.name,
        users.c.email,
        users.c.timezone,
        users.c.role,
        users.c.version,
        users.c.password_hash.is_not(None).label("can_sign_in"),
    )
    return conn.execute(query.order_by(users.c.id)).all()


def count_admins(conn: Connection) -> int:
    query = select(users.c.id).where(users.c.role == "admin")
    return len(conn.execute(query).all())
