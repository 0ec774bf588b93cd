"""Which language a note is in, and a clear refusal for one followup cannot read yet."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from followup.domain.errors import InvalidInput
from followup.extract.language import Language

SUPPORTED = {"en": "English", "de": "German"}
ALIASES = {"english": "en", "englisch": "en", "german": "de", "deutsch": "de"}
# The commonest words of languages people may paste, and those a short follow-up note in
# them is made of (weekdays, "next week", send, call, quote, thanks), to name them when
# refusing. None is an English or German word: a name or a quoted phrase in another
# language does not refuse an English note, which has English words enough to outweigh it.
OTHERS = {
    "fr": ("French", "le la les et des une est pas que pour nous vous avec dans sur "
           "il elle je lundi mardi mercredi jeudi vendredi samedi semaine prochaine demain "
           "envoyer envoie envoyons enverrons enverrai appeler appelle rappelle devis offre "
           "merci réunion rendez"),
    "es": ("Spanish", "el la los las y que una por para con del es nos pero lunes martes "
           "miércoles jueves viernes semana próxima mañana enviar enviamos enviaremos "
           "llamar llamamos oferta presupuesto gracias reunión"),
    "it": ("Italian", "il la che di non per una sono con gli della questo lunedì martedì "
           "mercoledì giovedì venerdì settimana prossima domani inviare inviamo invieremo "
           "chiamare offerta preventivo grazie riunione"),
    "nl": ("Dutch", "de het een en van ik je niet dat zijn met voor wij maandag dinsdag "
           "woensdag donderdag vrijdag volgende sturen stuur bellen offerte "
           "bedankt vergadering"),
    "pt": ("Portuguese", "o os as e que um uma não para com do da em nós segunda terça "
           "quarta quinta sexta semana próxima amanhã enviar enviamos enviaremos ligar "
           "proposta orçamento obrigado reunião"),
}  # fmt: skip
GERMAN_WORDS = frozenset(
    "der die das und ist nicht wir sie ich mit bis für den dem ein eine uns ihnen zu auf "
    "noch wird werden schicken senden melden".split()
)
SCRIPTS = {"CJK": "Chinese or Japanese", "HIRAGANA": "Japanese", "KATAKANA": "Japanese",
           "HANGUL": "Korean", "CYRILLIC": "a Cyrillic-script language", "ARABIC": "Arabic",
           "HEBREW": "Hebrew", "GREEK": "Greek", "THAI": "Thai",
           "DEVANAGARI": "Hindi"}  # fmt: skip


def language_named(code: str) -> Language:
    from followup.extract.english import english
    from followup.extract.german import german

    return english() if code == "en" else german()


def choose_language(requested: str | None, text: str) -> Language:
    """The language asked for, else the one the text is in; InvalidInput for any other."""
    if requested:
        key = requested.strip().lower().replace("_", "-")
        code = ALIASES.get(key, key.split("-")[0])
        if code not in SUPPORTED:
            raise InvalidInput(
                f"unsupported language {requested!r}: followup extracts commitments from "
                "English (en) and German (de)"
            )
        return language_named(code)
    return language_named(detect(text))


def detect(text: str) -> str:
    """'en' or 'de' for the text (English when there is too little to tell); InvalidInput
    when it is plainly in another language."""
    sample = text[:20000]
    script = _foreign_script(sample)
    if script:
        raise InvalidInput(_refusal(script))
    tokens = re.findall(r"[^\W\d_]+", sample.lower())
    counts = Counter(tokens)
    from followup.extract.english import english

    english_hits = sum(counts[w] for w in english().stopwords)
    german_hits = sum(counts[w] for w in GERMAN_WORDS)
    best, _name, hits = "en", "English", english_hits
    if german_hits > english_hits:
        best, _name, hits = "de", "German", german_hits
    for code, (other_name, words) in OTHERS.items():
        other_hits = sum(counts[w] for w in words.split())
        # Five of its words, or (in a short note) a third of them, and well over ours.
        if other_hits > max(hits * 1.5, 2) and (other_hits > 4 or other_hits * 3 >= len(tokens)):
            raise InvalidInput(_refusal(f"{other_name} ({code})"))
    return best


def _foreign_script(sample: str) -> str | None:
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 8:
        return None
    counts: Counter[str] = Counter()
    for char in letters:
        name = unicodedata.name(char, "")
        counts[next((s for s in SCRIPTS if name.startswith(s)), "LATIN")] += 1
    script, count = counts.most_common(1)[0]
    return SCRIPTS[script] if script != "LATIN" and count > len(letters) / 2 else None


def _refusal(what: str) -> str:
    return (
        f"the notes look like {what}: followup extracts commitments from English (en) and "
        "German (de) only; pass --lang en or --lang de to read them anyway"
    )
