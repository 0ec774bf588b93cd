"""Who is who in a note: the names given as --us and --them, the author of an email, the
speakers of a transcript, and what a pronoun or a group ("your procurement team") stands for."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from followup.domain.model import Side

TITLES = re.compile(
    r"\b(?:mr|mrs|ms|miss|dr|prof|herr|herrn|frau|hr|fr|sir|madam)\b\.?\s*", re.IGNORECASE
)
HONORIFIC = re.compile(r"-(?:san|sama|kun|san\b)$", re.IGNORECASE)
FIRST_SINGULAR = {"i", "me", "my", "myself", "ich", "mir", "mich", "mein", "meine"}
FIRST_PLURAL = {"we", "us", "our", "ours", "wir", "uns", "unser", "unsere", "unseren", "unserem"}
SECOND = {"you", "your", "u", "yours", "ihr", "ihnen", "euch", "dein", "deine", "ihre"}
THIRD = {"he", "she", "they", "him", "her", "them", "his", "their", "er", "sie", "ihm"}


def other(side: Side) -> Side:
    return Side.THEM if side is Side.US else Side.US


@lru_cache(maxsize=8192)
def name_tokens(text: str) -> tuple[str, ...]:
    """The tokens of a name, without titles, honorifics, accents or case (a pure function,
    asked for the same words again and again: cached)."""
    plain = TITLES.sub(" ", text)
    tokens = []
    for raw in re.split(r"[\s,()/&]+", plain):
        token = HONORIFIC.sub("", raw.strip(".:;'’\"")).casefold()
        if len(token) >= 2 or token.isdigit():
            tokens.append(_fold(token))
    return tuple(tokens)


def _fold(token: str) -> str:
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class Parties:
    """The two sides of a conversation and the names that belong to each."""

    us: tuple[str, ...] = ()
    them: tuple[str, ...] = ()
    author: Side = Side.US
    author_name: str | None = None
    addressee: str | None = None
    capitalised_nouns: bool = False
    _tokens: dict[str, tuple[Side, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for side, names in ((Side.THEM, self.them), (Side.US, self.us)):
            for name in sorted(names, key=len):  # the longest spelling is the one kept
                for token in name_tokens(name):
                    if token not in {"speaker"}:
                        self._tokens[token] = (side, name.strip())
                self._tokens[" ".join(name_tokens(name))] = (side, name.strip())

    def knows(self, word: str) -> bool:
        """Whether one word could be (part of) a known name: a cheap test before lookups."""
        return _fold(HONORIFIC.sub("", word.strip(".:;'’\"")).casefold()) in self._tokens

    def lookup_name(self, text: str) -> tuple[Side, str] | None:
        """The side and the given name of a person named in `text`, if it is a known one."""
        tokens = name_tokens(text)
        if not tokens:
            return None
        whole = self._tokens.get(" ".join(tokens))
        if whole:
            return whole
        if len(tokens) > 3:
            return None
        for token in tokens:
            if token in self._tokens:
                return self._tokens[token]
        return None

    def lookup(
        self, text: str, speaker: Side | None = None, guess: bool = True
    ) -> tuple[Side, str | None] | None:
        """The side a label or subject stands for: a known name, a pronoun (counted from
        `speaker`, else from the author), "our/your X", or (if `guess`) an unknown proper
        name, taken to be the customer's side."""
        words = [w.strip(".,:;!?()'’\"").lower() for w in text.split()]
        words = [w for w in words if w]
        if not words:
            return None
        me = speaker or self.author
        head = words[0].split("'")[0].split("’")[0]
        if head in FIRST_SINGULAR:
            return me, self.speaker_name(me)
        if head in FIRST_PLURAL:
            return me, _group(words[1:])
        if head in SECOND:
            return other(me), _group(words[1:]) or self.addressee_of(me)
        if head in THIRD:
            return Side.THEM if me is Side.US else me, _group(words[1:])
        known = self.lookup_name(text)
        if known is not None:
            return known
        if head == "their":
            return Side.THEM, _group(words[1:])
        return self._proper_name(text) if guess else None

    def _proper_name(self, text: str) -> tuple[Side, str | None] | None:
        titled = TITLES.match(text.strip()) is not None
        if self.capitalised_nouns and not titled:
            return None  # in German every noun is capitalised: only "Herr X" is a name
        plain = re.sub(r"\s*\([^)]*\)?", "", TITLES.sub("", text)).strip(" .,:;()")
        parts = plain.split()
        if 1 <= len(parts) <= 3 and all(p[:1].isupper() for p in parts if p.isalpha()):
            return Side.THEM, plain
        return None

    def speaker_name(self, side: Side) -> str | None:
        if side is self.author and self.author_name:
            return self.author_name
        if side is Side.US and self.us and self.author is Side.US:
            return self.us[0]
        return None

    def addressee_of(self, side: Side) -> str | None:
        if side is self.author and self.addressee:
            return self.addressee
        return None

    def set_author(self, text: str) -> None:
        """An email's sender (From: header or signature) decides who "we" are."""
        name = re.sub(r"<[^>]*>", "", text).strip()
        known = self.lookup_name(name)
        if known is not None:
            self.author, self.author_name = known[0], known[1]

    def set_addressee(self, text: str) -> None:
        """The greeting's name: writing to one of ours means the customer wrote."""
        known = self.lookup_name(text)
        if known is None:
            return
        self.addressee = known[1]
        if self.author_name is None:
            self.author = other(known[0])

    def speaker_side(self, speaker: str | None, first_speaker: str | None) -> Side:
        """The side of a transcript's speaker: a known name's, else the side opposite to
        the first speaker we know (the first speaker of all is taken to be us)."""
        if speaker is None:
            return self.author
        known = self.lookup_name(speaker)
        if known is not None:
            return known[0]
        if first_speaker is not None and first_speaker != speaker:
            first = self.lookup_name(first_speaker)
            return other(first[0]) if first else Side.THEM
        return Side.US


def _group(words: list[str]) -> str | None:
    """'procurement team' from 'your procurement team': the group that owes it."""
    group = [w for w in words if w.isalpha()][:3]
    if group in (["side"], ["end"], ["team"], []):
        return None
    return " ".join(group)
