"""A day explained phase by phase reads, at every moment of the day, exactly as the agenda
explained at that moment: the claim that lets a prepared agenda hold all day."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain.agenda import agenda_for
from followup.domain.agenda_phases import day_phases, items_at
from followup.domain.items import AgendaItem, Day
from followup.domain.model import Channel, Stage, User
from followup.domain.satisfaction import AccountCheck
from followup.domain.service_levels import ServiceRequest, restated, wording
from tests.domain.builders import (
    BERLIN,
    LOS_ANGELES,
    TOKYO,
    ZONES,
    agreed,
    dossier,
    local,
    ours,
    person,
    theirs,
    touched,
    user,
)
from tests.domain.intel_builders import in_culture
from tests.domain.strategies import instants_in

HOUR = timedelta(hours=1)
CULTURES = ("us", "de", "jp", "gulf", "in", "default")


@st.composite
def subject(draw: st.DrawFn, at: datetime, number: int) -> object:
    """A person, a check-in or a request around `at`, in any zone, with a minimum gap
    that ends within hours, live channels (working-hour warnings) and promises due
    around the day's edges."""
    hours = st.integers(-80, 30).map(lambda h: at + h * HOUR + timedelta(seconds=number))
    who = person(f"P{number}", id=number, tz=draw(st.sampled_from(ZONES)), stage=Stage.CUSTOMER)
    channel = draw(st.sampled_from([Channel.PHONE, Channel.EMAIL, Channel.IN_PERSON]))
    one = dossier(
        who,
        agreed(draw(st.integers(1, 5)), draw(st.sampled_from([None, 1, 2])), channel),
        touched(draw(hours), draw(hours)),
        [ours("send the offer", draw(hours), id=2 * number), theirs("sign", draw(hours))],
        account=f"Account {number}",
    )
    one = in_culture(one, draw(st.sampled_from(CULTURES)), agreed=True)
    kind = draw(st.sampled_from(["person", "person", "check", "request"]))
    if kind == "check":
        return AccountCheck(number, f"Account {number}", draw(hours), 90, "the us profile", one)
    if kind == "request":
        received = draw(hours)
        due = received + timedelta(minutes=draw(st.integers(30, 3000)))
        return ServiceRequest(number, number, "Acme", "broken", received, due, 240, None, one)
    return one


@st.composite
def scenario(draw: st.DrawFn) -> tuple[User, datetime, list[object]]:
    zone = draw(st.sampled_from(ZONES))
    at = draw(instants_in(zone))
    count = draw(st.integers(1, 6))
    return user(zone), at, [draw(subject(at, n)) for n in range(1, count + 1)]


def as_read(anna: User, day: Day, subjects: list[object], moment: datetime) -> list[AgendaItem]:
    words = {s.id: wording(s, day) for s in subjects if isinstance(s, ServiceRequest)}

    def restate(item: AgendaItem) -> AgendaItem:
        if item.kind != "service_request":
            return item
        return restated(item, words[item.extra["request_id"]], moment)

    return items_at(day_phases(anna, day, subjects), moment, restate)


@settings(max_examples=150, deadline=None)
@given(scenario(), st.lists(st.floats(0, 1), min_size=1, max_size=4))
def test_the_phased_day_reads_as_the_agenda_at_every_moment(
    found: tuple[User, datetime, list[object]], fractions: list[float]
) -> None:
    anna, at, subjects = found
    day = Day.of(anna, at)
    length = day.end - day.start
    moments = [at, day.start]
    last = day.end - timedelta(microseconds=1)
    moments += [last, *(min(day.start + length * f, last) for f in fractions)]
    for moment in moments:
        assert as_read(anna, day, subjects, moment) == agenda_for(anna, moment, subjects)


def test_a_contact_in_los_angeles_turns_a_day_later_at_their_midnight() -> None:
    """09:00 in Berlin is midnight in Los Angeles: the promise's overdue days turn then."""
    anna = user(BERLIN)
    late = ours("send the offer", local(LOS_ANGELES, 2026, 11, 20, 17), id=1)
    one = dossier(person("Dana", tz=LOS_ANGELES), commitments=[late])
    day = Day.of(anna, local(BERLIN, 2026, 11, 23, 8))
    [[first, second]] = day_phases(anna, day, [one])
    assert (first.since, second.since) == (day.start, local(BERLIN, 2026, 11, 23, 9))
    assert [i.overdue_days for i in first.items + second.items] == [2, 3]


def test_too_soon_lifts_when_the_minimum_gap_ends() -> None:
    anna = user(TOKYO)
    tried = local(TOKYO, 2026, 11, 21, 14, 30)
    lapsed = theirs("confirm the budget", local(TOKYO, 2026, 11, 20, 12))
    one = dossier(person("Ken", tz=TOKYO), agreed(30, 2), touched(tried, tried), [lapsed])
    day = Day.of(anna, local(TOKYO, 2026, 11, 23, 9))
    [[before, after]] = day_phases(anna, day, [one])
    assert after.since == local(TOKYO, 2026, 11, 23, 14, 30)
    assert any("too soon" in w for w in before.items[0].warnings)
    assert not any("too soon" in w for w in after.items[0].warnings)


def test_a_person_in_the_users_zone_has_one_phase() -> None:
    anna = user(BERLIN)
    late = ours("send the offer", local(BERLIN, 2026, 11, 20, 17), id=1)
    day = Day.of(anna, local(BERLIN, 2026, 11, 23, 8))
    assert len(day_phases(anna, day, [dossier(person(tz=BERLIN), commitments=[late])])[0]) == 1


def test_unlisted_subjects_have_one_empty_phase() -> None:
    anna = user(BERLIN)
    later = ours("send the offer", local(BERLIN, 2026, 12, 20, 17), id=1)
    day = Day.of(anna, local(BERLIN, 2026, 11, 23, 8))
    [[only]] = day_phases(anna, day, [dossier(person(tz=TOKYO), commitments=[later])])
    assert only.items == ()
