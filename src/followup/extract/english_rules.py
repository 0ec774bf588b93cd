"""English rules: the verbs of promises, the promise at the heart of a clause (subject,
modal, verb phrase) and the short imperative that says what was promised."""

from __future__ import annotations

import re
from datetime import date

from followup.extract.dates import DateGrammar, find_all
from followup.extract.language import Core, Language, words

VERBS = (
    "send", "share", "provide", "deliver", "submit", "return", "confirm", "check", "review",
    "approve", "sign", "countersign", "call", "ring", "phone", "email", "e-mail", "mail",
    "ping", "follow up", "touch base", "meet", "visit", "schedule", "set up", "book",
    "arrange", "organise", "organize", "prepare", "draft", "update", "finish", "complete",
    "finalise", "finalize", "decide", "let", "introduce", "loop in", "forward", "present",
    "test", "install", "migrate", "hold", "extend", "ship", "pay", "invoice", "issue",
    "nominate", "export", "find out", "ask", "clarify", "look into", "investigate", "dig",
    "put together", "run", "invite", "propose", "quote", "demo", "escalate", "document",
    "translate", "talk", "speak", "discuss", "report", "circulate", "add", "include", "write",
    "fix", "give", "tell", "reply", "respond", "answer", "make sure", "ensure", "contact",
    "reach out", "hand over", "order", "request", "grant", "create", "configure",
    "walk", "train", "compile", "collect", "gather", "verify", "validate", "go through",
    "take", "bring", "sort out", "handle", "own", "get", "have", "come back", "check in",
    "get in touch", "chase", "remind", "pass on", "post", "upload", "publish", "plan",
    "measure", "produce", "build", "implement", "deploy", "release", "outline", "list",
    "consult", "coordinate", "align", "sync", "revert", "supply", "source", "appoint",
    "assign", "sign off", "kick off", "connect", "drop", "reach", "hear back", "summarise",
    "summarize", "confirm back", "loop", "pull together", "look at", "figure out", "settle",
    "mention", "raise", "agree", "announce",
)  # fmt: skip
IRREGULAR_3SG = {"have": "has", "do": "does", "go": "goes"}


def verb_forms(verbs: tuple[str, ...]) -> str:
    """Base, third person and -ing forms of each verb (the particle kept)."""
    forms: set[str] = set()
    for verb in verbs:
        head, _, rest = verb.partition(" ")
        third = IRREGULAR_3SG.get(head) or (
            head + "es" if head.endswith(("s", "sh", "ch", "x")) else head + "s"
        )
        gerund = (head[:-1] if head.endswith("e") and head != "be" else head) + "ing"
        for form in (head, third, gerund):
            forms.add(f"{form} {rest}".strip())
    return words(*forms)


PRONOUNS = r"(?:i|we|you|he|she|they|u)"
MODAL = (
    r"(?<![\w'’])(?:won't|will\s+not|can't|cannot|shan't|will|shall|(?:is|are|am)\s+going\s+to|"
    r"(?:is|are)\s+to|needs?\s+to|ha(?:s|ve)\s+to|must|can|promised(?:\s+to)?|agreed\s+to|"
    r"committed\s+to|owes?|would|(?:is|are)\s+supposed\s+to|plans?\s+to|intends?\s+to|to)|"
    r"(?:'ll|’ll|'d|’d|(?:'m|’m|'re|’re|'s|’s)\s+going\s+to)"
)


def phrase(vp: str, grammar: DateGrammar) -> str:
    """The short imperative for a verb phrase: no dates, pronouns, articles or asides."""
    text = vp
    for due in reversed(find_all(text, _ANY_DAY, grammar)):
        marker = _MARKER.search(text[: due.start])
        start = marker.start() if marker else due.start
        text = text[:start] + " " + text[due.end :]
    text = _CUT.split(_LEAD.sub("", text.strip()), maxsplit=1)[0]
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    text = _DROP.sub(" ", f" {text} ")
    text = re.sub(r"\s+", " ", text).strip(" ,.;:!?-–—()")
    words = text.split()[:10]
    if words and words[0][1:].islower() and words[0].lower() in _VERB_HEADS:
        words[0] = words[0].lower()  # "Send interface spec" -> "send interface spec"
    return " ".join(words)


