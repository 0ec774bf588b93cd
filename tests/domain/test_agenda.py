"""The agenda on hand-built scenarios: exactly the expected items, reasons and warnings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain.agenda import KIND_ORDER, AgendaItem, Day, agenda_for
from followup.domain.cadence import next_due_at
from followup.domain.localtime import local_date
from followup.domain.model import (
    Channel,
    Commitment,
    Dossier,
    Outcome,
    Rhythm,
    Side,
    Stage,
    Status,
    Touches,
    User,
)
from followup.domain.reasons import lateness
from tests.domain.builders import (
    BERLIN,
    LOS_ANGELES,
    NEW_YORK,
    TOKYO,
    ZONES,
    agreed,
    call,
    default_rhythm,
    dossier,
    end_of,
    local,
    ours,
    person,
    theirs,
    touched,
    user,
)
from tests.domain.strategies import instants_in

PROPERTY = settings(max_examples=200, deadline=None)

ANNA = user(BERLIN)
HANS = person("Hans Braun", tz=BERLIN)
MON_23_0900 = local(BERLIN, 2026, 11, 23, 9)
FRI_20_0900 = local(BERLIN, 2026, 11, 20, 9)


def nov(day: int, tz: str = BERLIN) -> datetime:
    """'By <day> Nov 2026' as stored: the end of that day where the person is."""
    return end_of(date(2026, 11, day), tz)


def shape(items: list[AgendaItem]) -> list[tuple[str, str, datetime, int, Channel]]:
    return [(i.kind, i.person_name, i.due, i.overdue_days, i.channel) for i in items]


# --- agreed rhythm: due and not yet due ---


def rhythm_dossier() -> Dossier:
    contact = local(BERLIN, 2026, 11, 6, 10)  # Fri 6 Nov, 10:00
    return dossier(HANS, agreed(14), touched(contact, contact), account="Braun GmbH")


def test_agreed_rhythm_due_today() -> None:
    items = agenda_for(ANNA, FRI_20_0900, [rhythm_dossier()])
    due = local(BERLIN, 2026, 11, 20, 10)
    assert shape(items) == [("cadence", "Hans Braun", due, 0, Channel.EMAIL)]
    item = items[0]
    assert item.reason == (
        "Agreed to be in touch every 2 weeks; last contact Fri 6 Nov, 14 days ago — due today."
    )
    assert item.suggestion == (
        "Check in by email as agreed: share a status update or a relevant article, "
        "or ask where they are in their process."
    )
    assert item.account == "Braun GmbH"
    assert item.person_id == HANS.id
    assert item.warnings == ()
    assert item.commitment_id is None


def test_agreed_rhythm_overdue() -> None:
    items = agenda_for(ANNA, MON_23_0900, [rhythm_dossier()])
    due = local(BERLIN, 2026, 11, 20, 10)
    assert shape(items) == [("cadence", "Hans Braun", due, 3, Channel.EMAIL)]
    assert items[0].reason == (
        "Agreed to be in touch every 2 weeks; last contact Fri 6 Nov, 17 days ago — 3 days overdue."
    )


def test_agreed_rhythm_not_yet_due() -> None:
    assert agenda_for(ANNA, local(BERLIN, 2026, 11, 19, 9), [rhythm_dossier()]) == []
    assert agenda_for(ANNA, local(BERLIN, 2026, 11, 19, 23, 59, 59), [rhythm_dossier()]) == []
    # From the first instant of the day it is due, it is listed.
    assert len(agenda_for(ANNA, local(BERLIN, 2026, 11, 20, 0), [rhythm_dossier()])) == 1


def test_culture_default_rhythm_asks_to_agree_one() -> None:
    added = local(BERLIN, 2026, 11, 2, 9)
    lead = person("Lena Vogel", tz=BERLIN, stage=Stage.LEAD, created_at=added)
    items = agenda_for(ANNA, local(BERLIN, 2026, 11, 10, 9), [dossier(lead, default_rhythm(7))])
    assert shape(items) == [
        ("cadence", "Lena Vogel", local(BERLIN, 2026, 11, 9, 9), 1, Channel.EMAIL)
    ]
    assert items[0].reason == (
        "No rhythm agreed yet; the default for a lead is every week; "
        "not contacted since added on Mon 2 Nov — 1 day overdue."
    )
    assert items[0].suggestion == (
        "Check in by email: share a status update or a relevant article, or ask where they "
        "are in their process. Agree a rhythm with them while you are at it."
    )
    de = dossier(lead, default_rhythm(7, profile="de"), notes="Asked about  the\nSLA terms")
    item = agenda_for(ANNA, local(BERLIN, 2026, 11, 10, 9), [de])[0]
    assert item.reason.startswith("No rhythm agreed yet; the de default for a lead is every week;")
    assert item.suggestion.startswith(
        "Check in by email: pick up from last time (“Asked about the SLA terms”)."
    )


# --- our promises ---


def test_our_overdue_promise() -> None:
    promise = ours("send a revised proposal", nov(20), id=7)
    items = agenda_for(ANNA, MON_23_0900, [dossier(HANS, None, None, [promise])])
    assert shape(items) == [("our_commitment", "Hans Braun", nov(20), 3, Channel.EMAIL)]
    assert (
        items[0].reason == "You promised to send a revised proposal by Fri 20 Nov — 3 days overdue."
    )
    assert items[0].suggestion == "Deliver it now, or tell Hans Braun today when it will come."
    assert items[0].commitment_id == 7
    assert items[0].warnings == ()


def test_our_promise_due_today_is_listed() -> None:
    promise = ours("send a revised proposal", nov(20), owed_by="anna")
    items = agenda_for(ANNA, FRI_20_0900, [dossier(HANS, None, None, [promise])])
    assert shape(items) == [("our_commitment", "Hans Braun", nov(20), 0, Channel.EMAIL)]
    assert items[0].reason == "You promised to send a revised proposal by Fri 20 Nov — due today."
    assert items[0].suggestion == "Deliver it today as promised."
    # The day before, it is not on the agenda yet.
    assert (
        agenda_for(
            ANNA, local(BERLIN, 2026, 11, 19, 23, 59), [dossier(HANS, None, None, [promise])]
        )
        == []
    )


def test_our_promise_owed_by_a_colleague_names_them() -> None:
    promise = ours("revised proposal", nov(20), owed_by="Ben")
    item = agenda_for(ANNA, local(BERLIN, 2026, 11, 21, 9), [dossier(HANS, None, None, [promise])])[
        0
    ]
    assert item.reason == "Ben promised revised proposal by Fri 20 Nov — 1 day overdue."


def test_a_timed_promise_shows_both_clocks_when_zones_differ() -> None:
    yuki = person("Yuki Tanaka", tz=TOKYO)
    promise = ours("call Yuki", local(TOKYO, 2026, 11, 20, 15), all_day=False)
    item = agenda_for(ANNA, FRI_20_0900, [dossier(yuki, None, None, [promise])])[0]
    assert item.reason == (
        "You promised to call Yuki by Fri 20 Nov 15:00 their time (Fri 20 Nov 07:00 yours)"
        " — due today."
    )
    same = ours("call Hans", local(BERLIN, 2026, 11, 20, 15), all_day=False)
    item = agenda_for(ANNA, FRI_20_0900, [dossier(HANS, None, None, [same])])[0]
    assert item.reason == "You promised to call Hans by Fri 20 Nov 15:00 — due today."


def test_closed_promises_are_not_listed() -> None:
    done = ours("send the deck", nov(18), status=Status.DONE)
    dropped = theirs("sign", nov(18), status=Status.DROPPED)
    assert agenda_for(ANNA, MON_23_0900, [dossier(HANS, None, None, [done, dropped])]) == []


# --- their promises ---


def test_their_promise_past_due() -> None:
    promise = theirs("send the parts list", nov(18), id=9)
    items = agenda_for(ANNA, MON_23_0900, [dossier(HANS, None, None, [promise])])
    assert shape(items) == [("their_commitment", "Hans Braun", nov(18), 5, Channel.EMAIL)]
    assert (
        items[0].reason
        == "Hans Braun promised to send the parts list by Wed 18 Nov — 5 days past due."
    )
    assert items[0].suggestion == (
        "A natural reason to check in: ask Hans Braun where things stand on their promise "
        "to send the parts list, and whether you can help."
    )
    assert items[0].commitment_id == 9
    named = theirs("the purchase order", nov(18), owed_by="Greta Braun")
    item = agenda_for(ANNA, MON_23_0900, [dossier(HANS, None, None, [named])])[0]
    assert item.reason == "Greta Braun promised the purchase order by Wed 18 Nov — 5 days past due."


def test_their_promise_due_today_waits_until_the_next_day() -> None:
    case = [dossier(HANS, None, None, [theirs("send the parts list", nov(20))])]
    assert agenda_for(ANNA, FRI_20_0900, case) == []
    assert agenda_for(ANNA, local(BERLIN, 2026, 11, 20, 23, 59, 59), case) == []
    items = agenda_for(ANNA, local(BERLIN, 2026, 11, 21, 0), case)
    assert shape(items) == [("their_commitment", "Hans Braun", nov(20), 1, Channel.EMAIL)]
    assert items[0].reason.endswith("by Fri 20 Nov — 1 day past due.")


# --- ranking ---


def test_overdue_first_oldest_first_then_today() -> None:
    contact_a = local(BERLIN, 2026, 11, 9, 10)  # rhythm due Mon 23 Nov 10:00: today
    contact_b = local(BERLIN, 2026, 11, 6, 10)  # rhythm due Fri 20 Nov 10:00: 3 days overdue
    dossiers = [
        dossier(person("Today Rhythm", id=3), agreed(14), touched(contact_a)),
        dossier(person("Today Promise", id=4), None, None, [ours("send the deck", nov(23))]),
        dossier(person("Old Rhythm", id=5), agreed(14), touched(contact_b)),
        dossier(person("Our Late", id=1), None, None, [ours("send the deck", nov(18))]),
        dossier(person("Their Late", id=2), None, None, [theirs("sign the NDA", nov(16))]),
    ]
    items = agenda_for(ANNA, MON_23_0900, dossiers)
    assert [(i.person_name, i.overdue_days) for i in items] == [
        ("Their Late", 7),
        ("Our Late", 5),
        ("Old Rhythm", 3),
        ("Today Promise", 0),  # today: our promises before rhythms
        ("Today Rhythm", 0),
    ]


def test_ties_are_ranked_by_kind_then_name() -> None:
    dossiers = [
        dossier(person("Zoe", id=1), None, None, [ours("send the deck", nov(20))]),
        dossier(person("Adam", id=2), None, None, [theirs("sign", nov(20))]),
        dossier(person("Bea", id=3), None, None, [ours("send the deck", nov(20))]),
    ]
    items = agenda_for(ANNA, MON_23_0900, dossiers)
    assert [(i.kind, i.person_name) for i in items] == [
        ("our_commitment", "Bea"),
        ("our_commitment", "Zoe"),
        ("their_commitment", "Adam"),
    ]


# --- agreement's minimum gap ---


def gap_dossier(min_gap: int) -> Dossier:
    contact = local(BERLIN, 2026, 11, 21, 10)  # Sat 21 Nov: we called and reached them
    touches = Touches().after(call(contact))
    return dossier(HANS, agreed(14, min_gap), touches, [theirs("send the parts list", nov(18))])


def test_too_soon_warning_on_their_past_due_promise() -> None:
    items = agenda_for(ANNA, MON_23_0900, [gap_dossier(7)])
    # Their promise is listed, the rhythm is not due before Sat 5 Dec.
    assert shape(items) == [("their_commitment", "Hans Braun", nov(18), 5, Channel.EMAIL)]
    assert items[0].warnings == (
        "too soon: agreed at most every 7 days, last contact 2 days ago — "
        "next contact welcome from Sat 28 Nov",
    )
    ten = agenda_for(ANNA, MON_23_0900, [gap_dossier(10)])[0]
    assert ten.warnings == (
        "too soon: agreed at most every 10 days, last contact 2 days ago — "
        "next contact welcome from Tue 1 Dec",
    )


def test_too_soon_warning_counts_unanswered_attempts_and_ends_with_the_gap() -> None:
    contact = local(BERLIN, 2026, 11, 10, 10)
    attempt = local(BERLIN, 2026, 11, 22, 16)  # Sunday: a call nobody answered
    touches = Touches().after(call(contact)).after(call(attempt, Outcome.NO_ANSWER))
    case = dossier(HANS, agreed(14, 7), touches, [theirs("send the parts list", nov(18))])
    item = agenda_for(ANNA, MON_23_0900, [case])[0]
    assert item.warnings == (
        "too soon: agreed at most every 7 days, last contact yesterday — "
        "next contact welcome from Sun 29 Nov",
    )
    # The rhythm (due Tue 24 Nov from the last real contact) waits for the gap too.
    assert [i.kind for i in agenda_for(ANNA, local(BERLIN, 2026, 11, 24, 9), [case])] == [
        "their_commitment"
    ]
    later = agenda_for(ANNA, local(BERLIN, 2026, 11, 29, 17), [case])
    assert [(i.kind, i.warnings) for i in later] == [("their_commitment", ()), ("cadence", ())]
    assert later[1].due == local(BERLIN, 2026, 11, 29, 16)


def test_no_too_soon_warning_once_the_gap_has_passed() -> None:
    items = agenda_for(ANNA, local(BERLIN, 2026, 11, 28, 11), [gap_dossier(7)])
    assert items[0].kind == "their_commitment"
    assert items[0].warnings == ()


# --- snoozed ---


def snoozed_dossier() -> Dossier:
    until = local(BERLIN, 2026, 11, 30)  # snoozed until Mon 30 Nov (start of that day)
    hans = person("Hans Braun", tz=BERLIN, snoozed_until=until)
    contact = local(BERLIN, 2026, 11, 2, 10)
    promises = [ours("send a revised proposal", nov(20)), theirs("send the parts list", nov(18))]
    return dossier(hans, agreed(14), touched(contact), promises)


def test_snoozed_person_keeps_only_our_promise_with_a_warning() -> None:
    items = agenda_for(ANNA, MON_23_0900, [snoozed_dossier()])
    assert shape(items) == [("our_commitment", "Hans Braun", nov(20), 3, Channel.EMAIL)]
    assert items[0].warnings == (
        "Hans Braun is snoozed until Mon 30 Nov; your promise still stands",
    )


def test_snooze_ends_on_its_day() -> None:
    items = agenda_for(ANNA, local(BERLIN, 2026, 11, 30, 9), [snoozed_dossier()])
    # All three are back, ranked by due: the rhythm (16 Nov), theirs (18), ours (20).
    assert [(i.kind, i.overdue_days, i.warnings) for i in items] == [
        ("cadence", 14, ()),
        ("their_commitment", 12, ()),
        ("our_commitment", 10, ()),
    ]
    # The day before, the snooze (until the start of Mon 30 Nov) still holds.
    sunday = agenda_for(ANNA, local(BERLIN, 2026, 11, 29, 23, 59), [snoozed_dossier()])
    assert [i.kind for i in sunday] == ["our_commitment"]


# --- a person in another time zone ---

YUKI = person("Yuki Tanaka", tz=TOKYO, id=2)


def tokyo_dossier(channel: Channel, day: date, side: Side = Side.US) -> Dossier:
    due = end_of(day, TOKYO)  # "by Friday", said in Tokyo: 23:59:59 JST
    promise = Commitment(YUKI.id, side, "send the deck", due)
    contact = local(TOKYO, 2026, 1, 5, 10)
    return dossier(YUKI, agreed(365, None, channel), touched(contact), [promise])


def test_tokyo_friday_is_due_on_the_berlin_users_friday_and_overdue_on_saturday() -> None:
    case = [tokyo_dossier(Channel.EMAIL, date(2026, 11, 20))]
    due = end_of(date(2026, 11, 20), TOKYO)
    assert due == datetime.fromisoformat("2026-11-20T14:59:59+00:00")  # 15:59:59 in Berlin
    assert agenda_for(ANNA, local(BERLIN, 2026, 11, 19, 9), case) == []
    friday = agenda_for(ANNA, FRI_20_0900, case)
    assert shape(friday) == [("our_commitment", "Yuki Tanaka", due, 0, Channel.EMAIL)]
    assert friday[0].reason == "You promised to send the deck by Fri 20 Nov — due today."
    assert friday[0].warnings == ()  # email: no working-hours warning
    saturday = agenda_for(ANNA, local(BERLIN, 2026, 11, 21, 9), case)
    assert shape(saturday) == [("our_commitment", "Yuki Tanaka", due, 1, Channel.EMAIL)]
    assert saturday[0].reason == "You promised to send the deck by Fri 20 Nov — 1 day overdue."


def test_tokyo_friday_is_over_on_berlin_friday_evening() -> None:
    # 17:30 in Berlin is 01:30 on Saturday in Tokyo: the day the promise named has ended
    # where it applies, so it is a day overdue (and ranked with the overdue items).
    case = [tokyo_dossier(Channel.EMAIL, date(2026, 11, 20))]
    items = agenda_for(ANNA, local(BERLIN, 2026, 11, 20, 17, 30), case)
    assert [(i.kind, i.overdue_days) for i in items] == [("our_commitment", 1)]
    assert items[0].reason == (
        "You promised to send the deck by Fri 20 Nov — 1 day overdue "
        "(already Sat 21 Nov in Asia/Tokyo)."
    )


def test_phone_item_warns_about_working_hours_in_winter() -> None:
    items = agenda_for(ANNA, FRI_20_0900, [tokyo_dossier(Channel.PHONE, date(2026, 11, 20))])
    assert shape(items) == [
        ("our_commitment", "Yuki Tanaka", end_of(date(2026, 11, 20), TOKYO), 0, Channel.PHONE)
    ]
    assert items[0].warnings == (
        "Yuki Tanaka is in Asia/Tokyo, 8 h ahead of you: their 09:00–18:00 is 01:00–10:00 "
        "your time",
    )


def test_phone_item_warns_about_working_hours_in_summer() -> None:
    at = local(BERLIN, 2026, 6, 19, 9)  # Fri 19 Jun: Berlin on CEST (+2)
    items = agenda_for(ANNA, at, [tokyo_dossier(Channel.PHONE, date(2026, 6, 19))])
    assert items[0].warnings == (
        "Yuki Tanaka is in Asia/Tokyo, 7 h ahead of you: their 09:00–18:00 is 02:00–11:00 "
        "your time",
    )


def test_working_hours_warning_with_half_hours_and_behind() -> None:
    priya = person("Priya Rao", tz="Asia/Kolkata")
    promise = ours("send the deck", nov(20, "Asia/Kolkata"))
    case = dossier(priya, agreed(365, None, Channel.MESSAGE), None, [promise])
    assert agenda_for(ANNA, FRI_20_0900, [case])[0].warnings == (
        "Priya Rao is in Asia/Kolkata, 4.5 h ahead of you: their 09:00–18:00 is 04:30–13:30 "
        "your time",
    )
    joe = person("Joe Smith", tz=NEW_YORK)
    ny = dossier(
        joe,
        agreed(365, None, Channel.IN_PERSON),
        touched(local(NEW_YORK, 2026, 11, 1)),
        [ours("send the deck", nov(19, NEW_YORK))],
    )
    assert agenda_for(ANNA, FRI_20_0900, [ny])[0].warnings == (
        "Joe Smith is in America/New_York, 6 h behind you: their 09:00–18:00 is 15:00–00:00 "
        "your time",
    )


def test_no_working_hours_warning_within_three_hours() -> None:
    ana = person("Ana Lopes", tz="Europe/Lisbon")
    case = dossier(
        ana,
        agreed(365, None, Channel.PHONE),
        touched(local(BERLIN, 2026, 11, 1)),
        [ours("send the deck", nov(19, "Europe/Lisbon"))],
    )
    assert agenda_for(ANNA, FRI_20_0900, [case])[0].warnings == ()


def test_los_angeles_user_sees_the_tokyo_friday_their_promise_on_saturday() -> None:
    bob = user(LOS_ANGELES, "bob", 2)
    case = [tokyo_dossier(Channel.EMAIL, date(2026, 11, 20), Side.THEM)]
    assert agenda_for(bob, local(LOS_ANGELES, 2026, 11, 20, 0), case) == []
    assert agenda_for(bob, local(LOS_ANGELES, 2026, 11, 20, 23, 59, 59), case) == []
    items = agenda_for(bob, local(LOS_ANGELES, 2026, 11, 21, 0), case)
    due = end_of(date(2026, 11, 20), TOKYO)
    assert shape(items) == [("their_commitment", "Yuki Tanaka", due, 1, Channel.EMAIL)]
    assert (
        items[0].reason == "Yuki Tanaka promised to send the deck by Fri 20 Nov — 1 day past due."
    )


def test_tokyo_user_with_a_los_angeles_person_counts_days_where_the_promise_applies() -> None:
    # Sat 21 Nov 09:00 in Tokyo is still Fri 20 Nov 16:00 in Los Angeles: "by Friday",
    # said in Los Angeles, has not passed yet.
    kenji = user(TOKYO, "kenji", 3)
    joe = person("Joe Smith", tz=LOS_ANGELES)
    due = end_of(date(2026, 11, 20), LOS_ANGELES)
    case = [dossier(joe, None, None, [ours("send the deck", due), theirs("sign the NDA", due)])]
    items = agenda_for(kenji, local(TOKYO, 2026, 11, 21, 9), case)
    assert shape(items) == [("our_commitment", "Joe Smith", due, 0, Channel.EMAIL)]
    assert items[0].reason == (
        "You promised to send the deck by Fri 20 Nov — due today "
        "(still Fri 20 Nov in America/Los_Angeles)."
    )
    # Sun 22 Nov 09:00 in Tokyo is Sat 21 Nov in Los Angeles: one day late, not two.
    items = agenda_for(kenji, local(TOKYO, 2026, 11, 22, 9), case)
    assert [(i.kind, i.overdue_days) for i in items] == [
        ("our_commitment", 1),
        ("their_commitment", 1),
    ]
    there = " (still Sat 21 Nov in America/Los_Angeles)."
    assert items[0].reason == "You promised to send the deck by Fri 20 Nov — 1 day overdue" + there
    assert (
        items[1].reason
        == "Joe Smith promised to sign the NDA by Fri 20 Nov — 1 day past due" + there
    )


# --- suggestions ---


def test_rhythm_item_after_a_promise_of_the_same_person_settles_both() -> None:
    contact = local(BERLIN, 2026, 11, 6, 10)
    case = dossier(HANS, agreed(14), touched(contact), [ours("send the deck", nov(20))])
    items = agenda_for(ANNA, MON_23_0900, [case])
    assert [i.kind for i in items] == ["our_commitment", "cadence"]
    assert items[1].suggestion == (
        "Check in by email as agreed: the same contact can settle “send the deck”."
    )


def test_rhythm_item_suggests_the_next_promise_as_a_natural_point() -> None:
    contact = local(BERLIN, 2026, 11, 6, 10)
    upcoming = [
        theirs("the budget approval", nov(30)),
        ours("send the deck", local(BERLIN, 2026, 12, 2)),
    ]
    item = agenda_for(ANNA, MON_23_0900, [dossier(HANS, agreed(14), touched(contact), upcoming)])[0]
    assert item.suggestion == (
        "Check in by email as agreed: ask how “the budget approval” is coming along."
    )
    mine = [ours("send the deck", local(BERLIN, 2026, 12, 2))]
    item = agenda_for(ANNA, MON_23_0900, [dossier(HANS, agreed(14), touched(contact), mine)])[0]
    assert item.suggestion == "Check in by email as agreed: give an update on “send the deck”."


def test_long_notes_are_shortened_in_the_suggestion() -> None:
    contact = local(BERLIN, 2026, 11, 6, 10)
    notes = "word " * 40
    item = agenda_for(
        ANNA, MON_23_0900, [dossier(HANS, agreed(14), touched(contact), notes=notes)]
    )[0]
    quoted = item.suggestion.split("“")[1].split("”")[0]
    assert len(quoted) == 80
    assert quoted.endswith("...")


# --- properties over random dossiers ---


AgendaCase = tuple[User, datetime, Dossier]
ALL_ZONES = st.sampled_from([*ZONES, LOS_ANGELES])
MINUTES = st.integers(-10 * 24 * 60, 10 * 24 * 60)
PROMISES = st.lists(
    st.tuples(
        st.sampled_from(Side),
        st.sampled_from(["send the deck", "revised proposal"]),
        MINUTES,
        st.booleans(),
        st.sampled_from(Status),
    ),
    max_size=4,
)
RHYTHMS = st.none() | st.builds(
    Rhythm,
    st.integers(1, 30),
    st.none() | st.integers(1, 14),
    st.sampled_from(Channel),
    st.sampled_from(["agreement", "culture:default"]),
)
PAST_MINUTES = st.none() | st.integers(0, 40 * 24 * 60)


@st.composite
def agenda_cases(draw: st.DrawFn) -> AgendaCase:
    """A user and one person in tricky zones, at a tricky moment, with promises around it."""
    user_zone, person_zone = draw(ALL_ZONES), draw(ALL_ZONES)
    at = draw(instants_in(draw(st.sampled_from([user_zone, person_zone]))))
    commitments = []
    for side, what, minutes, all_day, status in draw(PROMISES):
        due = at + timedelta(minutes=minutes)
        if all_day:  # "by <day>": the end of that day where the person is
            due = end_of(local_date(due, ZoneInfo(person_zone)), person_zone)
        commitments.append(Commitment(1, side, what, due, all_day, status))
    contact, attempt, snooze = draw(PAST_MINUTES), draw(PAST_MINUTES), draw(PAST_MINUTES)
    touches = Touches(
        None if contact is None else at - timedelta(minutes=contact),
        None if attempt is None else at - timedelta(minutes=attempt),
    )
    snoozed = None if snooze is None else at + timedelta(minutes=snooze - 10 * 24 * 60)
    who = person("P", tz=person_zone, snoozed_until=snoozed, created_at=at - timedelta(days=50))
    return user(user_zone), at, dossier(who, draw(RHYTHMS), touches, commitments)


@PROPERTY
@given(agenda_cases())
def test_agenda_items_of_one_person_hold_together(case: AgendaCase) -> None:
    who, at, one = case
    day = Day.of(who, at)
    items = agenda_for(who, at, [one])
    for item in items:
        # Nothing is called overdue before its due moment has passed (wherever it applies).
        if item.overdue_days > 0:
            assert item.due < at
        # Listed: due by the end of the user's day; their promises only from the next day.
        assert item.due < day.end
        if item.kind == "their_commitment":
            assert item.due < day.start
        # The sentence says what overdue_days says.
        if item.kind in ("our_commitment", "cadence"):
            assert f"— {lateness(item.overdue_days)}" in item.reason
    snoozed = one.person.snoozed_until is not None and one.person.snoozed_until >= day.end
    if snoozed:
        assert {i.kind for i in items} <= {"our_commitment"}
    # Every open promise of ours due by the end of the day is listed, snoozed or not.
    open_ours = [
        c
        for c in one.open_commitments
        if c.side is Side.US and c.status is Status.OPEN and c.due_at < day.end
    ]
    assert len([i for i in items if i.kind == "our_commitment"]) == len(open_ours)
    # The store finds the person: their next_due_at falls before the end of the user's day.
    due = next_due_at(one.person, one.rhythm, one.touches, one.open_commitments)
    if items:
        assert due is not None and due < day.end


@PROPERTY
@given(agenda_cases(), st.integers(-3 * 24, 3 * 24))
def test_agenda_is_ranked_longest_overdue_first_then_by_kind(case: AgendaCase, shift: int) -> None:
    who, at, one = case
    moved = tuple(
        replace(c, due_at=c.due_at + timedelta(hours=shift)) for c in one.open_commitments
    )
    other = person("Q", id=2, tz=one.person.timezone, created_at=one.person.created_at)
    items = agenda_for(who, at, [one, Dossier(other, None, one.rhythm, one.touches, moved)])
    flags = [i.overdue_days == 0 for i in items]
    assert flags == sorted(flags)
    late = [(-i.overdue_days, KIND_ORDER[i.kind], i.due) for i in items if i.overdue_days]
    assert late == sorted(late)  # the longest overdue first, ours before theirs
    today = [(KIND_ORDER[i.kind], i.due) for i in items if not i.overdue_days]
    assert today == sorted(today)
