"""One error vocabulary for every layer; each adapter renders it in one place."""

from __future__ import annotations


class FollowupError(Exception):
    """Base of every error a user can cause or meet; `code` names its kind."""

    code = "error"
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(FollowupError):
    """A value the user gave cannot be understood or breaks a rule."""

    code = "invalid"


class NotFound(FollowupError):
    """A reference (person, user, account, commitment) matches nothing."""

    code = "not_found"


class Ambiguous(FollowupError):
    """A reference matches more than one record; the message lists them."""

    code = "ambiguous"


class Conflict(FollowupError):
    """The change clashes with what is stored (duplicate name, wrong state)."""

    code = "conflict"


class Stale(Conflict):
    """An edit of a copy of a record (its version) that someone else has changed since."""

    def __init__(self, record: str, version: int) -> None:
        super().__init__(
            f"{record} was changed by someone else since version {version}: "
            "reload and make your change again"
        )


class Unauthenticated(FollowupError):
    """Nobody is signed in, or the credentials (password, session, token) are not valid."""

    code = "unauthenticated"


class Forbidden(FollowupError):
    """The signed-in user's role does not allow this (a viewer's write, a member's admin task)."""

    code = "forbidden"


class TooManyAttempts(FollowupError):
    """Sign-in is paused after repeated failures; the message says until when."""

    code = "too_many_attempts"


class DatabaseUnavailable(FollowupError):
    """The database URL does not lead to a usable database."""

    code = "db_unavailable"


class SchemaMismatch(FollowupError):
    """The database's schema is not the one this version of followup needs."""

    code = "schema"
