"""What each vCard property means for a card: one small handler per property name.

Handlers get the decoded (still escaped) value text and the value's label. Properties
with no field of their own that still matter to a relationship (instant messaging,
related people, anniversaries, categories) are kept in the notes; the rest (PRODID,
REV, UID, X-MS-OL-DESIGN, ...) is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from followup.domain.cards import Address, Card, Typed
from followup.formats.vcard_lines import Property, components, folded_width, unescape

Handler = Callable[[Card, Property, str, str], None]


def _one_line(text: str) -> str:
    return " ".join(unescape(text).split())


def _full_name(card: Card, prop: Property, text: str, kind: str) -> None:
    if not card.full_name:
        card.full_name = _one_line(text)


def _name(card: Card, prop: Property, text: str, kind: str) -> None:
    parts = [" ".join(p.replace(",", " ").split()) for p in components(text)] + [""] * 5
    card.family, card.given, card.middle = parts[0], parts[1], parts[2]
    card.prefix, card.suffix = parts[3], parts[4]
    sort_as = prop.param("SORT-AS")
    if sort_as:  # vCard 4.0: SORT-AS="family,given" (Android writes ';')
        readings = [r.strip() for r in sort_as.replace(";", ",").split(",")] + ["", ""]
        card.phonetic_family = card.phonetic_family or readings[0]
        card.phonetic_given = card.phonetic_given or readings[1]


def _reading(card: Card, prop: Property, text: str, kind: str) -> None:
    """SOUND;X-IRMC-N: 'family reading;given reading', often in half-width kana."""
    parts = [folded_width(p).strip() for p in components(text)] + ["", ""]
    card.phonetic_family = card.phonetic_family or parts[0]
    card.phonetic_given = card.phonetic_given or parts[1]


def _phonetic(field: str) -> Handler:
    def handle(card: Card, prop: Property, text: str, kind: str) -> None:
        if not getattr(card, field):
            setattr(card, field, folded_width(_one_line(text)))

    return handle


def _sort_string(card: Card, prop: Property, text: str, kind: str) -> None:
    """vCard 3.0 SORT-STRING: a reading for Japanese names; a plain sort key otherwise."""
    reading = folded_width(_one_line(text))
    if reading.isascii() or card.phonetic_family or card.phonetic_given:
        return
    family, _, given = reading.partition(" ")
    card.phonetic_family, card.phonetic_given = family, given.strip()


def _nickname(card: Card, prop: Property, text: str, kind: str) -> None:
    names = ", ".join(n.strip() for n in components(text, ",") if n.strip())
    if not card.nickname:
        card.nickname = names
    elif names != card.nickname:
        card.keep("Nickname", names)


def _org(card: Card, prop: Property, text: str, kind: str) -> None:
    parts = [" ".join(p.split()) for p in components(text)]
    company, units = (parts[0] if parts else ""), [p for p in parts[1:] if p]
    if not card.org and not card.org_units:
        card.org, card.org_units = company, units
    elif company or units:
        card.keep("Organization", " / ".join(p for p in [company, *units] if p))


def _title(card: Card, prop: Property, text: str, kind: str) -> None:
    value = _one_line(text)
    if not card.title:
        card.title = value
    elif value != card.title:
        card.keep("Title", value)


def _role(card: Card, prop: Property, text: str, kind: str) -> None:
    value = _one_line(text)
    if value and value != card.title:
        card.keep("Role", value)


def _typed(field: str, scheme: str = "") -> Handler:
    """EMAIL, TEL, URL: a labelled value; 'mailto:' or 'tel:' (vCard 4.0 URIs) dropped."""

    def handle(card: Card, prop: Property, text: str, kind: str) -> None:
        value = _one_line(text)
        if scheme and value.lower().startswith(scheme):
            value = value[len(scheme) :]
        if value:
            getattr(card, field).append(Typed(value, kind, prop.line))

    return handle


def _address(card: Card, prop: Property, text: str, kind: str) -> None:
    parts = [_joined_lines(part) for part in components(text)] + [""] * 7
    label = unescape(prop.param("LABEL")).strip()
    po_box, extended, street, locality, region, postal_code, country = parts[:7]
    address = Address(kind, po_box, extended, street, locality, region, postal_code, country, label)
    if address.structured or address.label:
        card.addresses.append(address)


def _joined_lines(text: str) -> str:
    return ", ".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _label(card: Card, prop: Property, text: str, kind: str) -> None:
    """A formatted address (vCard 2.1/3.0 LABEL): joins the ADR of the same kind."""
    label = unescape(text).strip()
    if label:
        card.addresses.append(Address(kind, label=label))


def attach_labels(card: Card) -> None:
    """Give each LABEL-only address to the structured address of the same kind."""
    structured = [a for a in card.addresses if a.structured]
    loose: list[Address] = []
    for only_label in (a for a in card.addresses if not a.structured):
        twin = next(
            (i for i, a in enumerate(structured) if a.kind == only_label.kind and not a.label),
            None,
        )
        if twin is None:
            loose.append(only_label)
        else:
            structured[twin] = replace(structured[twin], label=only_label.label)
    card.addresses = structured + loose


def _birthday(card: Card, prop: Property, text: str, kind: str) -> None:
    value = _one_line(text)
    omit_year = prop.param("X-APPLE-OMIT-YEAR")
    if omit_year and value.startswith(omit_year):
        value = "--" + value[len(omit_year) :].lstrip("-")
    if value and card.birthday is None:
        card.birthday = Typed(value, "", prop.line)


def _note(card: Card, prop: Property, text: str, kind: str) -> None:
    note = unescape(text).strip()
    if note:
        card.notes.append(note)


def _setter(field: str) -> Handler:
    def handle(card: Card, prop: Property, text: str, kind: str) -> None:
        if not getattr(card, field):
            setattr(card, field, _one_line(text))

    return handle


def _kept(label: str, structured: bool = False) -> Handler:
    def handle(card: Card, prop: Property, text: str, kind: str) -> None:
        value = ", ".join(p for p in components(text, ",") if p) if structured else _one_line(text)
        card.keep(f"{label} ({kind})" if kind and label != kind else label, value)

    return handle


def _labelled(default: str) -> Handler:
    def handle(card: Card, prop: Property, text: str, kind: str) -> None:
        card.keep(kind.capitalize() if kind else default, _one_line(text))

    return handle


IM = "IMPP X-AIM X-ICQ X-JABBER X-MSN X-YAHOO X-SKYPE X-SKYPE-USERNAME X-GOOGLE-TALK X-GTALK"
IM += " X-QQ X-WECHAT X-LINE X-TWITTER X-GADUGADU"
HANDLERS: dict[str, Handler] = {
    "FN": _full_name,
    "N": _name,
    "SOUND": _reading,
    "X-PHONETIC-FIRST-NAME": _phonetic("phonetic_given"),
    "X-PHONETIC-LAST-NAME": _phonetic("phonetic_family"),
    "SORT-STRING": _sort_string,
    "NICKNAME": _nickname,
    "ORG": _org,
    "TITLE": _title,
    "ROLE": _role,
    "EMAIL": _typed("emails", "mailto:"),
    "TEL": _typed("phones", "tel:"),
    "URL": _typed("urls"),
    "ADR": _address,
    "LABEL": _label,
    "BDAY": _birthday,
    "NOTE": _note,
    "TZ": _setter("timezone"),
    "LANG": _setter("language"),
    "X-FOLLOWUP-SOURCE": _setter("source"),
    "X-FOLLOWUP-STAGE": _setter("stage"),
    "CATEGORIES": _kept("Categories", structured=True),
    "ANNIVERSARY": _kept("Anniversary"),
    "X-ANNIVERSARY": _kept("Anniversary"),
    "X-MS-ANNIVERSARY": _kept("Anniversary"),
    "X-ABDATE": _labelled("Date"),
    "X-ABRELATEDNAMES": _labelled("Related"),
    "RELATED": _labelled("Related"),
    "X-EVOLUTION-SPOUSE": _kept("Spouse"),
    "X-EVOLUTION-MANAGER": _kept("Manager"),
    "X-EVOLUTION-ASSISTANT": _kept("Assistant"),
    "X-SPOUSE": _kept("Spouse"),
    "X-MS-SPOUSE": _kept("Spouse"),
    "X-MANAGER": _kept("Manager"),
    "X-MS-MANAGER": _kept("Manager"),
    "X-ASSISTANT": _kept("Assistant"),
    "X-MS-ASSISTANT": _kept("Assistant"),
    **{name: _kept(f"IM {name.removeprefix('X-').title()}") for name in IM.split()},
}
