"""A note as the extractor reads it: sentences (`Unit`s) with who said them, under which
heading, in a bullet, a table row or a speaker's turn.

Handles bullet notes with side headings ("Us:", "Hoffmann GmbH will:"), transcripts with
speaker labels (with or without timestamps, WebVTT `<v Name>` cues), email recaps (headers,
greeting and signature tell who wrote to whom) and Markdown tables of actions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from followup.domain.model import Side
from followup.extract.labels import LABEL, owner_syntax
from followup.extract.language import Language
from followup.extract.parties import Parties

BULLET = re.compile(r"^\s*(?:[-*•·▪◦+]|\d{1,2}[.)]|[a-z][.)](?=\s))\s*(\[[ xX✓]?\]\s*)?")
CHECKBOX = re.compile(r"^\s*\[([ xX✓]?)\]\s*")
VTT_CUE = re.compile(r"^(?:\d+|\d{1,2}:\d{2}(?::\d{2})?[.,]\d{3}\s*-->.*)$")
VTT_VOICE = re.compile(r"^<v\s+([^>]{1,60})>(.*?)(?:</v>)?$")
ABBREVIATIONS = re.compile(
    r"(?:\b(?:dr|mr|mrs|ms|prof|st|vs|e\.g|i\.e|approx|nr|ca|hr|fr|frau|z\.b|u\.a|bzw|tel|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|okt|dez|no|inc|ltd|co|evtl|ggf)"
    r"|\b\d{1,2}|\b[a-z])\.$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=\?\?)\s*")


@dataclass
class Unit:
    """One sentence of the note and where it stands."""

    text: str
    turn: int
    speaker: str | None = None
    label: str | None = None  # an owner given in front: "Anna:", "AI Stefan:", "-> me"
    topic: str | None = None  # a subject given in front that is no party: "insurance certs:"
    section: Side | None = None
    action: bool = False  # under an action heading, an open checkbox or a table row
    agreed: bool = False  # the heading says these were agreed
    bullet: bool = False
    due_hint: str | None = None  # the due column of a table row
    quote: str = ""  # the words to show: the sentence, or its whole line in a list


@dataclass
class Document:
    units: list[Unit] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)

    @property
    def is_transcript(self) -> bool:
        return len(set(self.speakers)) >= 2


@dataclass
class _State:
    turn: int = 0
    speaker: str | None = None
    section: Side | None = None
    action: bool = False
    agreed: bool = False
    columns: list[str] = field(default_factory=list)
    after_closing: bool = False


def read(text: str, lang: Language, parties: Parties) -> Document:
    """Split `text` into units, noting speakers, sections and the author in `parties`."""
    lines = [kept for line in text.splitlines() if (kept := _unvtt(line)) is not None]
    speakers = _speaker_labels(lines, lang, parties)
    doc, state = Document(), _State()
    for line, following in zip(lines, _followers(lines), strict=True):
        _read_line(line.strip(), following, doc, state, lang, parties, speakers)
    return doc


def _followers(lines: list[str]) -> list[str]:
    """For each line, the next line that is not blank ("" at the end), in one pass from
    the end: looking ahead from every line would take time quadratic in the blank lines."""
    found, upcoming = [""] * len(lines), ""
    for index in range(len(lines) - 1, -1, -1):
        found[index] = upcoming
        if lines[index].strip():
            upcoming = lines[index]
    return found


def _unvtt(line: str) -> str | None:
    stripped = line.strip()
    if stripped == "WEBVTT" or VTT_CUE.match(stripped):
        return None
    voice = VTT_VOICE.match(stripped)
    return f"{voice.group(1)}: {voice.group(2)}" if voice else line


def _speaker_labels(lines: list[str], lang: Language, parties: Parties) -> set[str]:
    """Labels that name speakers: known parties, or a label on two or more plain lines."""
    counts: dict[str, int] = {}
    for line in lines:
        match = LABEL.match(line.strip())
        if match and not BULLET.match(line) and match.group("rest"):
            name = match.group("name").strip()
            if len(name.split()) <= 4 and not lang.heading_generic.fullmatch(name.lower()):
                counts[name] = counts.get(name, 0) + 1
    return {
        name
        for name, count in counts.items()
        if parties.lookup_name(name) is not None or (count >= 2 and name[:1].isupper())
    }


def _read_line(
    line: str,
    following: str,
    doc: Document,
    state: _State,
    lang: Language,
    parties: Parties,
    speakers: set[str],
) -> None:
    if not line:
        return
    if _email_frame(line, state, lang, parties):
        return
    if line.startswith("|"):
        _table_row(line, doc, state, parties)
        return
    bullet = BULLET.match(line)
    if bullet is None:
        label = LABEL.match(line)
        if label and label.group("name").strip() in speakers:
            _turn(label.group("name").strip(), doc, state)
            rest = label.group("rest")
            _sentences(rest, doc, state, Unit("", state.turn, state.speaker), rest)
            return
        if _heading(line, following, state, lang, parties):
            return
    _bullet_or_prose(line, bullet, doc, state, lang, parties)


def _turn(speaker: str, doc: Document, state: _State) -> None:
    if speaker != state.speaker:
        state.turn += 1
        state.speaker = speaker
    doc.speakers.append(speaker)


def _email_frame(line: str, state: _State, lang: Language, parties: Parties) -> bool:
    """Headers, greeting, closing and signature: they tell who wrote, and hold no promise."""
    header = lang.header.match(line)
    if header:
        if header.group(1):
            parties.set_author(header.group(1))
        return True
    greeting = lang.greeting.match(line)
    if greeting:
        parties.set_addressee(greeting.group(1))
        return True
    if lang.closing.match(line):
        state.after_closing = True
        return True
    if state.after_closing and len(line.split()) <= 4:
        parties.set_author(line)
        return True
    return False


def _table_row(line: str, doc: Document, state: _State, parties: Parties) -> None:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if all(set(c) <= set("-: ") for c in cells):
        return
    lowered = [c.lower() for c in cells]
    if not state.columns and any(c in {"owner", "who", "wer", "verantwortlich"} for c in lowered):
        state.columns = lowered
        return
    columns = state.columns or ["action", "owner", "due"]
    row = dict(zip(columns, cells, strict=False))
    owner = row.get("owner") or row.get("who") or row.get("wer") or row.get("verantwortlich")
    what = next((cells[i] for i, c in enumerate(columns) if c not in _OWNER_OR_DUE), cells[0])
    due = next((row[c] for c in columns if c in _DUE_COLUMNS and c in row), None)
    doc.units.append(
        Unit(what, state.turn, None, owner, None, state.section, True, state.agreed, True, due,
             " | ".join(cells))
    )  # fmt: skip


_OWNER_OR_DUE = {"owner", "who", "wer", "verantwortlich", "due", "when", "date", "by",
                 "bis", "termin", "fällig", "deadline"}  # fmt: skip
_DUE_COLUMNS = {"due", "when", "date", "by", "bis", "termin", "fällig", "deadline"}


def _heading(line: str, following: str, state: _State, lang: Language, parties: Parties) -> bool:
    """A short line that opens a section: it may give the side and say 'agreed'."""
    text = line.strip().strip("#*_ ").strip()
    lower = text.lower()
    words = len(text.split())
    opens_list = BULLET.match(following) is not None
    if not text or words > 9 or line.rstrip().endswith((".", "?", "!")):
        return False
    if not (line.rstrip().endswith(":") or opens_list or line.lstrip().startswith("#")):
        return False
    state.section = _heading_side(text, lower.rstrip(":"), lang, parties)
    state.action = bool(lang.heading_action.search(lower)) or state.section is not None
    # "Agreed next steps" over "Us:" and "Them:" covers both.
    marked = bool(lang.agreed_marker.search(lower))
    state.agreed = marked or (state.agreed and state.section is not None)
    return True


def _heading_side(text: str, lower: str, lang: Language, parties: Parties) -> Side | None:
    if lang.heading_us.search(lower):
        return Side.US
    if lang.heading_them.search(lower):
        return Side.THEM
    # Only a label ("Klinikum Nord:", "Hoffmann GmbH will:") gives a side; a title that
    # names someone ("Call with Maria Lopez") does not.
    if not text.endswith(":") and not re.search(r"\b(?:will|wird|werden)$", text):
        return None
    if lang.heading_generic.search(lower):
        return None
    party = re.sub(r"\s+(?:will|wird|werden)$", "", text.rstrip(":"))
    known = parties.lookup_name(party)
    if known is not None:
        return known[0]
    # A named organisation that is not us is the customer.
    if party[:1].isupper() and len(party.split()) <= 4:
        return Side.THEM
    return None


def _bullet_or_prose(
    line: str,
    bullet: re.Match[str] | None,
    doc: Document,
    state: _State,
    lang: Language,
    parties: Parties,
) -> None:
    body = line[bullet.end() :] if bullet else line
    box = CHECKBOX.match(body)
    ticked = bullet is not None and bullet.group(1) is not None and "[ ]" not in bullet.group(1)
    if box:
        ticked = box.group(1) != " " and box.group(1) != ""
        body = body[box.end() :]
    if ticked:
        return  # a ticked box is done
    if bullet is None:  # prose after a list closes its section
        state.action, state.section, state.agreed = False, None, False
    unit = Unit("", state.turn, state.speaker, None, None, state.section, state.action,
                state.agreed, bullet is not None)  # fmt: skip
    if bullet is not None and (bullet.group(1) or box):
        unit.action = True
    whole = body.strip()
    body = owner_syntax(body, unit, lang, parties)
    _sentences(body, doc, state, unit, whole)


def _sentences(text: str, doc: Document, state: _State, template: Unit, line: str) -> None:
    sentences = split_sentences(text)
    for sentence in sentences:
        quote = line if len(sentences) == 1 else sentence
        unit = Unit(**{**template.__dict__, "text": sentence, "quote": quote})
        unit.turn = state.turn
        doc.units.append(unit)


def split_sentences(text: str) -> list[str]:
    """Sentences of a line; a full stop after an abbreviation or a day number ("am 8.
    Dezember") does not end one."""
    pieces: list[str] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        # An abbreviation ends the candidate: its last 16 characters hold the longest with
        # the character before it. Searching the whole candidate, which grows while
        # abbreviations follow each other ("e.g. e.g. ..."), would take quadratic time.
        if ABBREVIATIONS.search(text[max(start, match.start() - 16) : match.start()]):
            continue
        candidate = text[start : match.start()]
        if candidate.strip():
            pieces.append(candidate.strip())
        start = match.end()
    if text[start:].strip():
        pieces.append(text[start:].strip())
    return pieces
