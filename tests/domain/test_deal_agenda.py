"""The deal agenda rules, pure: milestones, stalled deals, the delivery clock, and the
stored next_due_at that must never let the index scan miss an item."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain.agenda import Day
from followup.domain.deal_agenda import deal_items, next_due_at
from followup.domain.deals import DealStage
from followup.domain.model import User
from followup.domain.plans import MilestoneStatus, PlanKind, PlanSide, StepKind
from tests.domain.deal_builders import CREATED, deal, file, milestone
from tests.domain.strategies import instants_in

BERLIN = User(1, "anna", "Europe/Berlin")


def day(iso: str, user: User = BERLIN) -> Day:
    return Day.of(user, datetime.fromisoformat(iso).astimezone(UTC))


def test_deliberation_in_japan_may_be_long_and_the_reason_says_so() -> None:
    quiet = file(deal(DealStage.DELIBERATION))
    assert deal_items([quiet], day("2027-02-20T09:00+01:00")) == []  # 89 days
    [item] = deal_items([quiet], day("2027-02-22T09:00+01:00"))
    assert item.kind == "deal_stalled"
    assert item.reason == (
        "No touch on “Line 3” (Tanaka KK) for 91 days in deliberation (since Mon 23 Nov 2026); "
        "the jp profile allows 90 days: In Japan deliberation is allowed to be long: consensus "
        "(nemawashi, then ringi approval) takes months, and silence is not a no."
    )
    us = file(deal(DealStage.DELIBERATION), culture="us")
    [early] = deal_items([us], day("2026-12-15T09:00+01:00"))  # 22 days: the us profile's 21
    assert "the us profile allows 21 days." in early.reason


def test_a_touch_restarts_the_rotting_clock() -> None:
    touched = file(
        deal(DealStage.DECISION, last_touch_at=CREATED + timedelta(days=20)), culture="de"
    )
    assert deal_items([touched], day("2027-01-02T09:00+01:00")) == []  # 20 + 21 > 40 days
    assert [i.kind for i in deal_items([touched], day("2027-01-04T09:00+01:00"))] == [
        "deal_stalled"
    ]


def test_live_and_lost_deals_never_stall() -> None:
    for stage in (DealStage.LIVE, DealStage.LOST):
        assert deal_items([file(deal(stage))], day("2030-01-01T09:00+01:00")) == []
        assert next_due_at(file(deal(DealStage.LOST))) is None


def test_their_step_waits_a_day_ours_is_due_on_its_day() -> None:
    plan = file(
        deal(),
        milestone(1, date(2026, 12, 4)),
        milestone(2, date(2026, 12, 4), PlanSide.THEM),
    )
    on_the_day = deal_items([plan], day("2026-12-04T09:00+01:00"))
    assert [(i.kind, i.milestone_id) for i in on_the_day] == [("milestone", 1)]
    after = deal_items([plan], day("2026-12-05T09:00+01:00"))
    assert [(i.milestone_id, i.overdue_days) for i in after] == [(1, 1), (2, 1)]
    assert after[1].reason.startswith("Tanaka KK's step in the plan")


def test_the_delivery_clock_counts_working_days_from_the_yes() -> None:
    yes = datetime(2026, 11, 27, 3, tzinfo=UTC)  # Friday noon in Tokyo
    won = deal(DealStage.WON, won_at=yes, stage_since=yes)
    first = milestone(1, date(2026, 11, 30), plan=PlanKind.DELIVERY)
    later = milestone(2, date(2026, 12, 10), plan=PlanKind.DELIVERY, after=(1,))
    plan = file(won, first, later)
    assert next_due_at(plan) == yes  # our first step is on the agenda from the yes
    [item] = deal_items([plan], day("2026-11-27T09:00+01:00"))
    assert (item.kind, item.milestone_id) == ("delivery", 1)
    assert "the yes came today; 1 working day left." in item.reason
    late_items = deal_items([plan], day("2026-12-02T09:00+01:00"))
    # Japan allows a won deal one quiet day: five days without a touch is stalled too.
    assert [i.kind for i in late_items] == ["deal_stalled", "delivery"]
    assert late_items[0].reason == (
        "No touch on “Line 3” (Tanaka KK) for 5 days after the yes (since Fri 27 Nov); the jp "
        "profile allows 1 day: After 'yes', delivery is expected at once: be in touch every "
        "day until the first delivery."
    )
    late = late_items[1]
    assert "3 working days since the yes on Fri 27 Nov; 2 working days late." in late.reason


def test_a_missed_checkpoint_stays_until_recorded() -> None:
    checkpoint = milestone(1, date(2026, 12, 4), PlanSide.BOTH, kind=StepKind.CHECKPOINT)
    plan = file(deal(), checkpoint)
    assert deal_items([plan], day("2026-12-02T09:00+01:00")) == []
    [today] = deal_items([plan], day("2026-12-04T09:00+01:00"))
    assert today.reason.startswith("Checkpoint today for “Line 3”")
    [missed] = deal_items([plan], day("2026-12-09T09:00+01:00"))
    assert "was on Fri 4 Dec and is not recorded as held" in missed.reason


stages = st.sampled_from(list(DealStage))
sides = st.sampled_from(list(PlanSide))
statuses = st.sampled_from(list(MilestoneStatus))
plans = st.sampled_from(list(PlanKind))
kinds = st.sampled_from(list(StepKind))
users = st.sampled_from(
    [BERLIN, User(2, "kenji", "Asia/Tokyo"), User(3, "sam", "America/Los_Angeles")]
)


@settings(max_examples=300, deadline=None)
@given(
    stage=stages,
    offsets=st.lists(
        st.tuples(st.integers(-30, 120), sides, statuses, plans, kinds, st.booleans()), max_size=6
    ),
    won_days=st.one_of(st.none(), st.integers(0, 60)),
    touched=st.one_of(st.none(), st.integers(0, 90)),
    culture=st.sampled_from(["jp", "de", "us", "gulf", "default"]),
    user=users,
    where=st.sampled_from(
        ["Asia/Tokyo", "Europe/Berlin", "America/Sao_Paulo", "Australia/Lord_Howe"]
    ),
    at=instants_in("Europe/Berlin"),
)
def test_the_stored_due_time_never_hides_an_item(
    stage: DealStage,
    offsets: list[tuple[int, PlanSide, MilestoneStatus, PlanKind, StepKind, bool]],
    won_days: int | None,
    touched: int | None,
    culture: str,
    user: User,
    where: str,
    at: datetime,
) -> None:
    """Whenever a deal has an item on a day, its next_due_at falls before that day's end:
    the range scan on (owner_id, next_due_at) finds every deal that has something to say."""
    start = at - timedelta(days=60)
    won_at = start + timedelta(days=won_days) if won_days is not None else None
    the_deal = deal(
        stage, created_at=start, stage_since=start, won_at=won_at, timezone=where,
        last_touch_at=start + timedelta(days=touched) if touched is not None else None,
    )  # fmt: skip
    ms = [
        milestone(
            i + 1,
            (start + timedelta(days=o)).date(),
            side,
            plan,
            kind,
            status,
            (i,) if chained and i else (),
            where,
        )
        for i, (o, side, status, plan, kind, chained) in enumerate(offsets)
    ]
    pending = tuple(m for m in ms if m.pending)
    deal_file = file(the_deal, *pending, culture=culture)
    the_day = Day.of(user, at)
    if deal_items([deal_file], the_day):
        due = next_due_at(deal_file)
        assert due is not None and due < the_day.end
