"""Phone numbers in E.164 (+4930123456), read with Google's libphonenumber rules.

A national number ('030 123456') needs a country to be read: the card's, else the
user's default. Letters are refused rather than read as a keypad ('BusinessPhone' is a
placeholder an Outlook export leaves, '+49 176 XXXXXX' an obfuscated number).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import timezone as phone_zones

from followup.domain.errors import InvalidInput

_TEL_EXTENSION = re.compile(r";\s*ext=", re.IGNORECASE)
_EXTENSION_WORDS = re.compile(r"\b(ext|extension|durchwahl|app|x)\b\.?", re.IGNORECASE)


@dataclass(frozen=True)
class Phone:
    """A phone number as stored ('+14186569254', '+14186569254;ext=102') and its region."""

    e164: str
    number: phonenumbers.PhoneNumber

    @property
    def region(self) -> str | None:
        """The country the number belongs to (looked up only when asked: +1 is costly)."""
        return phonenumbers.region_code_for_number(self.number)

    def zones(self) -> tuple[str, ...]:
        """The IANA zones the number's area lies in ('Etc/Unknown' left out)."""
        found = phone_zones.time_zones_for_number(self.number)
        return tuple(z for z in found if z != "Etc/Unknown")


@lru_cache(maxsize=8192)  # a company's switchboard is on every card from it
def parse_phone(text: str, region: str | None) -> Phone:
    """`text` as an E.164 number, reading national numbers as `region`'s; or a clear error."""
    folded = unicodedata.normalize("NFKC", text).strip()
    folded = _TEL_EXTENSION.sub(" ext. ", folded)
    letters = re.sub(r"[^A-Za-z]", "", _EXTENSION_WORDS.sub("", folded))
    digits = re.sub(r"\D", "", folded)
    if not digits:
        raise InvalidInput(f"phone {text!r} holds no number")
    if len(letters) >= 2:
        raise InvalidInput(f"phone {text!r} holds letters, not only a number")
    if folded.startswith("00"):
        folded = "+" + folded[2:].lstrip("-. ")
    try:
        number = phonenumbers.parse(folded, None if folded.startswith("+") else region)
    except phonenumbers.NumberParseException:
        where = f" in {region}" if region else " (no country to read it in)"
        raise InvalidInput(f"phone {text!r} cannot be read as a number{where}") from None
    if not phonenumbers.is_possible_number(number):
        where = phonenumbers.region_code_for_number(number) or region or "any country"
        raise InvalidInput(f"phone {text!r} is not a possible number for {where}")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if number.extension:
        e164 += f";ext={number.extension}"
    return Phone(e164, number)