_VERB_HEADS = frozenset(v.split()[0] for v in VERBS)


_ANY_DAY = date(2000, 1, 1)
_MARKER = re.compile(
    r"(?:\b(?:by|on|until|till|in|within|before|after|no\s+later\s+than|at|from|for|due|"
    r"around|starting(?:\s+on)?|latest|target|eta)\s*:?\s+)+$",
    re.IGNORECASE,
)
_CUT = re.compile(
    r"\s*(?:,|;|\(|\bso\s+(?:that|you|we)\b|\bonce\b|\bwhen\b|\bbecause\b|\bas\s+soon\s+as\b|"
    r"\bif\b|\bbut\b|\bwhich\b|\bincluding\b|\bunless\b|\bsince\b|\bbefore\s+then\b|\bthen\b|"
    r"\bat\s+the\s+latest\b|\bwhen\b)",
    re.IGNORECASE,
)
_REWRITES = [
    (
        re.compile(
            r"^(?:have|get)\s+(.+?)\s+(?:over\s+|across\s+)?to\s+(?:you|them|him|her)\b", re.I
        ),
        r"send \1",
    ),
    (re.compile(r"^(?:have|get)\s+(.+?)\s+back\b.*$", re.I), r"return \1"),
    (re.compile(r"^(?:ring|call|phone)\s+(?:you|him|her|them)\s+back\b", re.I), "call back"),
    (re.compile(r"^get\s+back\s+to\s+(?:you|him|her|them|us)\b", re.I), "get back"),
    (re.compile(r"^come\s+back\s+to\s+(?:you|him|her|them|us)\b", re.I), "come back"),
    (re.compile(r"^let\s+(?:you|us|me|him|her|them)\s+know\b", re.I), "confirm"),
    (re.compile(r"^give\s+(?:you|him|her|them)\s+a\s+(?:call|ring)\b", re.I), "call"),
    (re.compile(r"^(?:get|send)\s+(?:you|us|him|her|them)\s+", re.I), "send "),
    (re.compile(r"^send\s+over\b", re.I), "send"),
    (re.compile(r"^(\w+)\s+(?:you|us|him|her|them|me)\b(?!\s+(?:back|know))", re.I), r"\1"),
]
_DROP = re.compile(
    r"\s(?:the|a|an|our|your|their|my|his|her|its|some|also|just|definitely|quickly|still|"
    r"first|probably|please|then|over|to\s+you|to\s+us|for\s+you|with\s+you|with\s+us|"
    r"to\s+them|to\s+him|to\s+her|for\s+us|at\s+the\s+latest)(?=\s)",
    re.IGNORECASE,
)


_PASSIVE = re.compile(
    r"^be\s+(?P<verb>\w+)\s+by\s+(?P<agent>[\w.'’\- ]+?)(?=\s+(?:in|by|within|on|before|until|"
    r"next|this|tomorrow|today)\b|[,.;]|$)(?P<rest>.*)$"
)
_GOES_OUT = re.compile(
    r"^(?:the\s+)?(?P<obj>[\w\- ]{2,40}?)\s+(?:goes|will\s+go|is\s+going)\s+out\b(?P<rest>.*)$"
)
_EXPECTED = re.compile(
    r"^(?:the\s+|their\s+|your\s+)?(?P<obj>[\w\- ]{2,40}?)\s+(?:is|are)\s+(?:expected|due)\b"
    r"(?P<rest>.*)$"
)
_FRAME = re.compile(
    r"\b(?:that|said|mentioned|told\s+(?:me|us)|confirmed|explained|indicated|understand)\s+",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^(?:(?:then|also|just|first|definitely|quickly|still|now|personally)\s+)+",
                   re.IGNORECASE)  # fmt: skip
_CAN_DO = re.compile(r"^what\s+(i|we)\s+can\s+do\s+is\s+")
_GERUND = re.compile(r"^(?P<vp>(?:sending|calling|sharing|booking|emailing|checking)\b.*)$")
_SUBJECT_LEAD = re.compile(r"^(?:(?:and|also|then|so|but|that|now|plus|in\s+turn)\s+)+")
NEGATIVE_MODALS = {"won't", "will not", "can't", "cannot", "shan't"}
PARTICIPLES = {"sent": "send", "done": "do", "given": "give", "written": "write",
               "taken": "take", "held": "hold", "paid": "pay", "set": "set", "run": "run",
               "brought": "bring", "got": "get", "made": "make"}  # fmt: skip


