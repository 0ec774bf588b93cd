"""Who may do what, and when sign-in pauses after failures. Pure rules: `now` is passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum

from followup.domain.errors import Forbidden
from followup.domain.model import Role, User


class Need(IntEnum):
    """What a request needs of the user's role, weakest first."""

    READ = 1  # every role: the whole workspace is visible to the team
    WRITE = 2  # members and admins: log, promise, edit
    ADMIN = 3  # admins: users and their roles, culture profiles, service tiers


GRANTS = {Role.VIEWER: Need.READ, Role.MEMBER: Need.WRITE, Role.ADMIN: Need.ADMIN}
REFUSALS = {
    Need.WRITE: "a viewer can read but not change anything; ask an admin for the member role",
    Need.ADMIN: (
        "only an admin can manage users and roles, culture profiles and service tiers, "
        "or erase a person's data"
    ),
}


def allows(role: Role, need: Need) -> bool:
    return GRANTS[role] >= need


def authorize(user: User, need: Need) -> None:
    """Refuse, with the reason, what `user`'s role does not allow."""
    if not allows(user.role, need):
        raise Forbidden(f"{user.name} is a {user.role.value}: {REFUSALS[need]}")


@dataclass(frozen=True)
class Throttle:
    """At most `limit` failures within `window`; then sign-in is refused for `pause`."""

    limit: int = 5
    window: timedelta = timedelta(minutes=15)
    pause: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class Failures:
    """Failed sign-ins counted for one key (a user name or a client address)."""

    count: int
    window_started_at: datetime
    blocked_until: datetime | None = None

    def blocked_at(self, now: datetime) -> datetime | None:
        """Until when sign-in is refused at `now`, or None if it is open."""
        if self.blocked_until is not None and self.blocked_until > now:
            return self.blocked_until
        return None

    def after_failure(self, now: datetime, throttle: Throttle) -> Failures:
        """The count once another failure happens at `now`: a lapsed window or an ended
        pause starts the count over; reaching the limit pauses sign-in."""
        if now - self.window_started_at >= throttle.window or self.blocked_until is not None:
            return first_failure(now, throttle)
        return _counted(self.count + 1, self.window_started_at, now, throttle)


def first_failure(now: datetime, throttle: Throttle) -> Failures:
    return _counted(1, now, now, throttle)


def _counted(count: int, started: datetime, now: datetime, throttle: Throttle) -> Failures:
    return Failures(count, started, now + throttle.pause if count >= throttle.limit else None)
