"""The recap email after a meeting: thanks, the agreed next steps by side, the next contact,
in the customer's language (English or German) and their locale's date format, as plain
text, Markdown or HTML (all user text escaped)."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from babel.dates import format_date

from followup.formats.markup import markdown_text


class RecapFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


FORMATS = tuple(f.value for f in RecapFormat)
GERMAN_COUNTRIES = {"DE", "AT", "CH", "LI", "LU"}
ENGLISH_COUNTRIES = {"GB", "IE", "AU", "NZ", "IN", "CA", "SG", "ZA", "US"}


@dataclass(frozen=True)
class RecapItem:
    what: str
    due: date
    who: str | None = None


@dataclass(frozen=True)
class RecapContent:
    """Everything the email says, already in the customer's calendar."""

    person_name: str
    sender: str
    kind: str  # meeting, call, email, message, visit
    day: date  # the meeting's day where the customer is
    ours: tuple[RecapItem, ...]
    theirs: tuple[RecapItem, ...]
    next_contact: date | None
    channel: str | None
    locale: str  # e.g. de_DE, en_GB, en_US


@dataclass(frozen=True)
class Recap:
    subject: str
    body: str
    format: str
    language: str
    locale: str


@dataclass(frozen=True)
class Words:
    """One language's sentences of the recap."""

    subject: str
    greeting: str
    thanks: str
    thanks_none: str
    ours: str
    theirs: str
    item: str
    who: str
    next: str
    closing: str
    kinds: dict[str, str]
    channels: dict[str, str]
    subject_kinds: dict[str, str]


TEMPLATES = {
    "en": Words(
        subject="Next steps after our {kind} on {day}",
        greeting="Hello {first_name},",
        thanks="Thank you for the {kind} on {day}. Here are the next steps we agreed.",
        thanks_none="Thank you for the {kind} on {day}.",
        ours="What we will do",
        theirs="What you will do",
        item="{what} — by {due}",
        who=" ({who})",
        next="We will be in touch again on {day}{channel}.",
        closing="Best regards,",
        kinds={"meeting": "meeting", "call": "call", "visit": "visit", "email": "email",
               "message": "message"},
        channels={"phone": " by phone", "email": " by email", "in_person": " in person",
                  "message": " by message"},
        subject_kinds={},
    ),
    "de": Words(
        subject="Nächste Schritte nach {kind} am {day}",
        greeting="Guten Tag {full_name},",
        thanks="vielen Dank für {kind} am {day}. Hier die vereinbarten nächsten Schritte.",
        thanks_none="vielen Dank für {kind} am {day}.",
        ours="Was wir tun",
        theirs="Was Sie tun",
        item="{what} – bis {due}",
        who=" ({who})",
        next="Wir melden uns wieder am {day}{channel}.",
        closing="Viele Grüße",
        kinds={"meeting": "das Gespräch", "call": "das Telefonat", "visit": "den Besuch",
               "email": "Ihre Nachricht", "message": "Ihre Nachricht"},
        channels={"phone": " telefonisch", "email": " per E-Mail", "in_person": " persönlich",
                  "message": " per Nachricht"},
        subject_kinds={"meeting": "unserem Gespräch", "call": "unserem Telefonat",
                       "visit": "Ihrem Besuch", "email": "Ihrer Nachricht",
                       "message": "Ihrer Nachricht"},
    ),
}  # fmt: skip


def locale_for(language: str | None, country: str | None) -> str:
    """The babel locale for a customer: their language (with their country), else their
    country's, else English."""
    lang = (language or "").replace("-", "_").split("_")[0].lower()
    country = (country or "").upper()
    if not lang:
        lang = "de" if country in GERMAN_COUNTRIES else "en"
    if lang not in TEMPLATES:
        lang = "en"
    if lang == "de" and country not in GERMAN_COUNTRIES:
        country = "DE"
    if lang == "en" and country not in ENGLISH_COUNTRIES:
        country = "US"
    return f"{lang}_{country}"


def render(content: RecapContent, fmt: str = "text") -> Recap:
    """The recap email in `fmt` (text, markdown or html)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown recap format {fmt!r}")
    language = content.locale.split("_")[0]
    words = TEMPLATES[language]
    day = _day(content.day, content.locale, content.day)
    kind = words.kinds.get(content.kind, content.kind)
    subject = words.subject.format(kind=words.subject_kinds.get(content.kind, kind), day=day)
    escape = ESCAPES[fmt]
    names = content.person_name.split()
    paragraphs = [
        words.greeting.format(
            first_name=escape(names[0] if names else ""), full_name=escape(content.person_name)
        ),
        (words.thanks if content.ours or content.theirs else words.thanks_none).format(
            kind=kind, day=day
        ),
    ]
    blocks = [
        (title, [_item(i, words, content, escape) for i in items])
        for title, items in ((words.ours, content.ours), (words.theirs, content.theirs))
        if items
    ]
    closing = [words.closing, escape(content.sender)]
    if content.next_contact is not None:
        channel = words.channels.get(content.channel or "", "")
        when = _day(content.next_contact, content.locale, content.day)
        closing.insert(0, words.next.format(day=when, channel=channel))
    body = LAYOUTS[fmt](paragraphs, blocks, closing)
    return Recap(subject, body, fmt, language, content.locale)


def _item(
    item: RecapItem, words: Words, content: RecapContent, escape: Callable[[str], str]
) -> str:
    what = item.what[:1].upper() + item.what[1:]
    text = words.item.format(what=escape(what), due=_day(item.due, content.locale, content.day))
    if item.who and item.who not in (content.person_name, content.sender):
        text += words.who.format(who=escape(item.who))
    return text


def _day(day: date, locale: str, meeting: date) -> str:
    """'Wednesday, 25 November 2026' as the customer's locale writes a full date."""
    del meeting
    return format_date(day, format="full", locale=locale)


ESCAPES: dict[str, Callable[[str], str]] = {
    "text": lambda text: text,
    "markdown": markdown_text,
    "html": lambda text: html.escape(text, quote=True),
}


def _text(paragraphs: list[str], blocks: list[tuple[str, list[str]]], closing: list[str]) -> str:
    parts = [*paragraphs]
    parts += [f"{title}:\n" + "\n".join(f"- {line}" for line in lines) for title, lines in blocks]
    parts.append("\n".join([*closing[:-2], "", *closing[-2:]]).strip())
    return "\n\n".join(parts) + "\n"


def _markdown(
    paragraphs: list[str], blocks: list[tuple[str, list[str]]], closing: list[str]
) -> str:
    parts = [*paragraphs]
    parts += [
        f"**{title}**\n\n" + "\n".join(f"- {line}" for line in lines) for title, lines in blocks
    ]
    tail = closing[:-2]
    parts += [*tail, f"{closing[-2]}  \n{closing[-1]}"]
    return "\n\n".join(parts) + "\n"


def _html(paragraphs: list[str], blocks: list[tuple[str, list[str]]], closing: list[str]) -> str:
    parts = [f"<p>{p}</p>" for p in paragraphs]
    for title, lines in blocks:
        items = "".join(f"<li>{line}</li>" for line in lines)
        parts.append(f"<h3>{html.escape(title)}</h3>\n<ul>{items}</ul>")
    parts += [f"<p>{line}</p>" for line in closing[:-2]]
    parts.append(f"<p>{closing[-2]}<br>{closing[-1]}</p>")
    return "\n".join(parts) + "\n"


LAYOUTS = {"text": _text, "markdown": _markdown, "html": _html}
