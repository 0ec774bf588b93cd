"""Culture profiles: editable data, validated when read, resolved by culture or country."""

from __future__ import annotations

import pytest

from followup.domain.culture import CultureBook, FauxPas, parse_culture_book
from followup.domain.errors import InvalidInput
from followup.domain.model import Channel, Rhythm, Stage
from followup.services.workspace import shipped_cultures

MINIMAL = """
[profiles.default]
name = "Default"
cadence_days = { lead = 7, prospect = 14, customer = 30 }
min_gap_days = 3
channel = "email"

[profiles.de]
name = "Germany"
countries = ["de", "AT"]
cadence_days = { lead = 10, customer = 60 }
min_gap_days = 14
channel = "phone"
notes = ["Agree the frequency explicitly."]
faux_pas = ["Chasing more often than agreed."]
source = "Test data."
deliberation_days = 30
"""


def profile_text(**fields: str) -> str:
    """A one-profile book ('default') with some fields replaced (value '' drops a field)."""
    base = {
        "name": '"Default"',
        "cadence_days": "{ lead = 7 }",
        "min_gap_days": "3",
        "channel": '"email"',
    }
    base.update(fields)
    lines = [f"{key} = {value}" for key, value in base.items() if value]
    return "[profiles.default]\n" + "\n".join(lines) + "\n"


def test_parse_culture_book_reads_profiles() -> None:
    book = parse_culture_book(MINIMAL)
    de = book.get("de")
    assert de.name == "Germany"
    assert de.countries == ("DE", "AT")
    assert de.cadence_days == {Stage.LEAD: 10, Stage.CUSTOMER: 60}
    assert de.channel is Channel.PHONE
    assert de.notes == ("Agree the frequency explicitly.",)
    assert de.faux_pas == (FauxPas("Chasing more often than agreed."),)
    assert de.source == "Test data."
    assert de.deliberation_days == 30  # a rule of its own now, no longer an unknown extra
    assert de.extra == {}
    # The default rhythm never has a minimum gap longer than the rhythm itself.
    assert de.rhythm_for(Stage.LEAD) == Rhythm(10, 10, Channel.PHONE, "culture:de")
    assert de.rhythm_for(Stage.CUSTOMER) == Rhythm(60, 14, Channel.PHONE, "culture:de")
    assert de.rhythm_for(Stage.PROSPECT) is None
    assert de.rhythm_for(Stage.COLLEAGUE) is None


def test_a_default_profile_is_required() -> None:
    text = profile_text().replace("profiles.default", "profiles.us")
    with pytest.raises(InvalidInput, match="'default' profile is required"):
        parse_culture_book(text)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (profile_text(channel='"fax"'), "fax"),
        (profile_text(cadence_days="{ lead = 0 }"), "cadence days must be positive"),
        (profile_text(cadence_days="{ lead = -7 }"), "cadence days must be positive"),
        (profile_text(cadence_days="{ boss = 7 }"), "boss"),
        (profile_text(name=""), "name"),
        (profile_text(channel=""), "channel"),
        (profile_text(min_gap_days='"soon"'), "soon"),
        (profile_text(min_gap_days="-1"), "min_gap_days"),
        (profile_text(cadence_days="7"), "cadence_days"),
        (profile_text(countries='"DE"'), "countries"),
        (profile_text(notes='"one note"'), "notes"),
        ("[profiles.default\n", ""),
        ("", "profiles"),
        ("profiles = 3", "profiles"),
        ("[profiles]\ndefault = 3\n", ""),
    ],
)
def test_invalid_culture_books_are_refused_clearly(text: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_culture_book(text)
    assert caught.value.message.startswith("invalid culture profiles")
    assert fragment in caught.value.message


# --- the shipped profiles ---

SHIPPED = ("default", "us", "ca", "de", "gb", "fr", "jp", "cn", "in", "gulf", "br")


@pytest.fixture(scope="module")
def book() -> CultureBook:
    return shipped_cultures()


@pytest.mark.parametrize("key", SHIPPED)
def test_shipped_profiles_have_cadences_for_every_selling_stage(
    book: CultureBook, key: str
) -> None:
    profile = book.get(key)
    assert profile.key == key
    assert profile.name
    assert profile.source, "every profile says where its defaults come from"
    for stage in (Stage.LEAD, Stage.PROSPECT, Stage.CUSTOMER):
        assert profile.cadence_days[stage] >= 1
        rhythm = profile.rhythm_for(stage)
        assert rhythm is not None and not rhythm.agreed
        assert rhythm.source == f"culture:{key}"
    # Leads hear from us at least as often as customers.
    assert profile.cadence_days[Stage.LEAD] <= profile.cadence_days[Stage.CUSTOMER]
    assert Stage.COLLEAGUE not in profile.cadence_days


def test_shipped_profiles_differ_where_the_literature_says_so(book: CultureBook) -> None:
    assert book.get("us").cadence_days[Stage.LEAD] < book.get("de").cadence_days[Stage.LEAD]
    assert book.get("de").min_gap_days > book.get("us").min_gap_days
    assert book.get("gulf").channel is Channel.IN_PERSON
    assert set(SHIPPED) <= set(book.profiles)


@pytest.mark.parametrize(
    ("culture", "countries", "key"),
    [
        (None, ("JP",), "jp"),
        (None, ("jp",), "jp"),
        (None, ("AE",), "gulf"),
        (None, ("SA",), "gulf"),
        (None, ("AT",), "de"),
        (None, ("HK",), "cn"),
        (None, ("ZZ",), "default"),
        (None, (None,), "default"),
        (None, (), "default"),
        (None, (None, "DE"), "de"),  # the person has no country: the account's applies
        (None, ("US", "DE"), "us"),  # the person's country comes first
        ("jp", ("US",), "jp"),  # an explicit culture wins
        ("gulf", (None,), "gulf"),
        ("", ("BR",), "br"),
    ],
)
def test_resolve(
    book: CultureBook, culture: str | None, countries: tuple[str | None, ...], key: str
) -> None:
    assert book.resolve(culture, *countries).key == key


def test_resolve_refuses_an_unknown_explicit_culture(book: CultureBook) -> None:
    with pytest.raises(InvalidInput) as caught:
        book.resolve("atlantis", "JP")
    assert "'atlantis'" in caught.value.message
    assert "jp" in caught.value.message  # lists the known ones
