"""People's names in parts: given and family, in the order their culture writes them.

Chinese, Japanese and Korean names are written family name first ('山田 太郎'), and
followup keeps that order; western names are 'given family', or 'Family, Given' with a
comma. Honorifics (Dr., Herr, Mr.) and suffixes (Jr., III, PhD) are set aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

PREFIXES = frozenset(
    "mr mrs ms miss mx dr prof professor sir dame herr frau fr hr dipl dipl.-ing ing mag "
    "mme mlle m monsieur madame sr sra srta don dona doña sig sig.ra".split()
)
SUFFIXES = frozenset("jr sr ii iii iv phd md mba msc bsc ma ba esq jun sen".split())
# Particles that belong to the family name: 'Ludwig van Beethoven', 'Ana de la Cruz'.
PARTICLES = frozenset(
    "van von der den de del della di da dos das du la le ter ten zu bin al".split()
)
_CJK = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff66-\uff9f]"
)


@dataclass(frozen=True)
class NameParts:
    given: str = ""
    family: str = ""
    middle: str = ""
    prefix: str = ""
    suffix: str = ""


def family_first(text: str) -> bool:
    """Whether a name is written family name first (Chinese, Japanese, Korean script)."""
    return bool(_CJK.search(text))


def _bare(token: str) -> str:
    return token.lower().strip(".,")


def split_name(name: str) -> NameParts:
    """The parts of a name given as one string."""
    text = " ".join(name.split())
    if not text:
        return NameParts()
    if family_first(text):
        family, _, given = text.partition(" ")
        return NameParts(given=given.strip(), family=family)
    if "," in text:
        family, _, rest = text.partition(",")
        inner = split_name(rest)
        if inner.family and not inner.given:
            inner = NameParts(given=inner.family, prefix=inner.prefix, suffix=inner.suffix)
        return NameParts(inner.given, family.strip(), inner.middle, inner.prefix, inner.suffix)
    tokens = text.split(" ")
    prefix = [t for t in _leading(tokens, PREFIXES)]
    tokens = tokens[len(prefix) :]
    suffix = list(reversed(_leading(list(reversed(tokens)), SUFFIXES)))
    tokens = tokens[: len(tokens) - len(suffix)] if suffix else tokens
    return _western(tokens, " ".join(prefix), " ".join(suffix))


def _leading(tokens: list[str], words: frozenset[str]) -> list[str]:
    found = []
    for token in tokens[:-1]:  # a name is never only titles
        if _bare(token) not in words:
            break
        found.append(token)
    return found


def _western(tokens: list[str], prefix: str, suffix: str) -> NameParts:
    if len(tokens) == 1:
        return NameParts(given=tokens[0], prefix=prefix, suffix=suffix)
    start = len(tokens) - 1
    while start > 1 and _bare(tokens[start - 1]) in PARTICLES:
        start -= 1
    given, middle = tokens[0], " ".join(tokens[1:start])
    return NameParts(given, " ".join(tokens[start:]), middle, prefix, suffix)


def compose_name(given: str, family: str, middle: str = "") -> str:
    """The name as shown from its parts: 'Hans Peter Braun', '山田 太郎'."""
    if family_first(given + family):
        return " ".join(p for p in (family, given) if p)
    return " ".join(p for p in (given, middle, family) if p)


@lru_cache(maxsize=4096)  # asked for the same name when matching, then when learning it
def comparable(name: str) -> str:
    """A name without honorifics and suffixes, for telling whether two names are one."""
    tokens = [t for t in name.casefold().replace(",", " ").split()]
    kept = [t for t in tokens if _bare(t) not in PREFIXES and _bare(t) not in SUFFIXES]
    return " ".join(kept or tokens)
