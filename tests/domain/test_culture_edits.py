"""A team's edits to the culture profiles: validated field by field and as a whole; and the
shipped profiles say where each of their defaults comes from."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from followup.domain.culture import DEFAULT_PROFILE, INHERITED, FeedbackChannel
from followup.domain.culture_edits import (
    CultureEdit,
    appended,
    apply_edits,
    edited_book,
    parse_assignment,
    profile_key,
)
from followup.domain.errors import InvalidInput
from followup.domain.model import FollowUpPoint, Stage
from followup.services.culture_book import shipped_raw
from tests.domain.intel_builders import BOOK

AT = datetime(2026, 11, 23, 9, tzinfo=UTC)
SHIPPED = shipped_raw()


def edit(profile: str, text: str, note: str | None = None) -> CultureEdit:
    field, value = parse_assignment(text)
    return CultureEdit(profile, field, value, "anna", AT, note)


def test_values_are_toml_or_plain_text() -> None:
    assert parse_assignment("min_gap_days=10") == ("min_gap_days", 10)
    assert parse_assignment("feedback_channel = phone") == ("feedback_channel", "phone")
    assert parse_assignment("countries=DE, AT,CH") == ("countries", ["DE", "AT", "CH"])
    assert parse_assignment('notes=["one", "two"]') == ("notes", ["one", "two"])
    assert parse_assignment("cadence_days.prospect=28") == ("cadence_days.prospect", 28)
    assert parse_assignment("dark_after_rhythms=2.5") == ("dark_after_rhythms", 2.5)


def test_an_edit_changes_one_field_and_says_who_and_why() -> None:
    book = edited_book(SHIPPED, [edit("de", "min_gap_days=10", "customers asked for less")])
    de = book.get("de")
    assert de.min_gap_days == 10
    assert de.note_for("min_gap_days") == (
        "edited in this workspace by anna on 2026-11-23: customers asked for less"
    )
    assert de.cadence_days == BOOK.get("de").cadence_days  # the rest is as shipped
    stage = edited_book(SHIPPED, [edit("de", "cadence_days.prospect=28")]).get("de")
    assert stage.cadence_days[Stage.PROSPECT] == 28
    assert stage.cadence_days[Stage.LEAD] == 10
    assert SHIPPED["de"]["min_gap_days"] == 7  # the shipped data is never touched


def test_a_new_profile_starts_from_the_default() -> None:
    book = edited_book(
        SHIPPED, [edit("nordics", "countries=SE,NO,DK"), edit("nordics", "name=Nordics")]
    )
    nordics = book.get("nordics")
    assert nordics.countries == ("SE", "NO", "DK")
    assert nordics.cadence_days == BOOK.get(DEFAULT_PROFILE).cadence_days
    assert book.resolve(None, "SE").key == "nordics"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("min_gap_days=-5", "min_gap_days must not be negative"),
        ("deliberation_days=-1", "deliberation_days must be a whole number of days from 1"),
        ("checkin_days=0", "checkin_days must be a whole number of days from 1"),
        ("checkin_days=true", "checkin_days must be a whole number"),
        ("cadence_days.lead=0", "cadence days must be positive"),
        ("channel=fax", "channel 'fax' is not one of email, phone, in_person, message"),
        ("feedback_channel=fax", "feedback_channel 'fax' is not one of in_person, phone, survey"),
        ("dark_after_attempts=0", "dark_after_attempts must be a whole number from 1 to 100"),
        ("dark_after_rhythms=-2", "dark_after_rhythms must be a number above 0"),
        ("follow_up_points=gossip", "follow_up_points ['gossip'] holds an unknown point"),
        ('faux_pas=[{ text = "x", on = ["lunch"] }]', "faux pas 'on' 'lunch' is unknown"),
        ('faux_pas=["every {nonsense} days"]', "names no rule"),
        ("countries=DE", "country DE is in both profiles de and jp"),
        ("notes=just one", "notes must be a list of strings"),
    ],
)
def test_nonsense_is_refused_with_the_field_named(text: str, needle: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        edited_book(SHIPPED, [edit("jp", text)])
    assert caught.value.message.startswith("invalid culture edit")
    assert needle in caught.value.message


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("gap=3", "unknown culture field 'gap'"),
        ("cadence_days.boss=3", "unknown stage 'boss'"),
        ("source=mine", "unknown culture field 'source'"),
        ("min_gap_days", "write FIELD=VALUE"),
    ],
)
def test_unknown_fields_are_refused(text: str, needle: str) -> None:
    with pytest.raises(InvalidInput, match=needle):
        parse_assignment(text)


def test_profile_keys_and_list_additions() -> None:
    assert profile_key(" Nordics ") == "nordics"
    with pytest.raises(InvalidInput, match="invalid culture profile key"):
        profile_key("no spaces please")
    assert appended(["a"], "b") == ["a", "b"]
    assert appended(["a"], ["a", "c"]) == ["a", "c"]
    raw = apply_edits(SHIPPED, [edit("jp", 'faux_pas=["Shouting."]')])
    assert raw["jp"]["faux_pas"] == ["Shouting."]


# --- the shipped profiles --------------------------------------------------------------------

CORE_RHYTHM = ("cadence_days", "min_gap_days", "channel")


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_every_shipped_default_says_where_it_comes_from(key: str) -> None:
    raw = SHIPPED[key]
    assert raw.get("source"), f"{key}: the rhythm needs a source note"
    for field in INHERITED:
        if field in raw:
            assert raw.get("sources", {}).get(field), f"{key}.{field} has no source note"
    if raw.get("faux_pas"):
        assert raw["sources"]["faux_pas"], f"{key}: faux pas need a source note"
    # Every rule is in force (taken from the default profile where not set here).
    profile = BOOK.get(key)
    assert profile.checkin_days >= 1 and profile.dark_after_attempts >= 1
    assert isinstance(profile.feedback_channel, FeedbackChannel)
    assert set(profile.follow_up_points) <= set(FollowUpPoint)


def test_the_shipped_profiles_differ_where_the_practice_notes_say_so() -> None:
    jp, us, gulf, de = (BOOK.get(k) for k in ("jp", "us", "gulf", "de"))
    assert jp.deliberation_days and us.deliberation_days
    assert jp.deliberation_days > us.deliberation_days  # consensus takes long
    assert jp.delivery_days and jp.delivery_days < 14  # and then delivery at once
    assert jp.feedback_channel is FeedbackChannel.IN_PERSON
    assert us.feedback_channel is FeedbackChannel.SURVEY
    assert any("negotiate" in note for note in gulf.negotiation)
    assert de.dark_after_attempts < us.dark_after_attempts
    assert jp.faux_pas_on("service_request") == ("An upsell pitch at the end of a service call.",)
