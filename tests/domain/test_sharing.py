"""Share links: states, and refusals that tell unknown and revoked apart from nobody."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest

from followup.domain.errors import NotFound
from followup.domain.sharing import (
    LinkExpired,
    LinkState,
    ShareLink,
    check_link,
    token_hash,
    well_formed,
)

NOW = datetime(2026, 11, 23, 7, tzinfo=UTC)


def link(**changes: object) -> ShareLink:
    values: dict[str, object] = {
        "id": 1, "deal_id": 1, "token_hash": token_hash("t" * 43), "created_at": NOW,
        "expires_at": NOW + timedelta(days=30),
    }  # fmt: skip
    values.update(changes)
    return ShareLink(**values)  # type: ignore[arg-type]


def test_tokens_are_long_urlsafe_and_stored_hashed() -> None:
    token = secrets.token_urlsafe(32)
    assert well_formed(token) and len(token) == 43
    assert not well_formed(token + "x") and not well_formed("../" + token[3:])
    assert token_hash(token) != token and len(token_hash(token)) == 64


def test_a_link_is_active_then_expired_and_revoked_wins() -> None:
    assert link().state(NOW) is LinkState.ACTIVE
    assert link().state(NOW + timedelta(days=30)) is LinkState.EXPIRED
    assert link(revoked_at=NOW).state(NOW + timedelta(days=40)) is LinkState.REVOKED
    presented = token_hash("t" * 43)
    assert check_link(link(), presented, NOW).id == 1
    with pytest.raises(LinkExpired, match="expired"):
        check_link(link(), presented, NOW + timedelta(days=31))
    for refused in (None, link(revoked_at=NOW)):
        with pytest.raises(NotFound, match=r"^this link is not valid$"):
            check_link(refused, presented, NOW + timedelta(days=1))
    with pytest.raises(NotFound):
        check_link(link(), token_hash("u" * 43), NOW)  # a row that is not the token's
