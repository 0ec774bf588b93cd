"""When a person is next due: agreed rhythm, culture default, last touch, promises, snooze."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain.cadence import cadence_due, next_due_at, rhythm_for, welcome_from
from followup.domain.culture import CultureProfile
from followup.domain.localtime import add_local_days, local_date
from followup.domain.model import (
    Agreement,
    Channel,
    Commitment,
    Direction,
    Outcome,
    Person,
    Rhythm,
    Side,
    Stage,
    Status,
    Touches,
)
from followup.services.workspace import shipped_cultures
from tests.domain.builders import (
    ZONES,
    agreed,
    call,
    local,
    ours,
    person,
    theirs,
    touched,
)
from tests.domain.strategies import instants_in

PROPERTY = settings(max_examples=200, deadline=None)
BERLIN = ZoneInfo("Europe/Berlin")

PHONE_CULTURE = CultureProfile(
    key="xx",
    name="Test culture",
    countries=("XX",),
    cadence_days={Stage.LEAD: 5, Stage.PROSPECT: 10, Stage.CUSTOMER: 30, Stage.PARTNER: 45},
    min_gap_days=7,
    channel=Channel.PHONE,
)


# --- rhythm_for ---


def test_rhythm_for_takes_the_agreement_over_the_culture_default() -> None:
    agreement = Agreement(1, every_days=14, min_gap_days=7, channel=Channel.IN_PERSON)
    rhythm = rhythm_for(person(stage=Stage.CUSTOMER), agreement, PHONE_CULTURE)
    assert rhythm == Rhythm(14, 7, Channel.IN_PERSON, "agreement")
    assert rhythm.agreed


def test_rhythm_for_an_agreement_without_channel_uses_the_culture_channel() -> None:
    agreement = Agreement(1, every_days=21)
    rhythm = rhythm_for(person(stage=Stage.PROSPECT), agreement, PHONE_CULTURE)
    assert rhythm == Rhythm(21, None, Channel.PHONE, "agreement")
    # A colleague has no default rhythm, but an agreement with one still gets a channel.
    colleague = rhythm_for(person(stage=Stage.COLLEAGUE), agreement, PHONE_CULTURE)
    assert colleague == Rhythm(21, None, Channel.PHONE, "agreement")


@pytest.mark.parametrize(
    ("stage", "every", "gap"),
    [(Stage.LEAD, 5, 5), (Stage.PROSPECT, 10, 7), (Stage.CUSTOMER, 30, 7), (Stage.PARTNER, 45, 7)],
)
def test_rhythm_for_without_agreement_is_the_culture_default(
    stage: Stage, every: int, gap: int
) -> None:
    rhythm = rhythm_for(person(stage=stage), None, PHONE_CULTURE)
    assert rhythm == Rhythm(every, gap, Channel.PHONE, "culture:xx")
    assert not rhythm.agreed


def test_colleagues_get_no_default_rhythm() -> None:
    assert rhythm_for(person(stage=Stage.COLLEAGUE), None, PHONE_CULTURE) is None
    for profile in shipped_cultures().profiles.values():
        assert rhythm_for(person(stage=Stage.COLLEAGUE), None, profile) is None


def test_rhythm_for_with_a_shipped_profile() -> None:
    us = shipped_cultures().get("us")
    assert rhythm_for(person(stage=Stage.LEAD), None, us) == Rhythm(
        3, 2, Channel.EMAIL, "culture:us"
    )


# --- Touches ---


def test_touches_track_last_contact_and_last_attempt_separately() -> None:
    monday = local("Europe/Berlin", 2026, 11, 16, 10)
    tuesday = monday + timedelta(days=1)
    touches = Touches().after(call(monday, Outcome.REACHED))
    assert touches == Touches(monday, monday)
    unanswered = touches.after(call(tuesday, Outcome.NO_ANSWER))
    assert unanswered == Touches(monday, tuesday)
    reply = Touches().after(call(tuesday, Outcome.REPLIED, Direction.IN))
    assert reply == Touches(tuesday, None)
    # Order of logging does not matter.
    assert unanswered.after(call(monday - timedelta(days=3))) == unanswered


# --- cadence_due ---


def test_cadence_due_counts_from_the_last_contact_keeping_the_wall_time() -> None:
    # 10:00 CET on Fri 13 Mar 2026; 14 days later Berlin is on summer time.
    contact = local("Europe/Berlin", 2026, 3, 13, 10)
    due = cadence_due(person(), agreed(14), touched(contact, contact))
    assert due == local("Europe/Berlin", 2026, 3, 27, 10)
    due = cadence_due(person(), agreed(21), touched(contact, contact))
    assert due == local("Europe/Berlin", 2026, 4, 3, 10)
    assert due - contact == timedelta(days=21, hours=-1)


def test_cadence_due_counts_in_the_persons_time_zone() -> None:
    # 23:30 UTC on 30 Jan is already 31 Jan in Tokyo: a month-long rhythm from there.
    contact = datetime(2026, 1, 30, 23, 30, tzinfo=UTC)
    due = cadence_due(person(tz="Asia/Tokyo"), agreed(29), touched(contact))
    assert due.astimezone(ZoneInfo("Asia/Tokyo")).date().isoformat() == "2026-03-01"
    assert due == contact + timedelta(days=29)


def test_cadence_due_without_contact_counts_from_when_the_person_was_added() -> None:
    added = local("Europe/Berlin", 2026, 11, 2, 9)
    due = cadence_due(person(created_at=added), agreed(7), Touches())
    assert due == local("Europe/Berlin", 2026, 11, 9, 9)
    # An unanswered attempt is not a contact: still counted from when they were added.
    attempt = local("Europe/Berlin", 2026, 11, 3, 9)
    assert cadence_due(person(created_at=added), agreed(7), touched(None, attempt)) == due


def test_the_minimum_gap_since_an_unanswered_call_pushes_the_due_time() -> None:
    contact = local("Europe/Berlin", 2026, 11, 1, 10)
    attempt = local("Europe/Berlin", 2026, 11, 12, 16)  # a call that went unanswered
    touches = Touches().after(call(contact)).after(call(attempt, Outcome.NO_ANSWER))
    assert touches == Touches(contact, attempt)
    assert cadence_due(person(), agreed(14, 7), touches) == local("Europe/Berlin", 2026, 11, 19, 16)
    # Without a minimum gap the rhythm counts from the last contact alone.
    assert cadence_due(person(), agreed(14), touches) == local("Europe/Berlin", 2026, 11, 15, 10)
    # A gap that has already passed changes nothing.
    assert cadence_due(person(), agreed(14, 2), touches) == local("Europe/Berlin", 2026, 11, 15, 10)


def test_welcome_from_is_the_end_of_the_minimum_gap() -> None:
    attempt = local("Europe/Berlin", 2026, 11, 12, 16)
    assert welcome_from(person(), agreed(14, 7), touched(None, attempt)) == local(
        "Europe/Berlin", 2026, 11, 19, 16
    )
    assert welcome_from(person(), agreed(14), touched(None, attempt)) is None
    assert welcome_from(person(), agreed(14, 7), touched(attempt, None)) is None
    assert welcome_from(person(), None, touched(None, attempt)) is None


# --- next_due_at ---

NOV = {d: local("Europe/Berlin", 2026, 11, d, 23, 59, 59) for d in range(1, 31)}


def test_next_due_at_is_none_without_rhythm_or_open_promises() -> None:
    assert next_due_at(person(), None, Touches(), []) is None
    closed = [
        ours("send the deck", NOV[3], status=Status.DONE),
        theirs("sign", NOV[4], status=Status.DROPPED),
    ]
    assert next_due_at(person(), None, Touches(), closed) is None


def test_next_due_at_is_the_earliest_of_promises_and_rhythm() -> None:
    contact = local("Europe/Berlin", 2026, 11, 2, 10)
    rhythm = agreed(14)
    touches = touched(contact, contact)
    rhythm_due = local("Europe/Berlin", 2026, 11, 16, 10)
    assert next_due_at(person(), rhythm, touches, []) == rhythm_due
    assert next_due_at(person(), rhythm, touches, [ours("send the deck", NOV[20])]) == rhythm_due
    assert next_due_at(person(), rhythm, touches, [ours("send the deck", NOV[10])]) == NOV[10]
    assert next_due_at(person(), rhythm, touches, [theirs("the PO", NOV[9])]) == NOV[9]
    both = [ours("send the deck", NOV[12]), theirs("the PO", NOV[11])]
    assert next_due_at(person(), rhythm, touches, both) == NOV[11]


def test_next_due_at_ignores_closed_commitments() -> None:
    contact = local("Europe/Berlin", 2026, 11, 2, 10)
    commitments = [
        ours("send the deck", NOV[3], status=Status.DONE),
        theirs("the PO", NOV[4], status=Status.DROPPED),
        ours("book the visit", NOV[25]),
    ]
    assert next_due_at(person(), agreed(14), touched(contact), commitments) == local(
        "Europe/Berlin", 2026, 11, 16, 10
    )
    assert next_due_at(person(), None, touched(contact), commitments) == NOV[25]


def test_snooze_delays_rhythm_and_their_promises_but_never_ours() -> None:
    contact = local("Europe/Berlin", 2026, 11, 2, 10)
    until = local("Europe/Berlin", 2026, 11, 28)
    snoozed = person(snoozed_until=until)
    touches = touched(contact)
    assert next_due_at(snoozed, agreed(14), touches, []) == until
    assert next_due_at(snoozed, None, touches, [theirs("the PO", NOV[9])]) == until
    assert next_due_at(snoozed, agreed(14), touches, [ours("send the deck", NOV[10])]) == NOV[10]
    # A snooze that ends before the rhythm is due changes nothing.
    early = person(snoozed_until=local("Europe/Berlin", 2026, 11, 5))
    assert next_due_at(early, agreed(14), touches, []) == local("Europe/Berlin", 2026, 11, 16, 10)
    # Nothing waiting: the snooze alone makes nothing due.
    assert next_due_at(snoozed, None, touches, []) is None


# --- properties ---

ZONE_NAMES = st.sampled_from(ZONES)
State = tuple[Person, Rhythm | None, Touches, list[Commitment]]


OPTIONAL_HOURS = st.none() | st.integers(-60 * 24, 60 * 24)
GAPS = st.none() | st.integers(0, 60)
PROMISES = st.lists(
    st.tuples(st.sampled_from(Side), st.integers(-120 * 13, 120 * 13), st.sampled_from(Status)),
    max_size=5,
)


@st.composite
def follow_up_states(draw: st.DrawFn) -> State:
    """A person in a tricky zone, a rhythm, their touches and commitments."""
    name = draw(ZONE_NAMES)
    base = draw(instants_in(name))
    created = base - timedelta(days=draw(st.integers(0, 400)))
    contact = base if draw(st.booleans()) else None
    attempt_hours = draw(OPTIONAL_HOURS)
    attempt = None if attempt_hours is None else base + timedelta(hours=attempt_hours)
    rhythm = None
    if draw(st.booleans()):
        rhythm = Rhythm(draw(st.integers(1, 400)), draw(GAPS), Channel.EMAIL, "agreement")
    snooze_hours = draw(OPTIONAL_HOURS)
    snooze = None if snooze_hours is None else base + timedelta(hours=snooze_hours)
    commitments = [
        Commitment(1, side, "something", base + timedelta(hours=hours), True, status)
        for side, hours, status in draw(PROMISES)
    ]
    who = person(tz=name, created_at=created, snoozed_until=snooze)
    return who, rhythm, Touches(contact, attempt), commitments


@PROPERTY
@given(follow_up_states())
def test_next_due_at_properties(state: State) -> None:
    who, rhythm, touches, commitments = state
    due = next_due_at(who, rhythm, touches, commitments)
    open_ = [c for c in commitments if c.status is Status.OPEN]
    ours_ = [c.due_at for c in open_ if c.side is Side.US]

    # Never later than any open promise of ours (a snooze does not pause our promises).
    for promised in ours_:
        assert due is not None and due <= promised

    # With a snooze in force and no promise of ours, nothing is due before it ends.
    if who.snoozed_until is not None and not ours_ and due is not None:
        assert due >= who.snoozed_until

    # Exactly: the earliest of our promises and of (their promises and the rhythm, held
    # back by the snooze); closed commitments count for nothing.
    waiting = [c.due_at for c in open_ if c.side is Side.THEM]
    if rhythm is not None:
        waiting.append(cadence_due(who, rhythm, touches))
    candidates = list(ours_)
    if waiting:
        later = min(waiting)
        if who.snoozed_until is not None:
            later = max(later, who.snoozed_until)
        candidates.append(later)
    assert due == (min(candidates) if candidates else None)


@st.composite
def rhythms_and_touches(draw: st.DrawFn) -> tuple[str, Rhythm, Touches]:
    name = draw(ZONE_NAMES)
    contact = draw(instants_in(name))
    rhythm = Rhythm(draw(st.integers(1, 400)), draw(GAPS), Channel.EMAIL, "agreement")
    hours = draw(st.none() | st.integers(-30 * 24, 30 * 24))
    attempt = None if hours is None else contact + timedelta(hours=hours)
    return name, rhythm, Touches(contact, attempt)


@PROPERTY
@given(rhythms_and_touches())
def test_cadence_due_is_every_local_days_after_the_last_contact(
    state: tuple[str, Rhythm, Touches],
) -> None:
    name, rhythm, touches = state
    tz = ZoneInfo(name)
    who = person(tz=name)
    due = cadence_due(who, rhythm, touches)
    contact = touches.last_contact_at
    assert due >= add_local_days(contact, rhythm.every_days, tz)
    assert due > contact
    # A minimum gap of 0 days (or none) never pushes anything.
    gap_applies = bool(rhythm.min_gap_days) and touches.last_attempt_at is not None
    if not gap_applies:
        assert (local_date(due, tz) - local_date(contact, tz)).days == rhythm.every_days
        assert due == add_local_days(contact, rhythm.every_days, tz)
        # The wall-clock time is kept unless it fell into a DST gap (then it moves later).
        contact_wall = contact.astimezone(tz).time()
        due_wall = due.astimezone(tz).time()
        assert due_wall >= contact_wall
    else:
        assert rhythm.min_gap_days is not None and touches.last_attempt_at is not None
        pushed = add_local_days(touches.last_attempt_at, rhythm.min_gap_days, tz)
        assert due >= pushed
        assert due in (add_local_days(contact, rhythm.every_days, tz), pushed)
        assert (local_date(due, tz) - local_date(contact, tz)).days >= rhythm.every_days
