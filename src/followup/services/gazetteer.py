"""Country names as cards write them, in many languages, to ISO codes.

'United States of America', 'U.S.A.', 'Deutschland', 'Allemagne', '日本', 'JP' and 'JPN'
all name a country; the names come from pycountry's ISO 3166 data and its translations,
read once, on first use.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import cache, lru_cache

import pycountry

from followup.services.places import zone_of_country, zones_of_country

LANGUAGES = "de fr es it pt pt_BR nl ja zh_CN zh_TW ko ru pl sv da fi nb_NO tr cs hu ar he el uk"
ALIASES = {
    "US": ("usa", "us of a", "america", "united states of america", "vereinigte staaten"),
    "GB": ("uk", "u k", "great britain", "britain", "england", "scotland", "wales"),
    "KR": ("korea", "south korea", "republic of korea", "südkorea", "대한민국", "한국"),
    "RU": ("russia",),
    "TW": ("taiwan", "台灣", "台湾"),
    "VN": ("vietnam",),
    "IR": ("iran",),
    "NL": ("holland",),
    "AE": ("uae", "u a e", "emirates"),
    "CZ": ("czech republic",),
    "CN": ("china", "prc", "中国"),
    "TR": ("turkey", "türkiye"),
    "CH": ("schweiz", "suisse", "svizzera"),
}
# Countries whose zone.tab lists a second zone that no business card comes from
# (Büsingen, Ürümqi, Famagusta ...): their phones' areas say nothing more.
ONE_ZONE_IN_PRACTICE = frozenset({"DE", "CN", "MY", "UA", "CY", "UZ"})
_PUNCTUATION = re.compile(r"[\W_]+", re.UNICODE)


def key(text: str) -> str:
    """A country name folded for lookup: no accents, case, dots or spaces."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _PUNCTUATION.sub("", folded)


@cache
def _index() -> dict[str, str]:
    names: dict[str, str] = {}
    translations = [_translation(language) for language in LANGUAGES.split()]
    for country in pycountry.countries:
        code = country.alpha_2
        own = [country.alpha_2, country.alpha_3, country.name]
        own += [
            getattr(country, a) for a in ("official_name", "common_name") if hasattr(country, a)
        ]
        for name in list(own):
            own += [t.gettext(name) for t in translations if t is not None]
        for name in own:
            names.setdefault(key(name), code)
    for code, aliases in ALIASES.items():
        for alias in aliases:
            names[key(alias)] = code
    return names


def _translation(language: str) -> gettext.NullTranslations | None:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return None


@lru_cache(maxsize=4096)
def _country_code(text: str) -> str | None:
    folded = key(text)
    return _index().get(folded) if folded else None


class Gazetteer:
    """Implements the domain's `Places`: country names to codes, codes to zones."""

    def country_code(self, text: str) -> str | None:
        return _country_code(text)

    def main_zone(self, country: str) -> str | None:
        return zone_of_country(country)

    def several_zones(self, country: str) -> bool:
        return country not in ONE_ZONE_IN_PRACTICE and len(zones_of_country(country)) > 1
