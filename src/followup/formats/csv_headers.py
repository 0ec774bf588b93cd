"""What a contact CSV's columns mean, from their headers.

Covers the exports of Google Contacts (current 'Label' and legacy 'Type' headers),
Outlook (desktop, outlook.com, and German Outlook's localised headers), LinkedIn
'Connections', Thunderbird and Roundcube, and common generic names ('Email', 'Phone',
'Company'). Columns are recognised by name, never by position: the number of 'E-mail n'
and 'Phone n' groups depends on the export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """What a column holds: a field, for repeatable ones a slot, and the part of it."""

    field: str
    slot: str = ""
    part: str = "value"


# Fields a user can name in --map COLUMN=FIELD.
FIELDS = (
    "name given middle family prefix suffix nickname phonetic_given phonetic_family "
    "phonetic_name company department title email phone url address street extended po_box "
    "city region postal_code country birthday birth_year birth_month birth_day notes "
    "timezone language source stage ignore"
).split()
SIMPLE = {
    "name": ("name", "display name", "full name", "anzeigename", "nom complet", "名前", "氏名"),
    "given": ("first name", "given name", "vorname", "prénom", "prenom", "nombre", "nome", "名"),
    "middle": ("middle name", "additional name", "weitere vornamen", "second name"),
    "family": ("last name", "family name", "surname", "nachname", "nom", "apellidos", "姓"),
    "prefix": ("name prefix", "anrede", "titel", "civilité"),
    "honorific_or_title": ("title",),  # Outlook's 'Title' is 'Dr.'; elsewhere a job title
    "suffix": ("name suffix", "suffix", "namenszusatz", "suffixe"),
    "nickname": ("nickname", "spitzname", "short name", "surnom"),
    "phonetic_given": ("phonetic first name", "given name yomi", "given yomi", "first name yomi"),
    "phonetic_family": ("phonetic last name", "family name yomi", "surname yomi"),
    "phonetic_name": ("yomi name", "phonetic name"),
    "company": ("company", "organization", "organisation", "organization name", "firma"),
    "department": ("department", "organization department", "abteilung", "service"),
    "title": ("job title", "organization title", "position", "jobtitel", "fonction"),
    "birthday": ("birthday", "geburtstag", "date of birth", "anniversaire", "誕生日"),
    "birth_year": ("birth year",),
    "birth_month": ("birth month",),
    "birth_day": ("birth day",),
    "notes": ("notes", "note", "notizen", "bemerkungen", "comments", "メモ"),
    "timezone": ("time zone", "timezone", "zeitzone"),
    "language": ("language", "sprache"),
    "source": ("met at", "source", "event met"),
    "stage": ("stage",),
    "email": ("email", "e-mail", "email address", "e-mail address", "e-mail-adresse", "mail"),
    "phone": ("phone", "telephone", "phone number", "telefon", "tel", "téléphone"),
    "url": ("url", "website", "web page", "webseite", "homepage", "personal web page"),
    "street": ("street", "address street", "straße", "strasse", "rue"),
    "city": ("city", "ort", "stadt", "ville"),
    "region": ("state", "region", "province", "bundesland"),
    "postal_code": ("zip", "zip code", "postal code", "postcode", "postleitzahl", "plz"),
    "country": ("country", "country/region", "land", "pays"),
    "address": ("address", "adresse", "postal address"),
}
EXTRA = {
    "connected on": "Connected on LinkedIn",
    "spouse": "Spouse",
    "children": "Children",
    "manager's name": "Manager",
    "assistant's name": "Assistant",
    "anniversary": "Anniversary",
    "categories": "Categories",
    "labels": "Labels",
    "group membership": "Groups",
    "screen name": "Screen name",
    "im address": "IM",
    "imaddress": "IM",
    "office location": "Office",
    "location": "Location",
    "profession": "Profession",
    "occupation": "Occupation",
    "referred by": "Referred by",
    "keywords": "Keywords",
    "maiden name": "Maiden name",
    "hobby": "Hobby",
    "assistant's phone": "Assistant's phone",
    "telefon assistent": "Assistant's phone",
    "schools": "Schools",
}
IGNORED = frozenset(
    {"photo", "sensitivity", "priority", "private", "mileage", "billing information"}
    | {"directory server", "initials", "internet free busy", "gender", "file as", "account"}
    | {"e-mail display name", "e-mail 2 display name", "e-mail 3 display name", "subject"}
    | {"organizational id number", "government id number", "geschlecht", "vertraulichkeit"}
)
_GROUPS = (
    (re.compile(r"^e-?mail (\d+) - (value|type|label)$"), "email"),
    (re.compile(r"^phone (\d+) - (value|type|label)$"), "phone"),
    (re.compile(r"^website (\d+) - (value|type|label)$"), "url"),
    (re.compile(r"^address (\d+) - (.+)$"), "address"),
    (re.compile(r"^organization (\d+) - (.+)$"), "organization"),
    (re.compile(r"^(relation|custom field|im|event|external id) (\d+) - (.+)$"), "extra"),
)
_OUTLOOK_EMAIL = re.compile(r"^e-?mail(?: (\d))? address$|^e-mail (\d): adresse$")
_EMAIL_NOISE = re.compile(r"^e-?mail.*(type|typ|display name|anzeigename)$")
_PLAIN_EMAIL = re.compile(r"^(?:email|e-mail) ?(home|work|other|\d)?$|^(primary|secondary) email$")
_ADDRESS = re.compile(
    r"^(business|home|other|work) (street|street 2|street 3|city|state|postal code|zip|zipcode"
    r"|country/region|country|address|address 2|address po box)$"
)
_GERMAN_ADDRESS = re.compile(
    r"^(straße|strasse|straße 2|straße 3|ort|postleitzahl|land/region|land|bundesland/kanton"
    r"|bundesland|postfach) (geschäftlich|privat|weitere|andere)$"
)
_PHONE_WORDS = re.compile(
    r"phone|fax|mobile|pager|callback|isdn|telex|tty/tdd|telefon|handy|mobil|number$"
)
PARTS = {
    "street": "street",
    "street 2": "extended",
    "street 3": "extended",
    "city": "locality",
    "state": "region",
    "postal code": "postal_code",
    "zip": "postal_code",
    "zipcode": "postal_code",
    "country/region": "country",
    "country": "country",
    "address": "street",
    "address 2": "extended",
    "address po box": "po_box",
    "po box": "po_box",
    "region": "region",
    "formatted": "label",
    "extended address": "extended",
    "type": "kind",
    "label": "kind",
    "straße": "street",
    "strasse": "street",
    "straße 2": "extended",
    "straße 3": "extended",
    "ort": "locality",
    "postleitzahl": "postal_code",
    "land/region": "country",
    "land": "country",
    "bundesland/kanton": "region",
    "bundesland": "region",
    "postfach": "po_box",
}
KINDS = {"business": "work", "geschäftlich": "work", "privat": "home"}


def normal(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").strip().strip('"').casefold().split())


_SIMPLE = {alias: Role(field) for field, aliases in SIMPLE.items() for alias in aliases}


def role_of(header: str) -> Role | None:
    """What the column called `header` holds, or None if followup does not know it."""
    text = normal(header)
    if not text or text in IGNORED:
        return Role("ignore") if text else None
    if text in EXTRA:
        return Role("extra", EXTRA[text])
    for pattern, field in _GROUPS:
        if match := pattern.match(text):
            return _grouped(field, match)
    return _outlook(text) or _SIMPLE.get(text) or _phone(text)


def _grouped(field: str, match: re.Match[str]) -> Role:
    if field == "extra":
        return Role("extra", f"{match[1]} {match[2]}", match[3])
    slot, part = match[1], match[2]
    if field == "address":
        return Role("address", slot, PARTS.get(part, "ignore"))
    if field == "organization":
        fields = {"name": "company", "title": "title", "department": "department"}
        return Role(fields[part]) if slot == "1" and part in fields else Role("ignore")
    return Role(field, slot, "kind" if part in ("type", "label") else "value")


def _outlook(text: str) -> Role | None:
    if _EMAIL_NOISE.match(text):
        return Role("ignore")  # SMTP or EX, and the name Outlook showed: no labels
    if match := _OUTLOOK_EMAIL.match(text):
        return Role("email", match[1] or match[2] or "1", "value")
    if match := _PLAIN_EMAIL.match(text):
        slot = match[1] or ("1" if match[2] == "primary" else "2" if match[2] else "1")
        return Role("email", slot, "value")
    if match := _ADDRESS.match(text):
        return Role("address", KINDS.get(match[1], match[1]), PARTS[match[2]])
    if match := _GERMAN_ADDRESS.match(text):
        return Role("address", KINDS.get(match[2], "other"), PARTS[match[1]])
    return None


def _phone(text: str) -> Role | None:
    if not _PHONE_WORDS.search(text) or "yomi" in text:
        return None
    return Role("phone", text, "value")


def phone_kind(header: str) -> str:
    """'cell', 'fax', 'work', 'home' from a phone column's header ('Mobile Phone' ...)."""
    text = normal(header)
    for words, kind in (
        (("fax",), "fax"),
        (("mobile", "cell", "handy", "mobil"), "cell"),
        (("pager",), "pager"),
        (("business", "work", "geschäftlich", "company", "büro"), "work"),
        (("home", "privat"), "home"),
    ):
        if any(word in text for word in words):
            return kind
    return ""


def user_role(text: str) -> Role:
    """The role a user names in --map COLUMN=FIELD (checked against FIELDS)."""
    field = text.strip().lower().replace("-", "_").replace(" ", "_")
    if field not in FIELDS:
        raise ValueError(field)
    if field in ("street", "extended", "po_box", "city", "region", "postal_code", "country"):
        part = {"city": "locality"}.get(field, field)
        return Role("address", "mapped", part)
    if field == "address":
        return Role("address", "mapped", "label")
    return Role(field, f"mapped-{field}")
