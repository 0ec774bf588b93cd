"""Signing in and out, passwords, personal API tokens and browser sessions.

Secrets (session ids, tokens) are random and long, so a SHA-256 digest is enough to
store them: the database alone opens nothing, and a lookup is one indexed read. Passwords
are few and guessable, so they get argon2.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError

from followup.domain.access import Throttle, first_failure
from followup.domain.errors import InvalidInput, NotFound, TooManyAttempts, Unauthenticated
from followup.domain.localtime import format_moment, zone
from followup.domain.model import User
from followup.domain.names import required_name, search_key
from followup.services import views
from followup.services.directory import current_user
from followup.services.workspace import Workspace
from followup.store import access as store
from followup.store import directory

HASHER = PasswordHasher()


@cache
def decoy() -> str:
    """Verified against when the user is unknown, so a wrong name takes as long as a wrong
    password. Hashed when the web app loads its sign-in page (web/pages/signin.py), not at
    import, where every command would pay for it."""
    return HASHER.hash("not a password of anyone's")


TOKEN_PREFIX = "fu_"
SESSION_HOURS = 12
USED_EVERY = timedelta(minutes=5)  # how often a token's last use is written down
THROTTLES = {"user": Throttle(), "ip": Throttle(limit=30)}
BAD_CREDENTIALS = "wrong user name or password"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def set_password(ws: Workspace, name: str, password: str) -> User:
    """Give user `name` a password (at least 8 characters); their sessions end."""
    check_password(password)
    hashed = HASHER.hash(password)
    with ws.transaction() as conn:
        user = current_user(conn, name, None)
        store.set_password_hash(conn, user.id, hashed)
        store.delete_sessions_of(conn, user.id)
        return user


def check_password(password: str) -> None:
    if len(password) < 8:
        raise InvalidInput("a password needs at least 8 characters")
    if len(password) > 1024:
        raise InvalidInput("a password has at most 1024 characters")


@dataclass(frozen=True)
class SignedIn:
    user: User
    session: str  # the secret for the cookie; only its digest is stored
    csrf: str
    expires_at: datetime


def sign_in(ws: Workspace, name: str, password: str, client: str | None, now: datetime) -> SignedIn:
    """A new session for the user whose password this is; refused after repeated failures."""
    keys = [f"user:{search_key(name)[:200]}"] + ([f"ip:{client[:200]}"] if client else [])
    with ws.transaction() as conn:
        for key in keys:
            record = store.failures_of(conn, key)
            until = record.blocked_at(now) if record else None
            if until is not None:
                raise TooManyAttempts(
                    "too many failed sign-ins: try again after "
                    f"{format_moment(until, zone('UTC'))} UTC"
                )
        user = directory.user_named(conn, name.strip()) if name.strip() else None
        hashed = store.password_hash_of(conn, user.id) if user else None
    if not _verified(hashed or decoy(), password) or user is None or hashed is None:
        _count_failure(ws, keys, now)
        raise Unauthenticated(BAD_CREDENTIALS)
    session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = now + timedelta(hours=SESSION_HOURS)
    with ws.transaction() as conn:
        store.clear_failures(conn, keys[0])
        store.delete_expired_sessions(conn, now)
        store.insert_session(conn, digest(session), user.id, csrf, now, expires)
    return SignedIn(user, session, csrf, expires)


def _verified(hashed: str, password: str) -> bool:
    try:
        return HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _count_failure(ws: Workspace, keys: list[str], now: datetime) -> None:
    for key in keys:
        kind = key.split(":", 1)[0]
        try:
            with ws.transaction() as conn:
                record = store.failures_of(conn, key)
                throttle = THROTTLES[kind]
                counted = record.after_failure(now, throttle) if record else None
                store.save_failures(conn, key, counted or first_failure(now, throttle))
        except IntegrityError:
            pass  # another process counted a failure for this key at the same moment


def session_user(ws: Workspace, session: str, now: datetime) -> tuple[User, str]:
    """The user and CSRF token of a live session."""
    with ws.transaction() as conn:
        found = store.session_by_digest(conn, digest(session))
    if found is None:
        raise Unauthenticated("not signed in, or signed out: sign in again")
    user, csrf, expires = found
    if expires <= now:
        raise Unauthenticated("your session has expired: sign in again")
    return user, csrf


def sign_out(ws: Workspace, session: str) -> None:
    with ws.transaction() as conn:
        store.delete_session(conn, digest(session))


def add_token(ws: Workspace, login: str | None, name: str, now: datetime) -> dict[str, Any]:
    """A new personal API token; the secret is in the result once and never again."""
    label = required_name(name, "token name", 100)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with ws.transaction() as conn:
        user = current_user(conn, None, login)
        token_id = store.insert_token(conn, user.id, label, digest(secret), secret[:10], now)
        row = store.token_by_id(conn, token_id)
    return {**token_document(row, user.name), "token": secret}


def token_document(row: Any, user_name: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "user": user_name,
        "hint": row.hint + "…",
        "created_at": views.iso(row.created_at),
        "last_used_at": views.iso(row.last_used_at),
        "revoked_at": views.iso(row.revoked_at),
    }


def list_tokens(ws: Workspace, login: str | None) -> list[dict[str, Any]]:
    with ws.transaction() as conn:
        user = current_user(conn, None, login)
        return [token_document(row, user.name) for row in store.tokens_of(conn, user.id)]


def revoke_token(ws: Workspace, login: str | None, token_id: int, now: datetime) -> dict[str, Any]:
    """Revoke one of the acting user's own tokens (another's is not found)."""
    with ws.transaction() as conn:
        user = current_user(conn, None, login)
        row = store.token_by_id(conn, token_id)
        if row is None or row.user_id != user.id:
            raise NotFound(f"no token #{token_id} of yours: see 'followup token list'")
        if row.revoked_at is None:
            store.revoke_token(conn, token_id, now)
        return token_document(store.token_by_id(conn, token_id), user.name)


def token_user(ws: Workspace, secret: str, now: datetime) -> User:
    """The user of a live API token."""
    with ws.transaction() as conn:
        found = store.user_by_token(conn, digest(secret))
        if found is None:
            raise Unauthenticated("unknown or revoked API token")
        user, token_id, last_used = found
        if last_used is None or now - last_used >= USED_EVERY:
            store.mark_token_used(conn, token_id, now)
        return user
