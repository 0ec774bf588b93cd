"""The team as admins manage it: users with their roles, versions and sign-in state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from followup.domain.contacts import normalise_email
from followup.domain.errors import Conflict
from followup.domain.localtime import zone
from followup.domain.model import Role, User
from followup.services import versions
from followup.services.access import check_password, set_password
from followup.services.directory import add_user, current_user
from followup.services.workspace import Workspace
from followup.store import access as store
from followup.store.tables import users


@dataclass
class UserChanges:
    """What an admin can change on a user; None means 'not given'."""

    role: Role | None = None
    timezone: str | None = None
    email: str | None = None  # "" removes it
    version: int | None = None  # the version edited; a newer stored one refuses the edit


SUMMARY = ("id", "name", "email", "timezone", "role")


def user_document(row: Any) -> dict[str, Any]:
    """A user as admins see them: the summary, the version, whether they can sign in."""
    summary = {key: getattr(row, key) for key in SUMMARY}
    return {**summary, "version": row.version, "can_sign_in": bool(row.can_sign_in)}


def team(ws: Workspace) -> list[dict[str, Any]]:
    with ws.transaction() as conn:
        return [user_document(row) for row in store.user_rows(conn)]


def edit_user(ws: Workspace, name: str, changes: UserChanges) -> dict[str, Any]:
    """Change a user's role, time zone or email; the last admin cannot stop being one."""
    values: dict[str, Any] = {}
    if changes.timezone is not None:
        values["timezone"] = zone(changes.timezone).key
    if changes.email is not None:
        values["email"] = normalise_email(changes.email) if changes.email else None
    if changes.role is not None:
        values["role"] = changes.role.value
    with ws.transaction() as conn:
        user = current_user(conn, name, None)
        demoted = user.role is Role.ADMIN and changes.role not in (None, Role.ADMIN)
        if demoted and store.count_admins(conn) == 1:
            raise Conflict(f"{user.name} is the only admin: make another user admin first")
        where = users.c.id == user.id
        versions.claim(conn, users, where, changes.version, f"user {user.name}", **values)
        return next(user_document(r) for r in store.user_rows(conn) if r.id == user.id)


def add_member(
    ws: Workspace,
    name: str,
    timezone: str,
    now: datetime,
    email: str | None = None,
    role: Role = Role.MEMBER,
    password: str | None = None,
) -> dict[str, Any]:
    """A new user, able to sign in at once when a password is given (all or nothing)."""
    if password is not None:
        check_password(password)
    user = add_user(ws, name, timezone, now, email, role)
    if password is not None:
        set_password(ws, user.name, password)
    return next(d for d in team(ws) if d["id"] == user.id)


def user_summary(user: User) -> dict[str, Any]:
    """A user as `user list --json` shows them."""
    return {key: getattr(user, key) for key in SUMMARY} | {"role": user.role.value}
