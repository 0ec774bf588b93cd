"""Going dark: attempts without a reply, or silence longer than the rhythm allows.

Both limits are the person's culture's (editable). A dark contact is not chased harder:
the `going_dark` item takes the place of the rhythm's and suggests the next natural
follow-up point not yet used since they fell silent, and other ways in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from followup.domain.cadence import welcome_from
from followup.domain.culture import CultureProfile
from followup.domain.durations import format_days
from followup.domain.items import AgendaItem, Day, make_item
from followup.domain.localtime import add_local_days, format_day, local_date, zone
from followup.domain.model import Dossier, FollowUpPoint, Person, Rhythm, Stage, Touches
from followup.domain.reasons import CHANNEL_WORDS, ago
from followup.domain.relationship import Relationship, Replies


@dataclass(frozen=True)
class Dark:
    """Why and since when a person counts as gone dark, and when to try again."""

    since: datetime
    by_attempts: bool
    due: datetime


def silence_limit_days(person: Person, rhythm: Rhythm, profile: CultureProfile) -> int:
    """Days of silence the culture allows: some rhythms' worth, or (for a prospect) at
    least the usual deliberation, during which silence is not yet a no."""
    days = math.ceil(rhythm.every_days * profile.dark_after_rhythms)
    if person.stage is Stage.PROSPECT and profile.deliberation_days:
        days = max(days, profile.deliberation_days)
    return days


def assess(
    person: Person,
    rhythm: Rhythm | None,
    touches: Touches,
    replies: Replies,
    profile: CultureProfile,
) -> Dark | None:
    """When `person` went (or will go) dark, or None while nothing is unanswered."""
    if rhythm is None or replies.unanswered == 0:
        return None
    tz = zone(person.timezone)
    base = replies.last_reply_at or replies.silent_since
    assert base is not None
    since = add_local_days(base, silence_limit_days(person, rhythm, profile), tz)
    by_attempts = False
    last = touches.last_attempt_at
    if replies.unanswered >= profile.dark_after_attempts and last is not None and last < since:
        since, by_attempts = last, True
    # Never sooner than the agreed gap allows, and never the same day as an attempt.
    welcome = welcome_from(person, rhythm, touches)
    floor = welcome or (add_local_days(last, 1, tz) if last else since)
    return Dark(since, by_attempts, max(since, floor))


def dark_of(dossier: Dossier) -> Dark | None:
    relationship = dossier.relationship
    if relationship is None:
        return None
    return assess(
        dossier.person, dossier.rhythm, dossier.touches, relationship.replies, relationship.profile
    )


def rhythm_due(cadence: datetime, dark: Dark | None) -> datetime:
    """When the rhythm part of a person next needs attention: the cadence until they go
    dark, then the going-dark follow-up."""
    if dark is None or cadence < dark.since:
        return cadence
    return dark.due


def item(dossier: Dossier, dark: Dark, day: Day) -> AgendaItem:
    relationship = dossier.relationship
    assert relationship is not None and dossier.rhythm is not None
    point, text = next_point(dossier, relationship)
    suggestion = f"Try a new natural reason, {CHANNEL_WORDS[dossier.rhythm.channel]}: {text}."
    ways_in = other_ways_in(relationship, day)
    if ways_in:
        suggestion += f" {ways_in}"
    extra = {
        "point": point.value if point else None,
        "entry_points": [
            {"id": e.person_id, "name": e.name, "role": e.role.value if e.role else None}
            for e in relationship.entry_points
        ],
        "content_id": relationship.content[0].id if point is FollowUpPoint.ARTICLE else None,
    }
    texts = (why(dossier, dark, day), suggestion)
    return make_item("going_dark", dossier, dark.due, day, texts, [], extra=extra)


def why(dossier: Dossier, dark: Dark, day: Day) -> str:
    relationship = dossier.relationship
    assert relationship is not None and dossier.rhythm is not None
    replies, profile = relationship.replies, relationship.profile
    tz = day.tz
    if dark.by_attempts:
        start = replies.silent_since
        assert start is not None
        since = format_day(start, tz, day.today)
        return (
            f"{replies.unanswered} attempts without a reply since {since}; the {profile.key} "
            f"profile counts a contact as gone dark after {profile.dark_after_attempts}."
        )
    base = replies.last_reply_at
    limit = silence_limit_days(dossier.person, dossier.rhythm, profile)
    if base is None:
        assert replies.silent_since is not None
        first = format_day(replies.silent_since, tz, day.today)
        opening = f"No reply since your first attempt on {first}"
    else:
        days = (day.today - local_date(base, tz)).days
        opening = f"No reply since {format_day(base, tz, day.today)} ({ago(days)})"
    allowed = f"the {profile.key} profile allows {format_days(limit)} of silence"
    if dossier.person.stage is Stage.PROSPECT and profile.deliberation_days == limit:
        allowed += " (its usual deliberation)"
    else:
        allowed += f" ({profile.dark_after_rhythms:g} rhythms)"
    return f"{opening}; {allowed} before calling a contact dark."


def next_point(dossier: Dossier, relationship: Relationship) -> tuple[FollowUpPoint | None, str]:
    """The first natural follow-up point, in the culture's order, not yet used since they
    fell silent and possible with what is known (content to send, a mutual contact...)."""
    for point in relationship.profile.follow_up_points:
        if point in relationship.used_points:
            continue
        text = _point_text(point, dossier, relationship)
        if text:
            return point, text
    return None, (
        "every natural follow-up point has been tried since they fell silent; let more time "
        "pass before the next one"
    )


def _point_text(point: FollowUpPoint, dossier: Dossier, rel: Relationship) -> str | None:
    name = dossier.person.name
    if point is FollowUpPoint.STATUS_UPDATE:
        if rel.pending_updates:
            update = rel.pending_updates[0]
            return f"send a status update: {update.colleague} reports “{_short(update.notes)}”"
        ours = [c for c in dossier.open_commitments if c.side.value == "us"]
        return f"send a status update on “{ours[0].what}”" if ours else None
    if point is FollowUpPoint.ARTICLE:
        if not rel.content:
            return None
        piece = rel.content[0]
        where = f" ({piece.url})" if piece.url else ""
        topics = ", ".join(t for t in piece.topics if t in rel.interests) or "their interests"
        return f"send the {piece.kind.replace('_', ' ')} “{piece.title}”{where}, on {topics}"
    if point is FollowUpPoint.CLARIFICATION:
        if dossier.last_notes:
            return f"ask one clarifying question about last time (“{_short(dossier.last_notes)}”)"
        return f"ask {name} one short clarifying question about where they stand"
    if point is FollowUpPoint.INTRODUCTION:
        if not rel.introducers:
            return None
        return f"ask {_introducer(rel)} to re-introduce you to {name}"
    if point is FollowUpPoint.VISIT:
        return (
            f"visit when you are near {name} anyway ('followup visit CITY' lists who else is there)"
        )
    if point is FollowUpPoint.CHECK_IN:
        return f"let time pass, then check in lightly: no pressure, just ask how {name} is doing"
    return None


def _introducer(rel: Relationship) -> str:
    who = rel.introducers[0]
    if who.link.value == "introduced_by" and who.outgoing:
        how = "who introduced you"
    elif who.link.value == "reports_to":
        how = "their manager" if who.outgoing else "who reports to them"
    else:
        how = "who knows them"
    at = f" at {who.account}" if who.account else ""
    return f"{who.name}{at} ({how})"


def other_ways_in(rel: Relationship, day: Day) -> str:
    if not rel.entry_points:
        return ""
    names = []
    for entry in rel.entry_points:
        facts = [entry.role.value.replace("_", " ")] if entry.role else []
        facts += [entry.title] if entry.title else []
        last = entry.last_contact_at
        facts.append(
            f"last contact {format_day(last, day.tz, day.today)}" if last else "not contacted yet"
        )
        names.append(f"{entry.name} ({', '.join(facts)})")
    return "Other ways in at the same account: " + "; ".join(names) + "."


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
