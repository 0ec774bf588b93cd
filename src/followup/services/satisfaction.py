"""Satisfaction: recording feedback, keeping each account's next check-in, and the report."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from followup.domain.culture import FeedbackChannel
from followup.domain.errors import InvalidInput
from followup.domain.localtime import parse_moment, zone
from followup.domain.names import within
from followup.domain.satisfaction import trend, valid_score
from followup.services import views
from followup.services.checkins import refresh_checkin
from followup.services.directory import current_user, find_account
from followup.services.people import resolve_person
from followup.services.workspace import Workspace
from followup.store import people as people_store
from followup.store import service as store
from followup.store.tables import accounts, users


def record_feedback(
    ws: Workspace,
    account_ref: str,
    score: int,
    now: datetime,
    login: str | None,
    comment: str | None = None,
    person: str | None = None,
    at: str | None = None,
    channel: FeedbackChannel | None = None,
) -> dict[str, Any]:
    """Keep a satisfaction score (1-10) for an account; its next check-in moves on."""
    valid_score(score)
    within(comment, 10_000, "comment")
    with ws.transaction() as conn:
        user = current_user(conn, None, login)
        account = find_account(conn, account_ref)
        moment = parse_moment(at, zone(user.timezone))[0] if at else now
        if moment > now:
            raise InvalidInput(f"feedback at {at} is in the future")
        person_id = _person_at(conn, person, account.id, account.name) if person else None
        profile = ws.cultures.resolve(account.culture, account.country)
        feedback_id = store.insert_feedback(
            conn,
            {
                "account_id": account.id,
                "person_id": person_id,
                "user_id": user.id,
                "score": score,
                "comment": comment or None,
                "channel": (channel or profile.feedback_channel).value,
                "at": moment,
                "created_at": now,
            },
        )
        due = refresh_checkin(ws, conn, account.id)
    return {
        "id": feedback_id,
        "account": account.name,
        "score": score,
        "comment": comment or None,
        "at": views.iso(moment),
        "next_checkin": views.iso(due),
    }


def account_feedback(ws: Workspace, account_ref: str) -> dict[str, Any]:
    """An account's feedback, newest first, and its next check-in."""
    with ws.transaction() as conn:
        account = find_account(conn, account_ref)
        rows = store.feedback_rows(conn, account_id=account.id)
        due = store.account_row(conn, account.id)
    return {
        "account": {"id": account.id, "name": account.name},
        "next_checkin": views.iso(due.checkin_due_at if due else None),
        "feedback": [_feedback_document(row) for row in reversed(rows)],
    }


def _feedback_document(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "score": row.score,
        "comment": row.comment,
        "channel": row.channel,
        "person": {"id": row.person_id, "name": row.person_name} if row.person_id else None,
        "at": views.iso(row.at),
    }


def _person_at(conn: Connection, ref: str, account_id: int, account_name: str) -> int:
    person_id = resolve_person(conn, ref)
    person = people_store.load_person(conn, person_id)
    assert person is not None
    if person.account_id != account_id:
        raise InvalidInput(f"{person.name} is not at {account_name}")
    return person_id


def report(ws: Workspace, since: str | None, login: str | None) -> dict[str, Any]:
    """Scores per account over time, with the trend, and the same per culture."""
    with ws.transaction() as conn:
        user = current_user(conn, None, login)
        moment = parse_moment(since, zone(user.timezone))[0] if since else None
        rows = store.feedback_rows(conn, moment)
        everyone = conn.execute(
            select(accounts, users.c.name.label("owner"))
            .outerjoin(users, users.c.id == accounts.c.owner_id)
            .order_by(accounts.c.name)
        ).all()
    scores: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        scores[row.account_id].append(row)
    per_account = [_account(ws, account, scores.get(account.id, [])) for account in everyone]
    return {"since": views.iso(moment), "accounts": per_account, "cultures": _cultures(per_account)}


def _account(ws: Workspace, account: Any, rows: list[Any]) -> dict[str, Any]:
    values = [r.score for r in rows]
    return {
        "account": account.name,
        "culture": ws.cultures.resolve(account.culture, account.country).key,
        "tier": account.tier,
        "owner": account.owner,
        "responses": len(rows),
        "scores": [
            {"at": views.iso(r.at), "score": r.score, "comment": r.comment, "person": r.person_name}
            for r in rows
        ],
        "latest": values[-1] if values else None,
        "previous": values[-2] if len(values) > 1 else None,
        "average": round(sum(values) / len(values), 1) if values else None,
        "trend": trend(values) if values else "none",
        "next_checkin": views.iso(account.checkin_due_at),
    }


def _cultures(per_account: list[dict[str, Any]]) -> list[dict[str, Any]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in per_account:
        grouped[entry["culture"]].append(entry)
    result = []
    for culture, entries in sorted(grouped.items()):
        rated = [e for e in entries if e["latest"] is not None]
        latest = [e["latest"] for e in rated]
        before = [e["previous"] for e in rated if e["previous"] is not None]
        result.append(
            {
                "culture": culture,
                "accounts": len(entries),
                "rated": len(rated),
                "responses": sum(e["responses"] for e in entries),
                "average_latest": round(sum(latest) / len(latest), 1) if latest else None,
                "average_previous": round(sum(before) / len(before), 1) if before else None,
                "up": sum(e["trend"] == "up" for e in rated),
                "down": sum(e["trend"] == "down" for e in rated),
                "flat": sum(e["trend"] == "flat" for e in rated),
            }
        )
    return result
