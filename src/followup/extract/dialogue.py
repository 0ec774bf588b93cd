"""What the answers make of the findings: a request taken on ("Sure."), an offer declined
("No, not until after budget season."), a plan agreed ("Does that suit you?" — "Yes, fine."),
and a promise restated ("I'll send it tonight") merged into the one it restates."""

from __future__ import annotations

from dataclasses import replace

from followup.domain.model import Side
from followup.extract.clauses import COMMITMENT, OFFER, REQUEST, Context, Finding
from followup.extract.dates import find_due
from followup.extract.document import Document
from followup.extract.parties import other


def settle(
    findings: list[Finding], doc: Document, ctx: Context, sides: list[Side]
) -> list[Finding]:
    """Commitments only: requests and offers resolved by their answers, agreement marked,
    restatements merged. `sides` gives each unit's speaker side."""
    if doc.is_transcript:
        findings = _answers(findings, doc, ctx, sides)
    else:
        findings = [_unanswered(f, ctx) for f in findings if f.kind != OFFER]
    return _merge_restated(findings)


def _answers(
    findings: list[Finding], doc: Document, ctx: Context, sides: list[Side]
) -> list[Finding]:
    settled: list[Finding] = []
    absorbed: set[int] = set()
    for position, finding in enumerate(findings):
        if id(finding) in absorbed:
            continue
        answer = _answer_unit(doc, finding.unit)
        if finding.kind == COMMITMENT:
            if answer is not None and sides[answer] is not finding_speaker(finding, sides):
                finding.agreed = finding.agreed or _accepts(doc, answer, ctx)
            settled.append(finding)
            continue
        if answer is None:
            if finding.kind == REQUEST:
                settled.append(replace(finding, kind=COMMITMENT))
            continue
        reply = _reply(findings[position + 1 :], answer, doc)
        verdict = _verdict(doc, answer, ctx)
        if verdict == "no":
            continue
        if reply is not None:
            absorbed.add(id(reply))
            settled.append(_absorb(finding, reply, doc, answer))
        elif verdict == "yes":
            settled.append(_taken_on(finding, doc, answer, ctx, sides))
        elif finding.kind == REQUEST:
            settled.append(replace(finding, kind=COMMITMENT))
    return settled


def finding_speaker(finding: Finding, sides: list[Side]) -> Side:
    return sides[finding.unit]


def _answer_unit(doc: Document, index: int) -> int | None:
    """The first sentence of the next turn, if another speaker says it."""
    turn = doc.units[index].turn
    for later in range(index + 1, len(doc.units)):
        unit = doc.units[later]
        if unit.turn != turn:
            return later if unit.speaker != doc.units[index].speaker else None
    return None


def _verdict(doc: Document, index: int, ctx: Context) -> str:
    text = doc.units[index].text.lower().strip()
    if ctx.lang.accept.match(text):
        return "yes"
    if ctx.lang.decline.match(text):
        return "no"
    return "yes" if _accepts(doc, index, ctx) else "other"


def _accepts(doc: Document, index: int, ctx: Context) -> bool:
    """Whether the turn starting at `index` says yes: it opens with a yes, or a short
    sentence of it does ("Thursday's fine.")."""
    turn = doc.units[index].turn
    for unit in doc.units[index:]:
        if unit.turn != turn:
            break
        text = unit.text.lower().strip()
        if ctx.lang.accept.match(text) and not ctx.lang.decline.match(text):
            return True
        if len(text.split()) <= 4 and ctx.lang.accept.search(text.split()[-1] if text else ""):
            return True
    return False


def _reply(rest: list[Finding], answer: int, doc: Document) -> Finding | None:
    """The replier's own commitment in the answering turn, if they made one."""
    turn = doc.units[answer].turn
    for finding in rest:
        if finding.turn != turn:
            return None
        if finding.kind == COMMITMENT:
            return finding
    return None


def _absorb(asked: Finding, reply: Finding, doc: Document, answer: int) -> Finding:
    what = asked.what if reply.pronoun_only or len(reply.what) < 4 else reply.what
    return replace(
        reply,
        what=what,
        due=reply.due or asked.due,
        agreed=True,
        quote=f"{asked.quote} — {reply.quote}",
        pronoun_only=False,
    )


def _taken_on(
    asked: Finding, doc: Document, answer: int, ctx: Context, sides: list[Side]
) -> Finding:
    unit = doc.units[answer]
    side = sides[answer] if asked.kind == REQUEST else asked.side
    who = (asked.who or unit.speaker) if asked.kind == REQUEST else asked.who
    due = asked.due or find_due(unit.text, ctx.today, ctx.lang.dates)
    return replace(
        asked,
        kind=COMMITMENT,
        side=side,
        who=who,
        due=due,
        agreed=True,
        quote=f"{asked.quote} — {unit.text}",
    )


def _unanswered(finding: Finding, ctx: Context) -> Finding:
    """In notes and emails a request stands as the addressee's to-do; the customer agreed
    to it if they asked for it."""
    if finding.kind == REQUEST:
        agreed = finding.agreed or other(finding.side) is Side.THEM
        return replace(finding, kind=COMMITMENT, agreed=agreed)
    return finding


def _merge_restated(findings: list[Finding]) -> list[Finding]:
    """'Luis will send the SOC 2 report today.' — 'I'll send it tonight.': one promise."""
    merged: list[Finding] = []
    for finding in findings:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and finding.pronoun_only
            and finding.side is previous.side
            and finding.unit - previous.unit <= 2
        ):
            merged[-1] = replace(
                previous,
                due=previous.due or finding.due,
                agreed=previous.agreed or finding.agreed,
                quote=previous.quote
                if finding.quote == previous.quote
                else f"{previous.quote} {finding.quote}",
            )
            continue
        merged.append(finding)
    return merged
