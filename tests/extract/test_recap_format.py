"""The recap renderer alone: locales, languages, escaping in each format."""

from __future__ import annotations

from datetime import date

import pytest

from followup.formats.recap import RecapContent, RecapItem, locale_for, render


@pytest.mark.parametrize(
    "language, country, locale",
    [
        (None, "DE", "de_DE"), (None, "AT", "de_AT"), ("de", "US", "de_DE"), (None, "GB", "en_GB"),
        (None, "JP", "en_US"), ("ja", "JP", "en_US"), ("en-GB", None, "en_US"),
        ("en", "IN", "en_IN"), (None, None, "en_US"),
    ],
)  # fmt: skip
def test_locale_for(language: str | None, country: str | None, locale: str) -> None:
    assert locale_for(language, country) == locale


def content(locale: str, what: str = "send pricing sheet") -> RecapContent:
    return RecapContent(
        person_name="Hans Braun", sender="Anna <a&b>", kind="visit", day=date(2026, 11, 23),
        ours=(RecapItem(what, date(2026, 11, 25)),),
        theirs=(RecapItem("confirm budget", date(2027, 1, 15), "Petra"),),
        next_contact=date(2026, 12, 7), channel="in_person", locale=locale,
    )  # fmt: skip


def test_british_dates_and_the_next_visit() -> None:
    email = render(content("en_GB"))
    assert email.subject == "Next steps after our visit on Monday, 23 November 2026"
    assert "- Send pricing sheet — by Wednesday, 25 November 2026" in email.body
    assert "- Confirm budget — by Friday, 15 January 2027 (Petra)" in email.body
    assert "We will be in touch again on Monday, 7 December 2026 in person." in email.body


def test_german_template() -> None:
    email = render(content("de_AT"))
    assert email.subject == "Nächste Schritte nach Ihrem Besuch am Montag, 23. November 2026"
    assert "vielen Dank für den Besuch am Montag, 23. November 2026." in email.body
    assert "Wir melden uns wieder am Montag, 7. Dezember 2026 persönlich." in email.body


def test_html_escapes_all_user_text() -> None:
    email = render(content("en_US", what='send <img src=x onerror="x()"> & more'), "html")
    assert "<img" not in email.body
    assert "Send &lt;img src=x onerror=&quot;x()&quot;&gt; &amp; more" in email.body
    assert "Anna &lt;a&amp;b&gt;" in email.body


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="pdf"):
        render(content("en_US"), "pdf")
