"""What the extractor knows of a language: its date grammar, the words that make a promise,
a request, an offer, a yes or a no, and how to say what was promised as a short imperative."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from followup.extract.dates import DateGrammar


@dataclass(frozen=True)
class Core:
    """The promise at the heart of a clause: who (as written), the verb phrase, and whether
    it only counts with a date (present tense, "I can ...")."""

    subject: str
    vp: str
    needs_due: bool = False
    agent: str | None = None  # "to be proposed by Sam"
    what: str | None = None  # when the language words it itself
    needs_owner: bool = False  # "to confirm headcount": whose, only a label can tell


@dataclass(frozen=True)
class Language:
    """One language's vocabulary, as compiled patterns over lower-cased text.

    `phrase` turns a verb phrase into the short imperative of `what` ("have the pricing sheet
    over to you" -> "send pricing sheet").
    """

    code: str
    name: str
    dates: DateGrammar
    # Structure of a document
    heading_generic: re.Pattern[str]  # "Next steps", "Action items": no side of their own
    heading_action: re.Pattern[str]  # a heading after which bullets are commitments
    heading_us: re.Pattern[str]  # "Us:", "We will:", "Our next steps"
    heading_them: re.Pattern[str]  # "Your next steps", "Their side"
    greeting: re.Pattern[str]  # "Hi Tom," -> group 1 is the addressee
    closing: re.Pattern[str]  # "Best,", "Kind regards"
    header: re.Pattern[str]  # "From: X" -> group 1 the author; other header lines skip
    # Sentences
    discourse: re.Pattern[str]  # leading words to drop: "so", "great,", "as discussed,"
    clause_split: re.Pattern[str]
    done: re.Pattern[str]  # already done: not a promise
    hedge: re.Pattern[str]  # hypothetical: "may", "might", "thinking about"
    negation: re.Pattern[str]
    fyi: re.Pattern[str]  # "FYI", "no action", "no need"
    agreed_marker: re.Pattern[str]  # "as agreed", "it was agreed that", "vereinbart"
    # Speech acts
    commitment: re.Pattern[str]  # subject + modal + rest: groups subj, modal, vp
    present: re.Pattern[str]  # subject + present-tense deliverable verb: groups subj, vp
    request: re.Pattern[str]  # "could you ..." -> group who (optional), vp
    offer: re.Pattern[str]  # "want me to ..." -> group vp
    lets: re.Pattern[str]  # "let's meet again ..." -> group vp
    you_receive: re.Pattern[str]  # "you'll have it tomorrow": the speaker delivers
    accept: re.Pattern[str]  # an answer that says yes
    decline: re.Pattern[str]  # an answer that says no
    check: re.Pattern[str]  # "does that suit you?": asks for agreement
    next_contact: re.Pattern[str]  # "Next call:", "Nächster Termin:"
    # Words
    verb: re.Pattern[str]  # a verb phrase starts with a deliverable verb
    first_person: re.Pattern[str]
    first_plural: re.Pattern[str]
    second_person: re.Pattern[str]
    third_person: re.Pattern[str]
    their_group: re.Pattern[str]
    our_group: re.Pattern[str]
    pronoun_object: re.Pattern[str]  # "it", "that", "those": the promise points back
    reporting: re.Pattern[str]  # "said", "mentioned": a reported 'would' is a promise
    stopwords: frozenset[str]
    phrase: Callable[[str, DateGrammar], str]
    core: Callable[[str, str, Language], Core | None]  # (lower, original, language)
    # Rhythm
    cadence: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], int | None]], ...]
    contact_words: re.Pattern[str]
    channels: tuple[tuple[re.Pattern[str], str], ...]


def words(*items: str) -> str:
    """An alternation of phrases, longest first, with flexible white space."""
    ordered = sorted(items, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)


def compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
