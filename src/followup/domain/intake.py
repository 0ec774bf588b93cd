"""From a card to a contact followup can keep: names split, emails checked, phones in
E.164, the country from the address or the phone, the time zone from the country or the
phone's area, the birthday as an ISO date.

Nothing that matters is lost: a value that cannot be understood (an email that is no
address, a phone field holding a word, an impossible birthday) is reported with its
record and line and kept, as written, in the notes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Protocol

from followup.domain.birthdays import parse_birthday
from followup.domain.cards import Address, Card, Problem
from followup.domain.contacts import normalise_email
from followup.domain.errors import InvalidInput
from followup.domain.localtime import zone
from followup.domain.personal_names import compose_name, split_name
from followup.domain.phones import Phone, parse_phone

NOTES_LIMIT = 100_000
LIMITS = {"company": 300, "department": 300, "title": 300, "nickname": 200, "language": 16}
PART_LIMIT = 200
_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")


class Places(Protocol):
    """Where things are: country names in any language, and each country's time zones."""

    def country_code(self, text: str) -> str | None: ...

    def main_zone(self, country: str) -> str | None: ...

    def several_zones(self, country: str) -> bool: ...


@dataclass(frozen=True)
class IntakeDefaults:
    """What applies when a card does not say: the importing user's country and zone."""

    country: str | None
    timezone: str


@dataclass(frozen=True)
class Contact:
    """A person as a card describes them, understood and checked."""

    record: int
    line: int
    name: str
    given: str = ""
    family: str = ""
    middle: str = ""
    prefix: str = ""
    suffix: str = ""
    phonetic_given: str = ""
    phonetic_family: str = ""
    nickname: str = ""
    company: str = ""
    department: str = ""
    title: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    addresses: tuple[Address, ...] = ()
    birthday: str = ""
    notes: str = ""
    country: str = ""
    timezone: str = "UTC"
    timezone_inferred: bool = False
    language: str = ""
    source: str = ""
    stage: str = ""

    def fingerprint(self, context: str) -> str:
        """The same contact imported in the same way gives the same print."""
        facts = tuple(v for k, v in self.__dict__.items() if k not in ("record", "line"))
        text = repr((context, facts))
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class _Draft:
    card: Card
    problems: list[Problem] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)

    def fail(self, line: int, message: str, kept: str, skipped: bool = False) -> None:
        suffix = "; kept it in the notes" if kept and not skipped else ""
        self.problems.append(Problem(self.card.record, line, message + suffix, skipped))
        if kept:
            self.unread.append(kept)


def understand(
    card: Card, defaults: IntakeDefaults, places: Places
) -> tuple[Contact | None, list[Problem]]:
    """The contact a card describes (None if it names nobody) and what was wrong with it."""
    draft = _Draft(card, list(card.problems))
    emails = _emails(draft)
    country = _address_country(card, places)
    phones = _phones(draft, country or script_country(card) or defaults.country)
    country = country or next((region for p in phones if (region := p.region)), None)
    timezone, inferred = _timezone(draft, country, phones, defaults, places)
    name = _name(draft, emails, phones)
    if name is None:
        return None, draft.problems
    values = _parts(draft, name)
    birthday = _birthday(draft, country)
    contact = Contact(
        record=card.record,
        line=card.line,
        name=name,
        emails=emails,
        phones=tuple(dict.fromkeys(p.e164 for p in phones)),
        urls=tuple(dict.fromkeys(u.value.strip() for u in card.urls if u.value.strip())),
        addresses=tuple({a.formatted(): a for a in card.addresses}.values()),
        birthday=birthday,
        country=country or "",
        timezone=timezone,
        timezone_inferred=inferred,
        source=card.source,
        stage=card.stage.lower(),
        **values,
    )
    return _with_notes(draft, contact), draft.problems


def _emails(draft: _Draft) -> tuple[str, ...]:
    found: list[str] = []
    for email in draft.card.emails:
        try:
            found.append(normalise_email(email.value))
        except InvalidInput as exc:
            draft.fail(email.line, exc.message, f"email: {email.value}")
    return tuple(dict.fromkeys(found))


def _phones(draft: _Draft, region: str | None) -> list[Phone]:
    found: list[Phone] = []
    for phone in draft.card.phones:
        try:
            found.append(parse_phone(phone.value, region))
        except InvalidInput as exc:
            label = f"phone ({phone.kind})" if phone.kind else "phone"
            draft.fail(phone.line, exc.message, f"{label}: {phone.value}")
    return found


