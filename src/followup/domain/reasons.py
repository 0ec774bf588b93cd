"""The sentences of the agenda: why an item is there, what to do, what to watch out for."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from followup.domain.durations import format_days
from followup.domain.localtime import format_day, format_moment, local_date, utc, zone
from followup.domain.model import Channel, Commitment, Dossier, FollowUpPoint, Side, User

# First words that make `what` an imperative ("send the deck"), read as "promised to send...".
VERBS = frozenset(
    "send call email mail share prepare confirm check review deliver book arrange introduce "
    "visit schedule update draft provide write ring get set follow sign approve return pay "
    "order ask find organise organize meet demo present invite submit quote finalise finalize "
    "connect forward test install ship fix decide discuss clarify talk reply respond give "
    "make run loop come bring pass brief agree start finish complete raise issue release "
    "deploy upload enable extend renew reserve hold translate compile collect gather invoice "
    "transfer wire countersign revert circulate align propose negotiate evaluate assess "
    "trial pilot purchase buy verify validate look think consider speak chat phone text "
    "host plan organise do put take move notify inform tell let remind chase escalate "
    "nominate recommend outline summarise summarize walk show explain sort settle secure "
    "obtain request apply register file publish print source supply open close cancel "
    "lodge submit sketch estimate calculate measure inspect audit train onboard configure "
    "migrate integrate arrange sponsor approve endorse accept try".split()
)
CHANNEL_WORDS = {
    Channel.EMAIL: "by email",
    Channel.PHONE: "by phone",
    Channel.IN_PERSON: "in person",
    Channel.MESSAGE: "by message",
}
LIVE_CHANNELS = frozenset({Channel.PHONE, Channel.MESSAGE, Channel.IN_PERSON})


def promise_phrase(what: str) -> str:
    """'to send the deck' for an imperative, the noun phrase itself otherwise."""
    first = what.split(maxsplit=1)[0].lower() if what.split() else ""
    return f"to {what}" if first in VERBS else what


def lateness(days: int) -> str:
    """'due today', '1 day overdue', '3 days overdue'."""
    if days <= 0:
        return "due today"
    return "1 day overdue" if days == 1 else f"{days} days overdue"


def every(days: int) -> str:
    """'every day', 'every week', 'every 2 weeks', 'every 10 days'."""
    if days == 1:
        return "every day"
    if days == 7:
        return "every week"
    return f"every {format_days(days)}"


def in_days(days: int) -> str:
    """'1 day', '14 days'."""
    return "1 day" if days == 1 else f"{days} days"


def ago(days: int) -> str:
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def _deadline(commitment: Commitment, person_tz: ZoneInfo, user_tz: ZoneInfo, today: date) -> str:
    if commitment.all_day:
        return format_day(commitment.due_at, person_tz, today)
    text = format_moment(commitment.due_at, person_tz, today)
    if person_tz.key != user_tz.key:
        text += f" their time ({format_moment(commitment.due_at, user_tz, today)} yours)"
    return text


def _their_day(at: datetime, person_tz: ZoneInfo, today: date) -> str:
    """' (already Tue 24 Nov in Asia/Kolkata)' when their calendar is not on the user's day.

    Lateness is counted on the person's calendar; saying so avoids "1 day overdue" under a
    heading that still reads today's date.
    """
    theirs = local_date(at, person_tz)
    if theirs == today:
        return ""
    word = "already" if theirs > today else "still"
    return f" ({word} {format_day(at, person_tz, today)} in {person_tz.key})"


def _days_late(due: datetime, at: datetime, person_tz: ZoneInfo) -> int:
    """Calendar days from the due day to the day of `at`, both where the person is."""
    return (local_date(at, person_tz) - local_date(due, person_tz)).days


def our_promise(
    dossier: Dossier,
    commitment: Commitment,
    user: User,
    at: datetime,
    today: date,
    user_tz: ZoneInfo,
) -> str:
    """'You promised to send a revised proposal by Fri 20 Nov — 3 days overdue.'"""
    tz = zone(dossier.person.timezone)
    who = commitment.owed_by
    subject = "You" if who is None or who.casefold() == user.name.casefold() else who
    when = _deadline(commitment, tz, user_tz, today)
    late = lateness(_days_late(commitment.due_at, at, tz)) + _their_day(at, tz, today)
    if commitment.point is FollowUpPoint.FIRST_MEETING:
        met = f"met at {dossier.person.source} — " if dossier.person.source else ""
        return f"New contact: {met}{commitment.what} by {when} — {late}."
    return f"{subject} promised {promise_phrase(commitment.what)} by {when} — {late}."


def their_promise(
    dossier: Dossier, commitment: Commitment, at: datetime, today: date, user_tz: ZoneInfo
) -> str:
    """'Hans Braun promised to send the parts list by Wed 18 Nov — 5 days past due.'"""
    tz = zone(dossier.person.timezone)
    who = commitment.owed_by or dossier.person.name
    when = _deadline(commitment, tz, user_tz, today)
    days = max(1, _days_late(commitment.due_at, at, tz))
    late = ("1 day past due" if days == 1 else f"{days} days past due") + _their_day(at, tz, today)
    return f"{who} promised {promise_phrase(commitment.what)} by {when} — {late}."


def rhythm_due(
    dossier: Dossier, due: datetime, at: datetime, today: date, user_tz: ZoneInfo
) -> str:
    """Why the rhythm asks for contact now, and how late it is."""
    rhythm = dossier.rhythm
    assert rhythm is not None
    rhythm_text = every(rhythm.every_days)
    if rhythm.agreed:
        opening = f"Agreed to be in touch {rhythm_text}"
    else:
        stage = dossier.person.stage.value
        profile = rhythm.source.removeprefix("culture:")
        # "the default for a lead", "the de default for a lead" (never "default default")
        default = "default" if profile == "default" else f"{profile} default"
        opening = f"No rhythm agreed yet; the {default} for a {stage} is {rhythm_text}"
    last = dossier.touches.last_contact_at
    if last is None:
        added = dossier.person.created_at
        history = f"not contacted since added on {format_day(added, user_tz, today)}"
    else:
        days = (today - local_date(last, user_tz)).days
        history = f"last contact {format_day(last, user_tz, today)}, {ago(days)}"
    late = lateness(_days_late(due, at, zone(dossier.person.timezone)))
    return f"{opening}; {history} — {late}."


def deliver(dossier: Dossier, late: bool, snoozed: bool = False) -> str:
    name = dossier.person.name
    if snoozed:
        return f"Send it anyway, so it is waiting for {name} when they are back."
    if late:
        return f"Deliver it now, or tell {name} today when it will come."
    return "Deliver it today as promised."


def propose_meeting(dossier: Dossier) -> str:
    """What to do about a card triaged 'meet': ask for the meeting while memories are fresh."""
    how = CHANNEL_WORDS[dossier.rhythm.channel if dossier.rhythm else Channel.EMAIL]
    return (
        f"Write to {dossier.person.name} {how} while they still remember you: "
        "recall where you met and propose two or three times to meet."
    )


def check_in_on(dossier: Dossier, commitment: Commitment, wait_until: str | None = None) -> str:
    """The natural reason their lapsed promise gives for a contact (after the gap, if any)."""
    ask = (
        f"ask {dossier.person.name} where things stand on their promise "
        f"{promise_phrase(commitment.what)}, and whether you can help."
    )
    if wait_until:
        return f"{hold_off(dossier, wait_until)}; then {ask}"
    return f"A natural reason to check in: {ask}"


def hold_off(dossier: Dossier, until: str) -> str:
    """'Hold off until Fri 27 Nov as agreed' (or 'as the de default gap asks')."""
    rhythm = dossier.rhythm
    if rhythm is None or rhythm.agreed:
        return f"Hold off until {until} as agreed"
    return (
        f"Hold off until {until}, as the {rhythm.source.removeprefix('culture:')} default gap asks"
    )


def natural_point(dossier: Dossier, earlier: Sequence[Commitment], news: str | None = None) -> str:
    """A reason for the contact that makes it expected rather than annoying (`news`, such
    as an internal update to pass on, is the best one)."""
    rhythm = dossier.rhythm
    how = CHANNEL_WORDS[rhythm.channel if rhythm else Channel.EMAIL]
    lead = f"Check in {how}" + (" as agreed" if rhythm and rhythm.agreed else "")
    if news:
        point = news
    elif earlier:
        point = f"the same contact can settle “{earlier[0].what}”"
    else:
        point = _point_from_history(dossier)
    text = f"{lead}: {point}."
    if rhythm is not None and not rhythm.agreed:
        text += " Agree a rhythm with them while you are at it."
    return text


def _point_from_history(dossier: Dossier) -> str:
    upcoming = sorted(dossier.open_commitments, key=lambda c: c.due_at)
    for commitment in upcoming:
        if commitment.side is Side.THEM:
            return f"ask how “{commitment.what}” is coming along"
        return f"give an update on “{commitment.what}”"
    if dossier.last_notes:
        notes = " ".join(dossier.last_notes.split())
        notes = notes if len(notes) <= 80 else notes[:77] + "..."
        return f"pick up from last time (“{notes}”)"
    return "share a status update or a relevant article, or ask where they are in their process"


def too_soon(
    dossier: Dossier, welcome: datetime, at: datetime, user_tz: ZoneInfo, today: date
) -> str:
    """'too soon: agreed at most every 14 days, last contact 5 days ago — ...'.

    The gap is counted in days ('every 7 days', never 'every 1 week').
    """
    rhythm = dossier.rhythm
    assert rhythm is not None and rhythm.min_gap_days and dossier.touches.last_attempt_at
    days = (today - local_date(dossier.touches.last_attempt_at, user_tz)).days
    rule = "agreed" if rhythm.agreed else f"the {rhythm.source.removeprefix('culture:')} default is"
    return (
        f"too soon: {rule} at most every {in_days(rhythm.min_gap_days)}, "
        f"last contact {ago(days)} — next contact welcome from "
        f"{format_day(welcome, zone(dossier.person.timezone), today)}"
    )


def snoozed_warning(dossier: Dossier, user_tz: ZoneInfo, today: date) -> str:
    until = dossier.person.snoozed_until
    assert until is not None
    return (
        f"{dossier.person.name} is snoozed until {format_day(until, user_tz, today)}; "
        "your promise still stands"
    )


def distance_warnings(
    dossier: Dossier, at: datetime, user_tz: ZoneInfo, channel: Channel
) -> list[str]:
    """For live channels, when the person's working day falls at another time of yours."""
    tz = zone(dossier.person.timezone)
    moment = utc(at)
    theirs, yours = moment.astimezone(tz).utcoffset(), moment.astimezone(user_tz).utcoffset()
    assert theirs is not None and yours is not None
    hours = (theirs - yours).total_seconds() / 3600
    if channel not in LIVE_CHANNELS or abs(hours) < 3:
        return []
    direction = "ahead of" if hours > 0 else "behind"
    start = (9 - hours) % 24
    end = (18 - hours) % 24
    return [
        f"{dossier.person.name} is in {tz.key}, {_hours(abs(hours))} {direction} you: "
        f"their 09:00–18:00 is {_clock(start)}–{_clock(end)} your time"
    ]


def _hours(value: float) -> str:
    return f"{value:g} h"


def _clock(hours: float) -> str:
    whole = int(hours)
    return f"{whole:02d}:{round((hours - whole) * 60):02d}"
