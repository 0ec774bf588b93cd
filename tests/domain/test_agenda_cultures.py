"""The agenda's intelligence rules on hand-built scenarios: the same person, account and
history in different cultures gives different, explained items."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from followup.domain.agenda import KIND_ORDER, SOURCES, agenda_for, rank
from followup.domain.kinds import KINDS
from followup.domain.model import Channel, Stage
from followup.domain.relationship import ContactRole, EntryPoint, PendingUpdate
from followup.domain.satisfaction import AccountCheck, checkin_interval, main_contact, trend
from followup.domain.service_levels import (
    ServiceRequest,
    Tier,
    alert_at,
    breach,
    deadline,
    format_minutes,
    parse_response,
)
from tests.domain.builders import (
    BERLIN,
    TOKYO,
    agreed,
    dossier,
    end_of,
    local,
    ours,
    person,
    theirs,
    touched,
    user,
)
from tests.domain.intel_builders import in_culture, profile

ANNA = user(BERLIN)
MON = local(BERLIN, 2026, 11, 23, 9)
ADDED = local(BERLIN, 2026, 1, 5, 9)
HANS = person("Hans Braun", tz=BERLIN, stage=Stage.CUSTOMER, created_at=ADDED)


def base(**kwargs: object) -> object:
    return dossier(HANS, account="Braun GmbH", **kwargs)  # type: ignore[arg-type]


# --- faux pas as warnings where they apply ---------------------------------------------------


def test_their_lapsed_promise_warns_in_the_cultures_where_chasing_offends() -> None:
    lapsed = [theirs("confirm the budget", end_of(local(BERLIN, 2026, 11, 18).date(), BERLIN))]
    contact = local(BERLIN, 2026, 11, 2, 10)
    history = touched(contact, contact)
    one = base(rhythm=agreed(30, 7), touches=history, commitments=lapsed)
    [de] = agenda_for(ANNA, MON, [in_culture(one, "de", agreed=True)])
    [us] = agenda_for(ANNA, MON, [in_culture(one, "us", agreed=True)])
    [india] = agenda_for(ANNA, MON, [in_culture(one, "in", agreed=True)])
    assert de.reason == us.reason == india.reason  # the same facts...
    assert de.warnings == (
        "etiquette (de): avoid chasing more often than agreed; it reads as pressure.",
    )
    assert us.warnings == ()  # ...explained with each culture's etiquette
    assert india.warnings == (
        "etiquette (in): avoid taking a polite 'yes' as a firm commitment without a confirmed "
        "next step.",
    )


def test_our_late_promise_warns_in_the_us_only() -> None:
    late = [ours("send the revised offer", end_of(local(BERLIN, 2026, 11, 20).date(), BERLIN))]
    us, de = (
        next(i for i in agenda_for(ANNA, MON, [in_culture(base(commitments=late), key)])
             if i.kind == "our_commitment")
        for key in ("us", "de")
    )  # fmt: skip
    assert us.warnings == ("etiquette (us): avoid letting a promised date pass silently.",)
    assert de.warnings == ()


def test_a_faux_pas_text_keeps_the_profiles_own_number() -> None:
    jp = profile("jp")
    assert jp.faux_pas_on("prospect") == (
        "Pressing for a decision during deliberation (more often than every 14 days).",
    )
    # ...and the rhythm honours it: a prospect's default gap is the deliberation gap.
    assert jp.rhythm_for(Stage.PROSPECT).min_gap_days == 14  # type: ignore[union-attr]
    assert jp.rhythm_for(Stage.CUSTOMER).min_gap_days == 10  # type: ignore[union-attr]


# --- an agreement's ideal and maximum ---------------------------------------------------------


def test_due_at_the_ideal_urgent_past_the_maximum() -> None:
    contact = local(BERLIN, 2026, 11, 1, 10)
    one = base(rhythm=replace(agreed(14, 7), max_days=21), touches=touched(contact, contact))
    one = in_culture(one, "de", agreed=True)
    [ideal] = agenda_for(ANNA, local(BERLIN, 2026, 11, 16, 9), [one])
    assert (ideal.kind, ideal.urgent, ideal.overdue_days) == ("cadence", False, 1)
    [late] = agenda_for(ANNA, MON, [one])
    assert late.urgent
    assert late.reason == (
        "Agreed to be in touch every 2 weeks; last contact Sun 1 Nov, 22 days ago — "
        "8 days overdue. Past the agreed maximum of 3 weeks since Sun 22 Nov: urgent."
    )
    # Urgent comes first, before an item that is longer overdue.
    older = ours("send the deck", end_of(local(BERLIN, 2026, 11, 2).date(), BERLIN))
    other = in_culture(
        dossier(person("Lena Vogel", id=2, created_at=ADDED), None, None, [older]), "de"
    )
    first, *rest = agenda_for(ANNA, MON, [other, one])
    assert (first.person_name, first.kind, first.urgent) == ("Hans Braun", "cadence", True)
    assert rest and all(i.overdue_days > first.overdue_days for i in rest)


def test_internal_news_is_passed_on_at_the_customers_rhythm() -> None:
    contact = local(BERLIN, 2026, 10, 1, 10)
    update = PendingUpdate("Engineering", local(BERLIN, 2026, 11, 20, 15), "Firmware 2.1 is out.")
    one = in_culture(base(touches=touched(contact, contact)), "de", pending_updates=(update,))
    # de customers: every 60 days from 1 Oct, so not before 30 Nov, news or not.
    assert agenda_for(ANNA, MON, [one]) == []
    [item] = agenda_for(ANNA, local(BERLIN, 2026, 11, 30, 9), [one])
    assert item.suggestion.startswith(
        "Check in by email: pass on the update from Engineering (Fri 20 Nov): "
        "“Firmware 2.1 is out.”"
    )
    us = in_culture(base(touches=touched(contact, contact)), "us", pending_updates=(update,))
    [item] = agenda_for(ANNA, MON, [us])  # us customers: every 30 days, so already due
    assert "pass on the update from Engineering" in item.suggestion


# --- satisfaction ------------------------------------------------------------------------------


def check_in(key: str, **kwargs: object) -> AccountCheck:
    contact = in_culture(base(), key)
    interval, source = checkin_interval(None, profile(key))
    fields = {
        "account_id": 4, "account_name": "Braun GmbH", "due": local(BERLIN, 2026, 11, 20, 9),
        "interval_days": interval, "interval_source": source, "contact": contact,
        "last_score": 8, "last_feedback_at": local(BERLIN, 2025, 11, 20, 9),
    }  # fmt: skip
    fields.update(kwargs)
    return AccountCheck(**fields)  # type: ignore[arg-type]


def test_the_yearly_check_in_goes_through_each_cultures_channel() -> None:
    [jp] = agenda_for(ANNA, MON, [check_in("jp")])
    [us] = agenda_for(ANNA, MON, [check_in("us")])
    assert (
        jp.reason
        == us.reason.replace("us profile", "jp profile")
        == (
            "Satisfaction check-in with Braun GmbH 3 days overdue: yearly, as the jp profile asks; "
            "last feedback 8/10 on Thu 20 Nov 2025."
        )
    )
    assert (jp.kind, jp.channel, us.channel) == ("satisfaction", Channel.IN_PERSON, Channel.EMAIL)
    assert jp.suggestion.startswith("Ask Hans Braun in person, at a meeting or your next visit,")
    assert us.suggestion.startswith("Send Hans Braun the short online survey, asking")
    assert "etiquette (jp): avoid an upsell pitch at the end of a service call." in jp.warnings
    assert not any(w.startswith("etiquette") for w in us.warnings)
    assert jp.extra == {"account_id": 4, "feedback_channel": "in_person"}


def test_a_tier_asks_for_check_ins_more_often_than_the_culture() -> None:
    premium = Tier("premium", 240, 90)
    assert checkin_interval(premium, profile("jp")) == (90, "the premium tier")
    assert checkin_interval(Tier("basic", 2880), profile("jp")) == (365, "the jp profile")
    [item] = agenda_for(
        ANNA, MON, [check_in("de", interval_days=90, interval_source="the premium tier")]
    )
    assert "every 90 days, as the premium tier asks" in item.reason


def test_a_check_in_waits_for_the_agreed_gap() -> None:
    """Never sooner than the agreement allows: it says when the contact is welcome."""
    last = local(BERLIN, 2026, 11, 20, 10)
    contact = in_culture(base(rhythm=agreed(30, 7), touches=touched(last, last)), "de", agreed=True)
    [item] = agenda_for(ANNA, MON, [check_in("de", contact=contact)])
    assert item.suggestion.startswith("Hold off until Fri 27 Nov as agreed; then send Hans Braun")
    assert item.warnings[0] == (
        "too soon: agreed at most every 7 days, last contact 3 days ago — next contact welcome "
        "from Fri 27 Nov"
    )


def test_the_main_contact_is_a_customer_by_role_then_recency() -> None:
    recent = local(BERLIN, 2026, 11, 1)
    people = [
        EntryPoint(1, "Lead", Stage.PROSPECT, ContactRole.CHAMPION, None, recent),
        EntryPoint(2, "Buyer", Stage.CUSTOMER, ContactRole.DECISION_MAKER),
        EntryPoint(3, "User", Stage.CUSTOMER, ContactRole.USER, None, recent),
        EntryPoint(4, "Eng", Stage.COLLEAGUE, ContactRole.CHAMPION),
    ]
    assert main_contact(people).name == "Buyer"  # type: ignore[union-attr]
    assert main_contact(people[3:]) is None
    assert main_contact(people[:1]).name == "Lead"  # type: ignore[union-attr]
    assert main_contact(people[:1], customers_only=True) is None  # nothing to be satisfied with
    assert [trend([]), trend([7]), trend([6, 8]), trend([8, 6]), trend([7, 7])] == [
        "new", "new", "up", "down", "flat",
    ]  # fmt: skip


# --- service requests ------------------------------------------------------------------------


def request(key: str, received_hours_ago: float, minutes: int = 240) -> ServiceRequest:
    received = MON - timedelta(hours=received_hours_ago)
    contact = in_culture(dossier(person("Ito Yumi", tz=TOKYO, stage=Stage.CUSTOMER)), key)
    return ServiceRequest(
        7, 4, "Shinwa Seiki", "Replacement sensor for line 2", received,
        deadline(received, minutes), minutes, "premium", contact,
    )  # fmt: skip


def test_a_request_is_listed_as_its_response_time_runs_out() -> None:
    # Listed from the day three quarters of the response time have passed: a 3-day
    # response asked for 2 hours ago is not on today's agenda, a 4-hour one is.
    assert agenda_for(ANNA, MON, [request("jp", 2, minutes=3 * 24 * 60)]) == []
    assert agenda_for(ANNA, local(BERLIN, 2026, 11, 25, 9), [request("jp", 2, 3 * 24 * 60)])
    [soon] = agenda_for(ANNA, MON, [request("jp", 3.5)])
    assert (soon.kind, soon.urgent) == ("service_request", True)
    assert soon.reason == (
        "Shinwa Seiki asked on Mon 23 Nov 05:30: “Replacement sensor for line 2” — the premium "
        "tier promises a response within 4 hours: due Mon 23 Nov 09:30, 30 min left."
    )
    assert soon.extra == {"request_id": 7, "account_id": 4}
    [late] = agenda_for(ANNA, MON, [request("jp", 6)])
    assert "the response is 2 h late" in late.reason
    assert "breach: the premium tier promises a response within 4 hours; 2 h late" in late.warnings


def test_request_etiquette_differs_by_culture() -> None:
    [jp] = agenda_for(ANNA, MON, [request("jp", 3.5)])
    [br] = agenda_for(ANNA, MON, [request("br", 3.5)])
    assert jp.reason == br.reason
    assert "etiquette (jp): avoid an upsell pitch at the end of a service call." in jp.warnings
    assert not any(w.startswith("etiquette") for w in br.warnings)
    assert br.channel is Channel.MESSAGE and jp.channel is Channel.EMAIL


def test_response_times_and_breaches() -> None:
    assert [parse_response(t) for t in ("90m", "4h", "2d", "1W")] == [90, 240, 2880, 10080]
    assert [format_minutes(m) for m in (90, 240, 2880, 10080, 1)] == [
        "90 minutes", "4 hours", "2 days", "1 week", "1 minute",
    ]  # fmt: skip
    one = request("jp", 6)
    assert alert_at(one.received_at, 240) == one.received_at + timedelta(hours=3)
    assert breach(one, MON) == timedelta(hours=2)
    assert breach(replace(one, responded_at=one.due_at), MON) is None


# --- the registry ----------------------------------------------------------------------------


def test_every_kind_is_ranked_and_every_subject_has_a_rule() -> None:
    assert set(KIND_ORDER) <= set(KINDS)
    assert {"going_dark", "satisfaction", "service_request"} <= set(KIND_ORDER)
    assert set(SOURCES) >= {AccountCheck, ServiceRequest, type(base())}
    items = agenda_for(ANNA, MON, [check_in("jp"), request("jp", 3.5)])
    assert items == sorted(items, key=rank)
    assert [i.kind for i in items] == ["service_request", "satisfaction"]
