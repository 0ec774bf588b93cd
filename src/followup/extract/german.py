"""German: the same speech acts as in English, with verb-second word order and separable
verbs ("Ich rufe Sie Anfang Mai an" -> "anrufen")."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from followup.extract import dates_de
from followup.extract.dates import DateGrammar, find_all
from followup.extract.language import Core, Language, compiled, words
from followup.extract.rhythm_words import CADENCE_DE, CHANNELS_DE

# (particle, verb): "anrufen" is ("an", "rufen"); its finite forms put "an" at the end.
VERBS = (
    ("", "senden"), ("zu", "senden"), ("", "schicken"), ("zu", "schicken"), ("", "liefern"),
    ("", "bestätigen"), ("", "prüfen"), ("", "klären"), ("", "melden"), ("an", "rufen"),
    ("zurück", "rufen"), ("", "telefonieren"), ("", "besuchen"), ("vorbei", "kommen"),
    ("", "planen"), ("ein", "richten"), ("vor", "bereiten"), ("", "unterschreiben"),
    ("frei", "geben"), ("ab", "stimmen"), ("", "geben"), ("zu", "sagen"), ("", "erstellen"),
    ("", "nennen"), ("", "übermitteln"), ("nach", "reichen"), ("ein", "laden"),
    ("", "organisieren"), ("", "buchen"), ("", "vereinbaren"), ("", "bekommen"),
    ("", "erhalten"), ("", "aktualisieren"), ("", "überarbeiten"), ("aus", "arbeiten"),
    ("", "informieren"), ("mit", "teilen"), ("vor", "stellen"), ("", "präsentieren"),
    ("", "besprechen"), ("", "entscheiden"), ("bereit", "stellen"), ("weiter", "leiten"),
    ("", "kümmern"), ("", "versenden"), ("ab", "schicken"), ("", "übergeben"),
    ("", "bezahlen"), ("", "zahlen"), ("", "testen"), ("", "installieren"), ("vor", "legen"),
    ("ein", "reichen"), ("", "terminieren"), ("durch", "gehen"), ("", "mailen"),
    ("", "schreiben"), ("", "kontaktieren"), ("", "sprechen"), ("", "treffen"),
    ("", "beantworten"), ("", "ergänzen"), ("sicher", "stellen"), ("", "schulen"),
    ("", "besorgen"), ("", "erarbeiten"), ("", "freischalten"), ("", "einrichten"),
    ("", "anrufen"), ("", "vorbereiten"), ("", "zusenden"), ("", "abstimmen"),
)  # fmt: skip
IRREGULAR = {"geben": ("gibt", "gib"), "treffen": ("trifft",), "sprechen": ("spricht",),
             "erhalten": ("erhält",), "laden": ("lädt",), "kommen": ("kommt", "komme"),
             "besprechen": ("bespricht",), "nehmen": ("nimmt",)}  # fmt: skip
PARTICLES = {"an", "zu", "zurück", "vorbei", "ein", "vor", "frei", "ab", "nach", "aus", "mit",
             "bereit", "weiter", "durch", "sicher"}  # fmt: skip
PRONOUNS = {"ich", "wir", "sie", "er", "es", "man"}
DROP = {"uns", "ihnen", "ihm", "ihr", "mir", "dir", "euch", "sich", "mich", "dann", "noch",
        "auch", "gleich", "bitte", "gerne", "gern", "zusätzlich", "dazu", "vorher", "der",
        "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "bis",
        "am", "zum", "zur", "spätestens", "innerhalb", "binnen", "von", "in", "ab", "so",
        "schon", "also", "jetzt", "intern", "unser", "unsere", "ihre", "ihren",
        "wie", "besprochen", "wieder"}  # fmt: skip
AUXILIARY = {"werde", "werden", "wird", "werdet", "und", "oder"}
NOT_SUBJECTS = {"die", "das", "den", "dem", "wie", "dann", "außerdem"}
_ANY_DAY = date(2000, 1, 1)


def finite_forms() -> dict[str, tuple[str, str]]:
    """Every finite or infinite form -> (particle, verb) of the verbs followup knows."""
    forms: dict[str, tuple[str, str]] = {}
    for particle, verb in VERBS:
        stem = verb[:-2] if verb.endswith("en") else verb[:-1]
        endings = (
            ["e", "st", "t", "en", "et", "n"] if stem[-1:] in "dt" else ["e", "st", "t", "en", "n"]
        )
        for form in [verb, *(stem + e for e in endings), *IRREGULAR.get(verb, ())]:
            forms.setdefault(form, (particle, verb))
        if particle:
            forms.setdefault(particle + verb, ("", particle + verb))
            forms.setdefault(particle + "zu" + verb, ("", particle + verb))
    return forms


def german_core(lower: str, original: str, lang: Language) -> Core | None:
    """Subject and verb phrase of a German promise: the verb may come second or last, and
    the subject before or after it; "prüfe das und gebe Bescheid" is one promise."""
    tokens = re.findall(r"[\wäöüßÄÖÜ.\-/]+", re.sub(r"\([^)]*\)", " ", original))
    parts = _joined(tokens)
    first = _verb_of(parts[0])
    if first is None:
        return None
    subject = _subject(parts[0], [t.strip(".").lower() for t in parts[0]], first[0])
    whats = []
    for part in parts:
        found = _verb_of(part)
        if found is not None:
            whats.append(_what(part, found, subject, lang.dates))
    # A present tense promise needs its date ("Herr Braun sendet ... bis Mittwoch").
    plain = [t.strip(".").lower() for t in parts[0]]
    future = any(t in {"werde", "werden", "wird", "werdet"} for t in plain[: first[0]])
    return Core(subject, original, needs_due=not future, what=" und ".join(whats))


def _joined(tokens: list[str]) -> list[list[str]]:
    """The parts of a clause joined by 'und' when each has a verb of its own."""
    cuts = [i for i, t in enumerate(tokens) if t.lower() == "und"]
    for cut in cuts:
        left, right = tokens[:cut], tokens[cut + 1 :]
        if _verb_of(left) and _verb_of(right):
            return [left, *_joined(right)]
    return [tokens]


def _verb_of(tokens: list[str]) -> tuple[int, str, str] | None:
    """(position, particle, infinitive) of the first verb followup knows in `tokens`."""
    forms = _forms()
    plain = [t.strip(".").lower() for t in tokens]
    position = next((i for i, t in enumerate(plain) if t in forms), None)
    if position is None:
        return None
    particle, verb = forms[plain[position]]
    tail = [t for t in plain[position + 1 :] if t]
    if particle and (not tail or tail[-1] != particle):
        if verb not in {v for p, v in VERBS if not p}:
            return None
        particle = ""
    return position, particle, particle + verb


def _subject(tokens: list[str], plain: list[str], verb: int) -> str:
    """Who does it: a pronoun or name right before the verb ("Herr Braun sendet"), or right
    after it when something else comes first ("Die schicke ich")."""
    before = [t for t in tokens[:verb] if t.strip(".")]
    if before and before[0].lower() in PRONOUNS:
        return before[0]
    titled = bool(before) and before[0].lower() in {"herr", "frau", "hr.", "fr."}
    if (titled or 0 < len(before) <= 2) and before[0].lower() not in NOT_SUBJECTS:
        return " ".join(before[:3])
    after = plain[verb + 1] if verb + 1 < len(plain) else ""
    if after in PRONOUNS:
        return tokens[verb + 1]
    return ""


def _what(tokens: list[str], verb: tuple[int, str, str], subject: str, grammar: DateGrammar) -> str:
    position, particle, infinitive = verb
    text = " ".join(tokens)
    for due in reversed(find_all(text, _ANY_DAY, grammar)):
        text = text[: due.start] + " " + text[due.end :]
    skip = {w.lower() for w in subject.split()} | {tokens[position].strip(".").lower(), particle}
    kept = []
    for word in text.split():
        low = word.strip(".,?!;:").lower()
        if low in skip or low in DROP or low in PRONOUNS or low in _forms() or low in AUXILIARY:
            continue
        kept.append(word.strip(".,?!;:"))
    return " ".join([*kept[:6], infinitive]).strip()


@cache
def _forms() -> dict[str, tuple[str, str]]:
    return finite_forms()


def phrase(vp: str, grammar: DateGrammar) -> str:
    """German 'what' for a phrase without a verb of ours (a bullet's noun phrase)."""
    text = vp
    for due in reversed(find_all(text, _ANY_DAY, grammar)):
        text = text[: due.start] + text[due.end :]
    kept = [w for w in text.split() if w.lower().strip(".,:") not in DROP]
    return " ".join(kept[:8]).strip(" ,.;:!?-–—()")


@cache
def german() -> Language:
    """The German vocabulary (built once, on first use)."""
    verb = words(*_forms())
    return Language(
        code="de",
        name="German",
        dates=dates_de.grammar(),
        heading_generic=compiled(
            r"\b(?:nächste\s+schritte|aufgaben|to\s*-?\s*dos?|notizen|themen|sonstiges|"
            r"protokoll|teilnehmer|zusammenfassung|betreff|rhythmus|ergebnisse|besprechung)\b"
        ),
        heading_action=compiled(
            r"\b(?:nächste\s+schritte|aufgaben|to\s*-?\s*dos?|maßnahmen|"
            r"vereinbart|wird|werden)\b"
        ),
        heading_us=compiled(r"^(?:wir|uns|unsere\s+(?:seite|aufgaben|schritte))\b"),
        heading_them=compiled(r"^(?:kunde|ihre\s+(?:seite|aufgaben|schritte))\b"),
        greeting=compiled(
            r"(?i)^(?:hallo|hi|liebe[rs]?|sehr\s+geehrte[rs]?|guten\s+tag)\s+([^,!]{1,60})[,!]?\s*$"
        ),
        closing=compiled(
            r"(?i)^(?:viele\s+grüße|mit\s+freundlichen\s+grüßen|beste\s+grüße|freundliche\s+grüße|"
            r"liebe\s+grüße|herzliche\s+grüße|gruß|grüße|lg|vg|mfg)\b[^.]{0,20}[,!.]?\s*$"
        ),
        header=compiled(r"(?i)^(?:von|an|cc|betreff|datum|gesendet|from|to|subject)\s*:\s*(.*)$"),
        discourse=compiled(
            r"^(?:(?:also|und|dann|ok|okay|gut|super|ja|gerne|prima|wunderbar|übrigens|"
            r"außerdem|wie\s+besprochen|wie\s+vereinbart|(?:herr|frau)\s+[\w.\-]+(?:\s+[\w\-]+)?"
            r"(?=,))[\s,:.!—–-]*)+"
        ),
        clause_split=re.compile(
            r"\s*;\s*|\s+[—–]\s+|,\s+aber\s+|,\s*(?=(?:ich|wir)\s)|"
            r",\s+(?=(?:rückmeldung|termin)\b)",
            re.IGNORECASE,
        ),
        done=compiled(
            r"\b(?:bereits|schon|erledigt|wurde|wurden|ist\s+erfolgt|verschickt|"
            r"bezahlt|erhalten)\b|\[x\]|✓|✔"
        ),
        hedge=compiled(
            r"\b(?:eventuell|evtl|vielleicht|möglicherweise|wäre|würde|könnte|"
            r"überlegt|denkbar|irgendwann|ggf|gegebenenfalls|interessant)\b"
        ),
        negation=compiled(r"\b(?:nicht|kein|keine|keinen|nie|niemals)\b"),
        fyi=compiled(r"\b(?:zur\s+info|kein\s+bedarf|nicht\s+nötig|kein\s+thema)\b"),
        agreed_marker=compiled(
            r"\b(?:vereinbart|wie\s+besprochen|zugesagt|einverstanden|"
            r"abgestimmt|vereinbarung)\b"
        ),
        commitment=compiled(r"(?!)"),
        present=compiled(r"(?!)"),
        request=compiled(
            r"^(?:könnten|können|würden|würden|werden)\s+sie\s+(?P<who>)?(?P<vp>.+)$|"
            r"^(?:bitte)\s+(?P<vp2>.+)$|^(?P<vp3>(?!))$"
        ),
        offer=compiled(
            r"^(?:sollen\s+wir|soll\s+ich|möchten\s+sie|wollen\s+sie|darf\s+ich)\s+"
            r"(?P<vp>.+)$"
        ),
        lets=compiled(r"^(?:lassen\s+sie\s+uns)\s+(?P<vp>.+)$"),
        you_receive=compiled(r"(?!)"),
        accept=compiled(
            r"^(?:ja|gerne|gern|gut|super|prima|passt|einverstanden|sehr\s+gut|wunderbar|"
            r"danke|klingt\s+gut|in\s+ordnung|alles\s+klar|mache\s+ich|machen\s+wir|ok|okay|"
            r"perfekt|genau)(?![\w])"
        ),
        decline=compiled(
            r"^(?:nein|lieber\s+nicht|nicht\s+nötig|erst\s+nach|noch\s+nicht|"
            r"leider\s+nicht)"
        ),
        check=compiled(r"(?:passt\s+(?:ihnen|das)|einverstanden\?|ist\s+das\s+ok)"),
        next_contact=compiled(
            r"^nächste[rsn]?\s+(?P<what>termin|telefonat|besuch|call|"
            r"gespräch|treffen)\b|^(?P<what2>vor-ort-termin|termin)\b"
        ),
        verb=compiled(rf"^.*?\b(?:{verb})\b"),
        first_person=compiled(r"^(?:ich|mir|mich)\b"),
        first_plural=compiled(r"^(?:wir|uns|unser)\b"),
        second_person=compiled(r"^(?:sie|ihnen)\b"),
        third_person=compiled(r"^(?:er|sie)\b"),
        their_group=compiled(r"^(?:ihr|ihre)\s"),
        our_group=compiled(r"^(?:unser|unsere)\s"),
        pronoun_object=compiled(r"^(?:es|das|die|ihn|sie)?\s*\w*$(?<=n)(?!)"),
        reporting=compiled(r"\b(?:sagte|meinte|zugesagt|versprochen)\b"),
        stopwords=frozenset(),
        phrase=phrase,
        core=german_core,
        cadence=CADENCE_DE,
        contact_words=compiled(
            r"\b(?:melden|anruf\w*|telefon\w*|termin\w*|treffen|gespräch\w*|abstimmung|"
            r"jour\s+fixe|rhythmus|austausch|call|besuch\w*|update)\b"
        ),
        channels=CHANNELS_DE,
    )
