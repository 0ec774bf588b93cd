"""One sentence at a time: the promises, requests and offers it holds, with side, owner,
what, due date and quote."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from followup.domain.model import Side
from followup.extract.dates import Due, find_all, find_due
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
    # Looked for once per sentence, not once per clause: a sentence of thousands of
    # clauses would be searched thousands of times.
    unit.agreed = unit.agreed or bool(lang.agreed_marker.search(lower))
    found: list[Finding] = []
    spare: list[Due] = []
    for clause in clauses:
        made = _clause(clause.strip(), unit, index, ctx)
        _remember_person(clause, ctx)
        if made:
            found.extend(made)
            continue
        due = find_due(clause, ctx.today, lang.dates)
        if due is not None:
            spare.append(due)
    hint = find_due(unit.due_hint, ctx.today, lang.dates) if unit.due_hint else None
    for finding in found:
        if finding.due is None:
            finding.due = hint or (spare[0] if spare else None)
    return [f for f in found if not f.needs_due or f.due is not None]


def attach_date(unit: Unit, previous: list[Finding], ctx: Context) -> None:
    """ "Our legal team needs to review the DPA. I'd say by the week of Jan 11.": a short
    sentence that only gives a date dates the promise just before it, in the same turn."""
    if not previous or len(unit.text.split()) > 10 or unit.speaker is None:
        return
    last = previous[-1]
    if last.due is None and last.turn == unit.turn and last.kind != OFFER:
        last.due = find_due(unit.text, ctx.today, ctx.lang.dates)


def _clause(text: str, unit: Unit, index: int, ctx: Context) -> list[Finding]:
    lang = ctx.lang
    stripped = lang.discourse.sub("", text.lower()).strip()
    offset = len(text) - len(stripped) if text.lower().endswith(stripped) else 0
    original = text[offset:]
    if not stripped:
        return []
    offer = lang.offer.match(stripped)
    if offer and lang.verb.match(offer.group("vp")):
        vp = original[offer.start("vp") :]
        return [_finding(OFFER, ctx.speaker_side, None, vp, unit, index, ctx)]
    request = lang.request.match(stripped)
    if request:
        made = _request(request, original, unit, index, ctx)
        return [made] if made else []
    if lang.hedge.search(stripped) or lang.negation.search(stripped):
        return []
    return _statement(stripped, original, unit, index, ctx)


def _request(
    match: re.Match[str], original: str, unit: Unit, index: int, ctx: Context
) -> Finding | None:
    group = next(g for g in ("vp", "vp2", "vp3") if match.group(g))
    start = match.start("who") if group == "vp" and match.group("who") else match.start(group)
    tail = original[start:] if len(original) == len(match.string) else match.string[start:]
    # "your procurement team check the terms": the verb tells where the addressee ends.
    words = tail.split()
    cut = next((k for k in range(len(words)) if ctx.lang.verb.match(" ".join(words[k:]).lower())),
               None)  # fmt: skip
    if cut is None or (group == "vp" and match.group("who") and cut == 0):
        return None
    who, vp = " ".join(words[:cut]), " ".join(words[cut:])
    who = re.sub(r"^(?:also|please|maybe|still)\s+|\s+(?:also|please|maybe|still)$", "", who)
    side, name = other(ctx.speaker_side), None
    mention = re.search(r"@([\w.\-]+)", unit.text)
    if mention and ctx.parties.lookup_name(mention.group(1)):
        side, name = ctx.parties.lookup_name(mention.group(1))  # type: ignore[misc]
    elif who.lower().startswith(("your", "you")):
        name = re.sub(r"^(?:your|you)\b\s*(?:guys|all)?", "", who, flags=re.I).strip() or None
    return _finding(REQUEST, side, name, vp, unit, index, ctx)


def _statement(lower: str, original: str, unit: Unit, index: int, ctx: Context) -> list[Finding]:
    lang = ctx.lang
    same = len(lower) == len(original)
    lets = lang.lets.match(lower)
    if lets:
        # A next contact agreed together is ours to organise (docs/decisions.md).
        vp = original[lets.start("vp") :] if same else lets.group("vp")
        finding = _finding(COMMITMENT, Side.US, None, vp, unit, index, ctx)
        finding.needs_due = True
        return [finding]
    if lower.startswith("let me ") and not lower.startswith("let me know"):
        vp = original[len("let me ") :]
        side, who = ctx.speaker_side, ctx.parties.speaker_name(ctx.speaker_side)
        return [_finding(COMMITMENT, side, unit.speaker or who, vp, unit, index, ctx)]
    contact = lang.next_contact.match((unit.topic or "").lower())
    if unit.topic and contact:
        what = contact.groupdict().get("what") or unit.topic
        finding = _finding(COMMITMENT, ctx.parties.author, None, what, unit, index, ctx)
        finding.due = find_due(unit.text, ctx.today, lang.dates)
        finding.needs_due = True
        return [finding]
    core = lang.core(lower, original, lang)
    if core is not None:
        return _from_core(core, unit, index, ctx)
    made = _imperative(lower, original, unit, index, ctx)
    return [made] if made else []


def _from_core(core: Core, unit: Unit, index: int, ctx: Context) -> list[Finding]:
    owner = _owner(core, unit, ctx)
    if owner is None:
        return []
    side, who = owner
    made = []
    for vp in _split_on_dates(core.vp, core.what is None, ctx):
        finding = _finding(COMMITMENT, side, who, vp, unit, index, ctx, core.what)
        finding.needs_due = core.needs_due
        made.append(finding)
    return made


def _owner(core: Core, unit: Unit, ctx: Context) -> tuple[Side, str | None] | None:
    subject = core.agent or core.subject
    first = subject.split()[0].lower().split("'")[0].split("’")[0] if subject else ""
    if subject:
        party = ctx.parties.lookup(subject, ctx.speaker_side, guess=not core.needs_due)
        if party is None and unit.label:
            party = ctx.parties.lookup(unit.label, ctx.speaker_side)
        if party is None and unit.section is not None:
            party = unit.section, subject
        if party is None:
            return None
        side, who = party
        if who is None and first in {"he", "she", "er"} and ctx.last_person:
            side, who = ctx.last_person
    elif unit.label:
        party = ctx.parties.lookup(unit.label, ctx.speaker_side)
        if party is None:
            return None
        side, who = party
    elif core.needs_owner:
        return None
    else:
        side, who = unit.section or ctx.speaker_side, _speaker(unit, ctx)
    if first in {"i", "me", "ich"}:
        who = unit.speaker or who
    return side, who


def _split_on_dates(vp: str, split: bool, ctx: Context) -> list[str]:
    """ "hold the pricing until January 15 and send a formal quote tomorrow": two promises,
    each with its date. A second part that is no action of ours is cut off."""
    if not split:
        return [vp]
    dues = find_all(vp, ctx.today, ctx.lang.dates)
    if len(dues) < 2:
        return [vp]
    gap = vp[dues[0].end : dues[1].start]
    joint = re.search(r"\s+and\s+", gap)
    if joint is None:
        return [vp]
    cut = dues[0].end + joint.start()
    rest = vp[dues[0].end + joint.end() :]
    if ctx.lang.verb.match(rest.lower()):
        return [vp[:cut], rest]
    return [vp[:cut]]


def _imperative(lower: str, original: str, unit: Unit, index: int, ctx: Context) -> Finding | None:
    """A bullet that is an action ("Send interface spec – Thursday", "Keller: internal
    sign-off"): the owner is the label, else the section, else the author."""
    if not (unit.bullet or unit.label):
        return None
    verb = ctx.lang.verb.match(lower) is not None
    first = lower.split()[0] if lower.split() else ""
    if not verb and not unit.label and first in {"i", "me", "we", "us", "ich", "wir", "uns"}:
        unit.label, lower, original = first, lower[len(first) :], original[len(first) :]
    if not verb and not (unit.action or unit.label):
        return None
    side, who = unit.section or ctx.parties.author, None
    if unit.label:
        found = ctx.parties.lookup(unit.label, ctx.speaker_side)
        if found is None:
            return None
        side, who = found
    finding = _finding(COMMITMENT, side, who, original, unit, index, ctx)
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
    agreed = unit.agreed or ctx.speaker_side is Side.THEM
    return Finding(kind, side, who, words, due, agreed, unit.quote or unit.text, index,
                   unit.turn, unit.speaker, pronoun_only)  # fmt: skip


def _speaker(unit: Unit, ctx: Context) -> str | None:
    return unit.speaker or ctx.parties.speaker_name(ctx.speaker_side)


def _remember_person(text: str, ctx: Context) -> None:
    """The last person named, for a later 'he' or 'she'."""
    for word in re.findall(r"\b[A-ZÄÖÜ][\w'’\-]+", text):
        if not ctx.parties.knows(word):
            continue
        known = ctx.parties.lookup_name(word)
        if known is not None:
            ctx.last_person = known