def script_country(card: Card) -> str | None:
    """The country a name's script gives away: kana is Japanese, hangul Korean.
    (Chinese characters alone could be Chinese, Japanese or Korean: no guess.)"""
    text = card.full_name + card.family + card.given + card.phonetic_family
    if _KANA.search(text):
        return "JP"
    if _HANGUL.search(text):
        return "KR"
    return None


def _address_country(card: Card, places: Places) -> str | None:
    for address in card.addresses:
        if address.country and (code := places.country_code(address.country)):
            return code
    return None


def _timezone(
    draft: _Draft,
    country: str | None,
    phones: list[Phone],
    defaults: IntakeDefaults,
    places: Places,
) -> tuple[str, bool]:
    """The card's own TZ if it names a zone; else the phone's area (+1 415 is Los
    Angeles); else the country's main zone; else the importing user's."""
    given = draft.card.timezone.strip()
    if given and "/" in given:
        try:
            return zone(given.removeprefix("VALUE=text:")).key, True
        except InvalidInput:
            pass
    # Only where a country spans zones does the phone's area say more than the country.
    for phone in phones if country is None or places.several_zones(country) else []:
        zones = phone.zones()
        if len(zones) == 1 and (country is None or phone.region == country):
            return zones[0], True
    main = places.main_zone(country) if country else None
    return (main, True) if main else (defaults.timezone, False)


def _name(draft: _Draft, emails: tuple[str, ...], phones: list[Phone]) -> str | None:
    card = draft.card
    composed = compose_name(card.given, card.family, card.middle)
    name = card.full_name or composed or card.nickname
    if not name:
        name = next(iter(emails), "") or (phones[0].e164 if phones else "") or card.org
        if name:
            draft.fail(card.line, f"no name given; named the person {name!r}", "")
    name = " ".join(name.split())
    if not name:
        draft.fail(card.line, "no name, email or phone: nobody to import", "", skipped=True)
        return None
    if len(name) > 300:
        draft.fail(card.line, f"the name {name[:40]!r}... is too long (over 300)", "", True)
        return None
    return name


def _parts(draft: _Draft, name: str) -> dict[str, str]:
    card = draft.card
    if card.given or card.family:
        parts = {"given": card.given, "family": card.family, "middle": card.middle}
        parts |= {"prefix": card.prefix, "suffix": card.suffix}
    elif card.full_name and "@" not in name:
        split = split_name(name)
        parts = {"given": split.given, "family": split.family, "middle": split.middle}
        parts |= {"prefix": split.prefix, "suffix": split.suffix}
    else:
        parts = {}
    parts |= {"phonetic_given": card.phonetic_given, "phonetic_family": card.phonetic_family}
    parts = {k: _fit(draft, k.replace("_", " "), v, PART_LIMIT) for k, v in parts.items()}
    values = {
        "nickname": card.nickname,
        "company": card.org,
        "department": " / ".join(card.org_units),
        "title": card.title,
        "language": card.language,
    }
    parts |= {k: _fit(draft, k, v, LIMITS[k]) for k, v in values.items()}
    return parts


def _fit(draft: _Draft, what: str, value: str, limit: int) -> str:
    if len(value) <= limit:
        return value
    draft.fail(draft.card.line, f"the {what} is too long (over {limit})", f"{what}: {value}")
    return ""


def _birthday(draft: _Draft, country: str | None) -> str:
    birthday = draft.card.birthday
    if birthday is None:
        return ""
    try:
        return parse_birthday(birthday.value, country) or ""
    except InvalidInput as exc:
        draft.fail(birthday.line, exc.message, f"birthday: {birthday.value}")
        return ""


def _with_notes(draft: _Draft, contact: Contact) -> Contact:
    card = draft.card
    lines = list(dict.fromkeys(card.notes))
    lines += [f"{label}: {value}" for label, value in card.extras]
    if draft.unread:
        lines.append("Not understood on import: " + "; ".join(draft.unread))
    notes = "\n\n".join(lines)
    if len(notes) > NOTES_LIMIT:
        draft.fail(
            card.line,
            f"the notes are {len(notes):,} characters; kept the first {NOTES_LIMIT:,}",
            "",
        )
        notes = notes[:NOTES_LIMIT]
    return Contact(**{**contact.__dict__, "notes": notes})
