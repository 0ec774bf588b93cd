"""Meeting notes and transcripts -> proposed commitments on both sides and an agreed rhythm.

Pure: text, the meeting's moment and time zone, and the names of each side go in; proposed
commitments come out. Rules and grammars only: nothing is downloaded, nothing is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from followup.domain.model import Side
from followup.extract.clauses import Context, Finding, analyse, attach_date
from followup.extract.dates import existing_day, forget_dates, meeting_day
from followup.extract.dialogue import settle
from followup.extract.document import read
from followup.extract.languages import choose_language
from followup.extract.parties import Parties
from followup.extract.rhythm import ProposedCadence, find_cadence
from followup.extract.text import as_text, check_size

__all__ = [
    "Extraction",
    "ProposedCadence",
    "ProposedCommitment",
    "as_text",
    "extract",
]


@dataclass(frozen=True)
class ProposedCommitment:
    """A promise read from the notes, for the user to accept, edit or reject."""

    owner: Side
    who: str | None
    what: str
    due: str | None  # ISO date in the meeting's time zone, or None when it cannot be told
    agreed: bool
    quote: str


@dataclass(frozen=True)
class Extraction:
    language: str
    commitments: tuple[ProposedCommitment, ...]
    cadence: ProposedCadence | None

    def document(self) -> dict[str, object]:
        """The JSON document of `followup extract --json` (the public contract)."""
        return {
            "commitments": [
                {
                    "owner": c.owner.value,
                    "who": c.who,
                    "what": c.what,
                    "due": c.due,
                    "agreed": c.agreed,
                    "quote": c.quote,
                }
                for c in self.commitments
            ],
            "cadence": None
            if self.cadence is None
            else {"every_days": self.cadence.every_days, "channel": self.cadence.channel},
        }


def extract(
    text: str,
    at: datetime,
    tz: tzinfo,
    us: Sequence[str] = (),
    them: Sequence[str] = (),
    lang: str | None = None,
) -> Extraction:
    """The commitments and the rhythm in `text`, dates counted from `at` where `tz` is."""
    check_size(text)
    forget_dates()  # the date cache serves one note: memory stays flat, timings stay honest
    language = choose_language(lang, text)
    parties = Parties(tuple(n for n in us if n.strip()), tuple(n for n in them if n.strip()))
    parties.capitalised_nouns = language.code == "de"
    doc = read(text, language, parties)
    cadence, rhythm_units = find_cadence(doc.units, language)
    first = doc.speakers[0] if doc.speakers else None
    sides = [
        parties.speaker_side(u.speaker, first) if u.speaker else parties.author for u in doc.units
    ]
    ctx = Context(language, parties, meeting_day(at, tz), Side.US)
    findings: list[Finding] = []
    for index, unit in enumerate(doc.units):
        if index not in rhythm_units:
            ctx.speaker_side = sides[index]
            made = analyse(unit, index, ctx)
            if not made:
                attach_date(unit, findings, ctx)
            findings.extend(made)
    settled = settle(findings, doc, ctx, sides)
    commitments = tuple(_proposed(f, parties, tz) for f in settled if f.what)
    return Extraction(language.code, commitments, cadence)


def _proposed(finding: Finding, parties: Parties, tz: tzinfo) -> ProposedCommitment:
    day = finding.due.day if finding.due is not None else None
    who = finding.who
    if who:
        known = parties.lookup_name(who)
        who = known[1] if known is not None and known[0] is finding.side else who
    return ProposedCommitment(
        owner=finding.side,
        who=who,
        what=finding.what,
        due=existing_day(day, tz).isoformat() if day is not None else None,
        agreed=finding.agreed,
        quote=" ".join(finding.quote.split(None, 500)[:500])[:500],  # a long quote's start
    )
