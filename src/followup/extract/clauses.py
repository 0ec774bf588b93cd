"""One sentence at a time: the promises, requests and offers it holds, with side, owner,
what, due date and quote."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from followup.domain.model import Side
from followup.extract.dates import Due, find_due
from followup.extract.document import Unit
from followup.extract.language import Core, Language
from followup.extract.parties import Parties, other

COMMITMENT, REQUEST, OFFER = "commitment", "request", "offer"


@dataclass
class Finding:
    kind: str
    side: Side
    who: str | None
    what: str
    due: Due | None
    agreed: bool
    quote: str
    unit: int
    turn: int
    speaker: str | None
    pronoun_only: bool = False
    needs_due: bool = False


@dataclass
class Context:
    lang: Language
    parties: Parties
    today: date
    speaker_side: Side
    last_person: tuple[Side, str] | None = None
    findings: list[Finding] = field(default_factory=list)


def analyse(unit: Unit, index: int, ctx: Context) -> list[Finding]:
    """The findings of one sentence, with dates taken from its date-only clauses."""
    lang, lower = ctx.lang, unit.text.lower()
    if lang.done.search(lower) or lang.fyi.search(lower):
        return []
    clauses = [c for c in lang.clause_split.split(unit.text) if c and c.strip()]
    found: list[Finding] = []
    spare: list[Due] = []
    for clause in clauses:
        finding = _clause(clause.strip(), unit, index, ctx)
        if finding is not None:
            found.append(finding)
            continue
        due = find_due(clause, ctx.today, lang.dates)
        if due is not None:
            spare.append(due)
    hint = find_due(unit.due_hint, ctx.today, lang.dates) if unit.due_hint else None
    for finding in found:
        if finding.due is None:
            finding.due = hint or (spare[0] if spare else None)
    _remember_person(unit.text, ctx)
    return [f for f in found if not f.needs_due or f.due is not None]


def _clause(text: str, unit: Unit, index: int, ctx: Context) -> Finding | None:
    lang = ctx.lang
    stripped = lang.discourse.sub("", text.lower()).strip()
    offset = len(text) - len(stripped) if text.lower().endswith(stripped) else 0
    original = text[offset:]
    if not stripped:
        return None
    request = lang.request.match(stripped)
    if request:
        return _request(request, unit, index, ctx)
    offer = lang.offer.match(stripped)
    if offer and lang.verb.match(offer.group("vp")):
        return _finding(OFFER, ctx.speaker_side, None, offer.group("vp"), unit, index, ctx)
    if lang.hedge.search(stripped) or lang.negation.search(stripped):
        return None
    return _statement(stripped, original, unit, index, ctx)


def _request(match: re.Match[str], unit: Unit, index: int, ctx: Context) -> Finding | None:
    vp = match.group("vp") or match.group("vp2") or match.group("vp3")
    if not ctx.lang.verb.match(vp):
        return None
    who = (match.group("who") or "").strip()
    side, name = other(ctx.speaker_side), None
    mention = re.search(r"@([\w.\-]+)", unit.text)
    if mention and ctx.parties.lookup_name(mention.group(1)):
        side, name = ctx.parties.lookup_name(mention.group(1))  # type: ignore[misc]
    elif who.startswith(("your", "you")):
        name = who.removeprefix("your").strip() or None
    return _finding(REQUEST, side, name, vp, unit, index, ctx)


def _statement(lower: str, original: str, unit: Unit, index: int, ctx: Context) -> Finding | None:
    lang = ctx.lang
    lets = lang.lets.match(lower)
    if lets:
        finding = _finding(COMMITMENT, ctx.speaker_side, None, lets.group("vp"), unit, index, ctx)
        finding.needs_due = True
        return finding
    if lower.startswith("let me ") and not lower.startswith("let me know"):
        vp = lower.removeprefix("let me ")
        side, who = ctx.speaker_side, ctx.parties.speaker_name(ctx.speaker_side)
        return _finding(COMMITMENT, side, unit.speaker or who, vp, unit, index, ctx)
    if unit.topic and lang.next_contact.match(unit.topic.lower()):
        what = lang.next_contact.match(unit.topic.lower()).group("what") or "meet"  # type: ignore[union-attr]
        finding = _finding(COMMITMENT, ctx.parties.author, None, what, unit, index, ctx)
        finding.needs_due = True
        return finding
    core = lang.core(lower, original, lang)
    if core is not None:
        return _from_core(core, unit, index, ctx)
    return _imperative(lower, unit, index, ctx)


def _from_core(core: Core, unit: Unit, index: int, ctx: Context) -> Finding | None:
    subject = core.agent or core.subject
    if subject:
        party = ctx.parties.lookup(subject, ctx.speaker_side)
        if party is None and unit.label:
            party = ctx.parties.lookup(unit.label, ctx.speaker_side)
        if party is None:
            return None
        side, who = party
        if who is None and subject.split()[0] in {"he", "she", "er"} and ctx.last_person:
            side, who = ctx.last_person
    elif unit.label:
        found = ctx.parties.lookup(unit.label, ctx.speaker_side)
        if found is None:
            return None
        side, who = found
    else:
        side, who = unit.section or ctx.speaker_side, _speaker(unit, ctx)
    if subject and subject.split()[0] in {"i", "me", "ich"}:
        who = unit.speaker or who
    finding = _finding(COMMITMENT, side, who, core.vp, unit, index, ctx, core.what)
    finding.needs_due = core.needs_due
    return finding


def _imperative(lower: str, unit: Unit, index: int, ctx: Context) -> Finding | None:
    """A bullet that is an action ("Send interface spec – Thursday", "Keller: internal
    sign-off"): the owner is the label, else the section, else the author."""
    if not (unit.bullet or unit.label):
        return None
    verb = ctx.lang.verb.match(lower) is not None
    if not verb and not (unit.action or unit.label):
        return None
    side, who = unit.section or ctx.parties.author, None
    if unit.label:
        found = ctx.parties.lookup(unit.label, ctx.speaker_side)
        if found is None:
            return None
        side, who = found
    finding = _finding(COMMITMENT, side, who, lower, unit, index, ctx)
    if not (unit.action or unit.label):
        finding.needs_due = True
    if not verb and unit.topic:
        finding.what = f"{unit.topic}: {finding.what}".strip(": ")
    return finding


def _finding(
    kind: str,
    side: Side,
    who: str | None,
    vp: str,
    unit: Unit,
    index: int,
    ctx: Context,
    what: str | None = None,
) -> Finding:
    lang = ctx.lang
    words = what or lang.phrase(vp, lang.dates)
    pronoun_only = bool(lang.pronoun_object.match(words.lower())) or not words
    if pronoun_only and unit.topic and not lang.next_contact.match(unit.topic.lower()):
        words = f"{words.split()[0] if words else ''} {unit.topic}".strip()
        pronoun_only = False
    due = find_due(vp, ctx.today, lang.dates)
    agreed = unit.agreed or bool(lang.agreed_marker.search(unit.text.lower()))
    agreed = agreed or ctx.speaker_side is Side.THEM
    return Finding(kind, side, who, words, due, agreed, unit.quote or unit.text, index,
                   unit.turn, unit.speaker, pronoun_only)  # fmt: skip


def _speaker(unit: Unit, ctx: Context) -> str | None:
    return unit.speaker or ctx.parties.speaker_name(ctx.speaker_side)


def _remember_person(text: str, ctx: Context) -> None:
    """The last person named, for a later 'he' or 'she'."""
    for word in re.findall(r"\b[A-ZÄÖÜ][\w'’\-]+", text):
        known = ctx.parties.lookup_name(word)
        if known is not None:
            ctx.last_person = known
