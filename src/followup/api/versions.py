"""Versions over HTTP: every record is sent with its version as the ETag, and every edit
honours If-Match (or a `version` field of the body), answering 409 once it moved on.

If-Match stays optional: a script that does not care edits as before. An endpoint that
returns one record and one that changes it use the two pieces here the same way:

    @router.patch("/things/{thing_id}")
    def edit(thing_id: int, body: ThingPatch, response: Response, if_match: IfMatch) -> Any:
        version = expected_version(body.version, if_match)
        return tagged(response, things.edit(ws, thing_id, ..., version))

The service raises `Stale` (a Conflict, 409 with the one JSON error shape) when the
record is no longer at `version`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Header, Response

from followup.domain.errors import InvalidInput

MAX_VERSION = 2**31 - 1


def if_match_version(
    if_match: str | None = Header(
        None,
        max_length=40,
        description="The ETag the record was read with: the edit is refused (409) once it "
        "changed since. Optional.",
    ),
) -> int | None:
    """The version an If-Match header names ('"3"' or 'W/"3"'), or None without one."""
    if if_match is None or if_match.strip() == "*":
        return None
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit() or len(text) > 10 or not 1 <= int(text) <= MAX_VERSION:
        raise InvalidInput(f"invalid If-Match {if_match!r}: send the ETag the record came with")
    return int(text)


IfMatch = Annotated[int | None, Depends(if_match_version)]


def expected_version(in_body: int | None, in_header: int | None) -> int | None:
    """The version the client edited: the body's `version` or If-Match (both: the same)."""
    if in_body is not None and in_header is not None and in_body != in_header:
        raise InvalidInput(
            f"version {in_body} and If-Match {in_header} disagree: send the one you read"
        )
    return in_body if in_body is not None else in_header


def tagged(response: Response, document: dict[str, Any]) -> dict[str, Any]:
    """`document` (a record with its `version`), its version set as the response's ETag."""
    response.headers["ETag"] = f'"{document["version"]}"'
    return document
