"""Going dark: the same person and history in different cultures gives different, explained
items (attempts without a reply, or silence longer than the culture allows)."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain.agenda import agenda_for
from followup.domain.attention import person_due
from followup.domain.going_dark import assess
from followup.domain.items import Day
from followup.domain.model import (
    Direction,
    FollowUpPoint,
    Interaction,
    InteractionKind,
    Outcome,
    Stage,
)
from followup.domain.relationship import (
    ContactRole,
    ContentPiece,
    EntryPoint,
    Introducer,
    LinkKind,
    PendingUpdate,
    Replies,
    rank_entry_points,
    replies_from,
)
from tests.domain.builders import BERLIN, TOKYO, ZONES, dossier, local, ours, person, user
from tests.domain.intel_builders import BOOK, in_culture

ANNA = user(BERLIN)
ADDED = local(BERLIN, 2026, 9, 1, 9)


def email(at: datetime, point: FollowUpPoint | None = None) -> Interaction:
    """An email we sent, no reply known."""
    return Interaction(1, 1, InteractionKind.EMAIL, Direction.OUT, at, None, point=point)


def reached(at: datetime) -> Interaction:
    return Interaction(1, 1, InteractionKind.CALL, Direction.OUT, at, Outcome.REACHED)


# A customer reached on 1 Oct, then three emails without a reply.
HISTORY = [
    reached(local(BERLIN, 2026, 10, 1, 10)),
    email(local(BERLIN, 2026, 10, 20, 10)),
    email(local(BERLIN, 2026, 10, 27, 10)),
    email(local(BERLIN, 2026, 11, 3, 10)),
]
HANS = person("Hans Braun", tz=BERLIN, stage=Stage.CUSTOMER, created_at=ADDED)


def hans_in(key: str, **extra: object) -> object:
    return in_culture(dossier(HANS, account="Braun GmbH"), key, HISTORY, **extra)


def test_replies_are_folded_from_the_history() -> None:
    replies = replies_from(HISTORY)
    assert replies == Replies(local(BERLIN, 2026, 10, 1, 10), 3, local(BERLIN, 2026, 10, 20, 10))
    # Any order gives the same; an inbound message or a reached call resets it.
    assert replies_from(reversed(HISTORY)) == replies
    answered = Interaction(1, 1, InteractionKind.EMAIL, Direction.IN, local(BERLIN, 2026, 11, 4))
    assert replies_from([*HISTORY, answered]) == Replies(answered.at, 0, None)
    # A meeting logged without an outcome took place: it is a reply.
    met = Interaction(1, 1, InteractionKind.MEETING, Direction.OUT, local(BERLIN, 2026, 11, 5))
    assert replies_from([*HISTORY, met]).unanswered == 0


def test_the_same_silence_in_three_cultures_on_10_november() -> None:
    at = local(BERLIN, 2026, 11, 10, 9)
    de = agenda_for(ANNA, at, [hans_in("de")])
    # de: dark after 2 unanswered attempts; the 7-day gap since 3 Nov has passed.
    assert [(i.kind, i.due) for i in de] == [("going_dark", local(BERLIN, 2026, 11, 10, 10))]
    assert de[0].reason == (
        "3 attempts without a reply since Tue 20 Oct; the de profile counts a contact as "
        "gone dark after 2."
    )
    assert "etiquette (de): avoid chasing more often than agreed; it reads as pressure." in (
        de[0].warnings
    )
    # us: 4 attempts, or 45 days (1.5 rhythms of 30) of silence: not yet; and the email on
    # 3 Nov counts as contact, so the rhythm is not due either.
    assert agenda_for(ANNA, at, [hans_in("us")]) == []
    # jp: dark after 3 attempts, but the 10-day gap since 3 Nov runs until 13 Nov.
    assert agenda_for(ANNA, at, [hans_in("jp")]) == []
    assert agenda_for(ANNA, local(BERLIN, 2026, 11, 13, 9), [hans_in("jp")])[0].kind == (
        "going_dark"
    )


def test_the_same_silence_in_three_cultures_on_23_november() -> None:
    at = local(BERLIN, 2026, 11, 23, 9)
    [us] = agenda_for(ANNA, at, [hans_in("us")])
    assert us.kind == "going_dark"
    assert us.reason == (
        "No reply since Thu 1 Oct (53 days ago); the us profile allows 45 days of silence "
        "(1.5 rhythms) before calling a contact dark."
    )
    [jp] = agenda_for(ANNA, at, [hans_in("jp")])
    assert jp.reason.endswith("the jp profile counts a contact as gone dark after 3.")
    assert jp.due == local(BERLIN, 2026, 11, 13, 10)  # the 10-day gap after the last email


def test_a_prospect_deliberating_in_japan_is_not_dark_yet() -> None:
    """Silence during the usual deliberation is not a no: JP allows 90 days, US 21."""
    takahashi = person("Takahashi Hiroshi", tz=TOKYO, stage=Stage.PROSPECT, created_at=ADDED)
    history = [reached(local(TOKYO, 2026, 9, 20, 10)), email(local(TOKYO, 2026, 10, 20, 10))]
    at = local(BERLIN, 2026, 11, 23, 9)
    [jp] = agenda_for(ANNA, at, [in_culture(dossier(takahashi), "jp", history)])
    assert jp.kind == "cadence"  # every 21 days from the email of 20 Oct
    assert (
        "etiquette (jp): avoid pressing for a decision during deliberation (more often than "
        "every 14 days)."
    ) in jp.warnings
    [us] = agenda_for(ANNA, at, [in_culture(dossier(takahashi), "us", history)])
    assert us.kind == "going_dark"
    assert us.reason == (
        "No reply since Sun 20 Sep (64 days ago); the us profile allows 3 weeks of silence "
        "(its usual deliberation) before calling a contact dark."
    )


def test_the_suggestion_follows_the_cultures_order_of_natural_points() -> None:
    at = local(BERLIN, 2026, 11, 23, 9)
    sato = Introducer(7, "Sato Ken", LinkKind.INTRODUCED_BY, True, "Aoba")
    piece = ContentPiece(3, "Retrofit at Aoba", "case_study", "https://x.example/a", ("retrofits",))
    facts = {"introducers": (sato,), "content": (piece,), "interests": ("retrofits",)}
    [jp] = agenda_for(ANNA, at, [hans_in("jp", **facts)])
    assert jp.suggestion.startswith(
        "Try a new natural reason, by email: ask Sato Ken at Aoba (who introduced you) to "
        "re-introduce you to Hans Braun."
    )
    assert jp.extra["point"] == "introduction"
    # de tries a status update first, then a clarifying question (nothing to report here).
    [de] = agenda_for(ANNA, at, [hans_in("de", **facts)])
    assert de.suggestion.startswith(
        "Try a new natural reason, by email: ask Hans Braun one short clarifying question"
    )
    # Points already used since the silence began are skipped: the article comes next in jp.
    used = frozenset({FollowUpPoint.INTRODUCTION})
    [jp] = agenda_for(ANNA, at, [hans_in("jp", used_points=used, **facts)])
    assert jp.extra["point"] == "article"
    assert "send the case study “Retrofit at Aoba” (https://x.example/a), on retrofits" in (
        jp.suggestion
    )
    assert jp.extra["content_id"] == 3


def test_news_to_pass_on_is_a_status_update() -> None:
    at = local(BERLIN, 2026, 11, 23, 9)
    update = PendingUpdate("Engineering", local(BERLIN, 2026, 11, 20, 9), "Firmware fix passed.")
    [de] = agenda_for(ANNA, at, [hans_in("de", pending_updates=(update,))])
    assert "send a status update: Engineering reports “Firmware fix passed.”" in de.suggestion
    promise = ours("send the service report", local(BERLIN, 2026, 12, 20))
    plain = in_culture(dossier(HANS, commitments=[promise]), "de", HISTORY)
    [item, *_] = [i for i in agenda_for(ANNA, at, [plain]) if i.kind == "going_dark"]
    assert "send a status update on “send the service report”" in item.suggestion


def test_other_ways_in_are_ranked_by_role_then_last_contact() -> None:
    ito = EntryPoint(2, "Ito Yumi", Stage.PROSPECT, ContactRole.CHAMPION)
    mori = EntryPoint(3, "Mori Takeshi", Stage.CUSTOMER, None, "CTO", local(BERLIN, 2026, 11, 1))
    kato = EntryPoint(4, "Kato Aya", Stage.CUSTOMER, None, None, local(BERLIN, 2026, 11, 15))
    eng = EntryPoint(5, "Engineering", Stage.COLLEAGUE, ContactRole.CHAMPION)
    assert [e.name for e in rank_entry_points([mori, eng, kato, ito])] == [
        "Ito Yumi",
        "Kato Aya",
        "Mori Takeshi",
    ]
    at = local(BERLIN, 2026, 11, 23, 9)
    [item] = agenda_for(ANNA, at, [hans_in("de", entry_points=(ito, kato))])
    assert item.suggestion.endswith(
        "Other ways in at the same account: Ito Yumi (champion, not contacted yet); "
        "Kato Aya (last contact Sun 15 Nov)."
    )
    assert [e["name"] for e in item.extra["entry_points"]] == ["Ito Yumi", "Kato Aya"]


def test_when_every_point_is_used_it_says_to_let_time_pass() -> None:
    at = local(BERLIN, 2026, 11, 23, 9)
    every = frozenset(FollowUpPoint)
    [item] = agenda_for(ANNA, at, [hans_in("de", used_points=every)])
    assert "every natural follow-up point has been tried" in item.suggestion
    assert item.extra["point"] is None


# --- properties: the stored due time never hides an item, and never breaks the gap ---

PROPERTY = settings(max_examples=150, deadline=None)


@st.composite
def silences(draw: st.DrawFn) -> tuple[object, datetime]:
    tz = draw(st.sampled_from(ZONES))
    at = local(tz, 2026, 11, 23, 9) + timedelta(minutes=draw(st.integers(-3000, 3000)))
    history = []
    for _ in range(draw(st.integers(0, 6))):
        moment = at - timedelta(minutes=draw(st.integers(0, 120 * 24 * 60)))
        kind = draw(st.sampled_from(InteractionKind))
        direction = draw(st.sampled_from(Direction))
        outcome = draw(st.none() | st.sampled_from(Outcome))
        history.append(Interaction(1, 1, kind, direction, moment, outcome))
    stage = draw(st.sampled_from([Stage.LEAD, Stage.PROSPECT, Stage.CUSTOMER]))
    who = person("P", tz=tz, stage=stage, created_at=at - timedelta(days=200))
    key = draw(st.sampled_from(sorted(BOOK.profiles)))
    return in_culture(dossier(who), key, history), at


@PROPERTY
@given(silences(), st.sampled_from(ZONES))
def test_the_stored_due_time_finds_every_going_dark_item(case: object, user_zone: str) -> None:
    one, at = case  # type: ignore[misc]
    rel = one.relationship
    due = person_due(one.person, one.rhythm, one.touches, (), rel.replies, rel.profile)
    items = agenda_for(user(user_zone), at, [one])
    if items:
        assert due is not None and due < Day.of(user(user_zone), at).end
    dark = assess(one.person, one.rhythm, one.touches, rel.replies, rel.profile)
    if dark is not None and one.touches.last_attempt_at and one.rhythm.min_gap_days:
        # Never sooner than the gap since our last attempt allows.
        gap = timedelta(days=one.rhythm.min_gap_days)
        assert dark.due >= one.touches.last_attempt_at + gap - timedelta(hours=1)
