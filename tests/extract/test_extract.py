"""The extractor on the forms of the issue: who owes what by when, what is no promise, what
was agreed, the rhythm; German; and bad input."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from followup.domain.errors import InvalidInput
from followup.domain.model import Side
from followup.extract import Extraction, as_text, extract

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=BERLIN)  # Monday 23 November 2026


def run(text: str, lang: str | None = None, **names: list[str]) -> Extraction:
    return extract(
        text, MONDAY, BERLIN, names.get("us", ["Anna"]), names.get("them", ["Maria"]), lang
    )


def one(text: str, **names: list[str]) -> tuple[str, str | None, str, str | None]:
    [found] = run(text, **names).commitments
    return found.owner.value, found.who, found.what, found.due


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I'll have the pricing sheet over to you by Wednesday.",
         ("us", "Anna", "send pricing sheet", "2026-11-25")),
        ("Our side sends the draft SOW early next week.",
         ("us", None, "send draft SOW", "2026-12-01")),
        ("- Maria to confirm headcount with HR before the 15th",
         ("them", "Maria", "confirm headcount with HR", "2026-12-14")),
        ("Herr Braun to send the parts list within 10 days",
         ("them", "Herr Braun", "send parts list", "2026-12-03")),
        ("- Anna: send the case study, in three weeks",
         ("us", "Anna", "send case study", "2026-12-14")),
        ("We will book the workshop room for mid-January.",
         ("us", None, "book workshop room", "2027-01-15")),
        ("I'll call you first thing on Monday.", ("us", "Anna", "call", "2026-11-30")),
        ("Maria will send the signed order tomorrow morning.",
         ("them", "Maria", "send signed order", "2026-11-24")),
        ("I'll update the forecast tonight.", ("us", "Anna", "update forecast", "2026-11-23")),
        ("We'll review the results together the week of Jan 11.",
         ("us", None, "review results together", "2027-01-15")),
        ("Maria will share the roadmap by month end.",
         ("them", "Maria", "share roadmap", "2026-11-30")),
        ("I'll send the draft on the 12th.", ("us", "Anna", "send draft", "2026-12-12")),
    ],
)  # fmt: skip
def test_promises_in_the_forms_people_write(text: str, expected: tuple[str, ...]) -> None:
    assert one(text, them=["Maria", "Herr Braun"]) == expected


def test_a_request_answered_sure_is_theirs_and_agreed() -> None:
    text = "Anna: Could your procurement team check the terms by month end?\nMaria: Sure.\n"
    [found] = run(text).commitments
    assert (found.owner, found.who, found.what, found.due) == (
        Side.THEM, "procurement team", "check terms", "2026-11-30"
    )  # fmt: skip
    assert found.agreed
    assert found.quote == "Could your procurement team check the terms by month end? — Sure."


def test_a_declined_offer_is_no_promise() -> None:
    text = "Anna: Want me to set up a trial?\nMaria: No, not until after budget season.\n"
    assert run(text).commitments == ()


def test_an_accepted_offer_is_ours() -> None:
    text = "Anna: Shall I send you the deck before Friday?\nMaria: Yes please.\n"
    [found] = run(text).commitments
    assert (found.owner, found.what, found.due, found.agreed) == (
        Side.US, "send deck", "2026-11-26", True
    )  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "They may open an office in Austin at some point.",
        "We already sent the NDA.",
        "Maria said their CFO has approved the budget.",
        "How was the trip to Lisbon?",
        "If the board approves, we'd want to start in July.",
        "I can't commit to a discount today.",
        "They're moving offices end of April (FYI).",
        "Thanks for the demo yesterday, the team loved it.",
    ],
)
def test_what_is_no_promise(text: str) -> None:
    assert run(text).commitments == ()


def test_agreement_is_noticed() -> None:
    text = (
        "Anna: I'll send the contract on Wednesday. Does that suit you?\n"
        "Maria: Yes, fine.\n"
        "Anna: And I'll check the delivery slots.\n"
        "Maria: Could you also add the spare parts?\n"
    )
    contract, slots, *rest = run(text).commitments
    assert (contract.what, contract.agreed) == ("send contract", True)
    assert (slots.what, slots.agreed) == ("check delivery slots", False)
    assert [c.what for c in rest] == ["add spare parts"]


@pytest.mark.parametrize(
    "text, days, channel",
    [
        ("Let's touch base every other week, preferably by phone.", 14, "phone"),
        ("We agreed on a monthly call.", 30, "phone"),
        ("She'd like an email update every 6 weeks.", 42, "email"),
        ("Wir melden uns alle zwei Wochen telefonisch.", 14, "phone"),
    ],
)
def test_the_agreed_rhythm(text: str, days: int, channel: str) -> None:
    cadence = run(text).cadence
    assert cadence is not None and (cadence.every_days, cadence.channel) == (days, channel)


def test_no_rhythm_without_one() -> None:
    assert run("Just stay in touch loosely.").cadence is None


def test_german_notes() -> None:
    found = run(
        "Herr Braun sendet uns die Stückliste bis Mittwoch.\n"
        "Wir schicken das überarbeitete Angebot Ende nächster Woche.\n",
        them=["Herr Braun"],
    ).commitments
    assert [(c.owner.value, c.what, c.due) for c in found] == [
        ("them", "Stückliste senden", "2026-11-25"),
        ("us", "überarbeitete Angebot schicken", "2026-12-04"),
    ]


def test_an_unresolvable_date_is_null_with_the_phrase_kept() -> None:
    [found] = run("I'll send the revised offer sometime soon.").commitments
    assert found.due is None
    assert "sometime soon" in found.quote


def test_an_email_from_the_customer_turns_we_around() -> None:
    text = (
        "From: Maria Lopez <maria@acme.example>\n\nHi Anna,\n\n"
        "we will send the data retention policy by Tuesday. Could you send us the "
        "architecture diagram?\n\nBest,\nMaria\n"
    )
    found = run(text, them=["Maria Lopez"]).commitments
    assert [(c.owner.value, c.what, c.due, c.agreed) for c in found] == [
        ("them", "send data retention policy", "2026-11-24", True),
        ("us", "send architecture diagram", None, True),
    ]


def test_empty_text_gives_nothing() -> None:
    result = run("")
    assert result.document() == {"commitments": [], "cadence": None}


def test_a_megabyte_of_text_is_read() -> None:
    note = "Maria will send the signed order tomorrow. We talked about the weather. "
    result = run(note * (1_000_000 // len(note)))
    assert len(result.commitments) == 1_000_000 // len(note)
    assert {c.due for c in result.commitments} == {"2026-11-24"}


def test_an_unsupported_language_is_said_clearly() -> None:
    with pytest.raises(InvalidInput, match=r"unsupported language 'fr'.*English \(en\) and German"):
        run("Bonjour", lang="fr")
    french = (
        "Nous vous enverrons le devis avant vendredi et nous appellerons la semaine pour la suite."
    )
    with pytest.raises(InvalidInput, match=r"look like French \(fr\)"):
        run(french)
    with pytest.raises(InvalidInput, match="look like Japanese"):
        run("来週の金曜日までに見積書をお送りします。よろしくお願いします。")


@pytest.mark.parametrize(
    ("note", "named"),
    [
        ("Nous envoyons l'offre vendredi.", "French (fr)"),
        ("Merci! On vous envoie le devis vendredi.", "French (fr)"),
        ("Mandamos la oferta el viernes.", "Spanish (es)"),
        ("Inviamo il preventivo venerdì.", "Italian (it)"),
        ("We sturen de offerte vrijdag.", "Dutch (nl)"),
        ("Enviamos a proposta na sexta.", "Portuguese (pt)"),
    ],
)
def test_a_short_note_in_another_language_is_named_not_read_as_empty(note: str, named: str) -> None:
    # Short notes used to pass as English and yield nothing, with no word on why.
    with pytest.raises(InvalidInput, match=re.escape(f"look like {named}")):
        run(note)


@pytest.mark.parametrize(
    "note",
    [
        "Send Jean-Luc the devis by Friday, as discussed with la Poste.",
        "Maria said: merci, la semaine prochaine! We send the offer on Monday.",
        "Wir schicken das Angebot bis Freitag, es ist fast fertig.",
        "Pablo will send the presupuesto tomorrow.",
    ],
)
def test_foreign_words_in_an_english_or_german_note_do_not_refuse_it(note: str) -> None:
    run(note)


def test_binary_input_is_refused() -> None:
    with pytest.raises(InvalidInput, match="binary"):
        as_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InvalidInput, match="binary"):
        as_text(bytes(range(1, 32)) * 40)
    assert as_text("Grüße".encode("cp1252")) == "Grüße"
    assert as_text("\ufeffHi".encode()) == "Hi"