def base_form(word: str) -> str:
    """'sends' -> 'send', 'proposed' -> 'propose' (for the verbs followup knows)."""
    known = set(VERBS) | {v.split()[0] for v in VERBS}
    if word in known:
        return word
    if word in PARTICIPLES:
        return PARTICIPLES[word]
    for cut, add in (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("d", ""),
                     ("ing", ""), ("ing", "e")):  # fmt: skip
        if word.endswith(cut) and word[: -len(cut)] + add in known:
            return word[: -len(cut)] + add
    return word


def english_core(lower: str, original: str, lang: Language) -> Core | None:
    """Subject and verb phrase of an English promise, or None. Matching is done on the
    lower-cased clause; subject and verb phrase are cut from the original (same length)."""
    if len(lower) != len(original):
        original = lower
    lower, original = _can_do(lower, original)
    found = lang.commitment.match(lower)
    if found:
        core = _modal_core(found, original, lang)
        if core is not None:
            return core
    received = lang.you_receive.match(lower)
    if received:
        return Core("I", "send " + original[received.start("vp") :])
    goes = _GOES_OUT.match(lower) or _EXPECTED.match(lower)
    if goes and len(goes.group("obj").split()) <= 4:
        subject = "they" if goes.re is _EXPECTED else ""
        obj = original[goes.start("obj") : goes.end("obj")]
        return Core(subject, f"send {obj}{original[goes.start('rest') :]}", needs_due=True)
    present = lang.present.match(lower)
    if present and _plausible_subject(present.group("subj"), lang):
        head, _, rest = original[present.start("vp") :].partition(" ")
        subject = original[: present.end("subj")]
        return Core(subject, f"{base_form(head.lower())} {rest}".strip(), needs_due=True)
    gerund = _GERUND.match(lower)
    if gerund:
        head, _, rest = original[gerund.start("vp") :].partition(" ")
        return Core("", f"{base_form(head.lower())} {rest}".strip(), needs_due=True)
    return None


def _can_do(lower: str, original: str) -> tuple[str, str]:
    """'What I can do is send ...' says 'I can send ...'."""
    match = _CAN_DO.match(lower)
    if not match:
        return lower, original
    replaced = f"{match.group(1)} can "
    return replaced + lower[match.end() :], replaced + original[match.end() :]


def _plausible_subject(subject: str, lang: Language) -> bool:
    """A subject is a few words naming someone, not an action ("book meeting room")."""
    words = subject.split()
    return 0 < len(words) <= 4 and not lang.verb.match(subject)


def _modal_core(found: re.Match[str], original: str, lang: Language) -> Core | None:
    raw = _FRAME.split(original[: found.end("subj")].split(",")[-1])[-1].strip()
    subject = _SUBJECT_LEAD.sub("", raw.lower())
    subject = raw[-len(subject) :] if subject else ""
    modal = " ".join(found.group("modal").split())
    vp = original[found.start("vp") :]
    lowered = vp.lower()
    if modal in NEGATIVE_MODALS or lowered.startswith(("not ", "never ")):
        return None
    if subject and not _plausible_subject(subject.lower(), lang) and modal != "to":
        return None
    if modal == "to" and (len(subject.split()) > 4 or lang.verb.match(subject.lower())):
        return None
    if modal in {"would", "'d", "’d"} and not lang.reporting.search(found.group("subj")):
        return None
    if lowered.startswith(("rather", "like", "love", "prefer", "want", "be happy", "say")):
        return None
    if modal in {"owes", "owe", "promised"} and not lang.verb.match(lowered):
        vp = "send " + re.sub(r"^(?:him|her|them|us|you)\s+", "", vp, flags=re.I)
    passive = _PASSIVE.match(vp.lower())
    if passive:
        verb = base_form(passive.group("verb"))
        agent = vp[passive.start("agent") : passive.end("agent")]
        return Core(subject, f"{verb} {subject}{vp[passive.start('rest') :]}", agent=agent)
    if not lang.verb.match(vp.lower()):
        return None
    needs_owner = modal == "to" and not subject
    return Core(subject, vp, needs_due=modal == "can", needs_owner=needs_owner)
