"""English: the words of promises, requests, offers, answers and rhythms."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from followup.extract import dates_en
from followup.extract.dates import DateGrammar, find_all
from followup.extract.language import Core, Language, compiled, words
from followup.extract.rhythm_words import CADENCE_EN, CHANNELS_EN

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


@cache
def english() -> Language:
    """The English vocabulary (built once, on first use)."""
    verb = verb_forms(VERBS)
    return Language(
        code="en",
        name="English",
        dates=dates_en.grammar(),
        heading_generic=compiled(
            r"\b(?:next\s+steps?|action\s+items?|actions?|notes?|to\s*-?\s*dos?|follow[\s-]?ups?|"
            r"agenda|summary|recap|minutes|decisions?|other|attendees|participants|"
            r"background|rhythm|cadence|next\s+call|next\s+meeting|subject)\b"
        ),
        heading_action=compiled(
            r"\b(?:next\s+steps?|action\s+items?|actions?|to\s*-?\s*dos?|follow[\s-]?ups?|"
            r"what\s+we\s+agreed|will)\b"
        ),
        heading_us=compiled(
            r"^(?:us|we(?:\s+will)?|our\s+(?:side|next\s+steps|actions|team)|"
            r"from\s+us)\b"
        ),
        heading_them=compiled(
            r"^(?:them|they(?:\s+will)?|your\s+(?:side|next\s+steps|actions|team)|"
            r"their\s+(?:side|next\s+steps|actions)|client|customer)\b"
        ),
        greeting=compiled(r"(?i)^(?:hi|hello|hey|dear|good\s+morning)\s+([^,!]{1,60})[,!]?\s*$"),
        closing=compiled(
            r"(?i)^(?:best(?:\s+regards|\s+wishes)?|kind\s+regards|regards|cheers|thanks|"
            r"thank\s+you|many\s+thanks|warm\s+regards|all\s+the\s+best|sincerely|"
            r"yours(?:\s+sincerely)?)\b[^.]{0,20}[,!.]?\s*$"
        ),
        header=compiled(r"(?i)^(?:from|to|cc|bcc|subject|date|sent|re)\s*:\s*(.*)$"),
        discourse=compiled(
            r"^(?:(?:so|and|also|then|ok|okay|great|sure|yes|yeah|yep|right|well|understood|"
            r"perfect|fine|honestly|btw|plus|good|thanks|thank\s+you|no\s+worries|brilliant|"
            r"quick\s+recap|recap|in\s+return|in\s+turn|as\s+discussed|as\s+agreed|as\s+promised|"
            r"from\s+our\s+side|from\s+your\s+side|on\s+our\s+(?:end|side)|on\s+your\s+(?:end|side)|"
            r"to\s+summari[sz]e(?:\s+where\s+we\s+are)?|it\s+was\s+agreed\s+that|"
            r"we\s+understand\s+that|before\s+we\s+wrap\s+up|(?:so\s+)?on\s+\w+(?=,)|"
            r"that)[\s,:.!—–-]*)+",
        ),
        clause_split=re.compile(
            r"\s*;\s*|\s+[—–]\s+|\s+-\s+|:\s+|,\s+but\s+|\s+but\s+(?=(?:i|we)\b)|"
            rf",\s*(?:and\s+)?(?:that\s+)?(?={PRONOUNS}(?:'ll|’ll|\s+will|'m|’m|\s+am|\s+can|"
            r"\s+would|'d|’d|\s+need)\b)|"
            r",\s+and\s+(?:that\s+)?(?=[\w ]{1,30}?\s+(?:will|to|goes)\b)|,?\s+and\s+that\s+|"
            rf"\s+and\s+(?=(?:{PRONOUNS}(?:'ll|’ll|\s+will)|\w+\s+will)\b)|"
            r",\s+(?=(?:can|could|would|will)\s+(?:you|u)\b)",
            re.IGNORECASE,
        ),
        done=compiled(
            r"\b(?:already|done|completed|finished|was\s+sent|were\s+sent|has\s+been|have\s+been|"
            r"had\s+been|did\s+on|they\s+did|sent\s+before|attaching|attached|received)\b|"
            r"\[x\]|✓|✔|☑"
        ),
        hedge=compiled(
            r"\b(?:maybe|perhaps|might|possibly|potentially|possible|considering|consider|"
            r"thinking\s+about|at\s+some\s+point|hypothetical(?:ly)?|eventually|not\s+decided|"
            r"prob|would\s+probably|'d\s+probably|should\s+probably|floated|tentative)\b|"
            r"(?<!\d\s)\bmay\b(?!\s*\d)|\bif\b.*\b(?:would|'d|could|might)\b|"
            r"\b(?:would|'d|could)\b.*\bif\b"
        ),
        negation=compiled(
            r"\bnot\b|n't\b|n’t\b|\bnever\b|\bcannot\b|\bno\s+(?:need|action|next\s+steps)\b"
        ),
        fyi=compiled(
            r"\bfyi\b|\bno\s+action\b|\bnothing\s+(?:needed|planned)\b|\bnot\s+interested\b|"
            r"\bdeclined\b|\bno\s+need\b|\bpurely\b"
        ),
        agreed_marker=compiled(
            r"\b(?:as\s+agreed|it\s+was\s+agreed|we\s+agreed|both\s+agreed|everybody\s+agreed|"
            r"agreed\s+(?:that|to|next\s+steps|with)|what\s+we\s+agreed|as\s+discussed|"
            r"promised|agreed)\b"
        ),
        commitment=compiled(rf"^(?P<subj>.{{0,80}}?)(?P<modal>{MODAL})\s+(?P<vp>.+)$"),
        present=compiled(rf"^(?P<subj>[\w'’().\- ]{{1,40}}?)\s+(?P<vp>(?:{verb})\b.*)$"),
        request=compiled(
            r"^(?:and\s+|also\s+|so\s+|but\s+|hey,?\s+)?(?:can|could|would|will)\s+"
            r"(?P<who>you(?:\s+guys|\s+all)?|u|your\s+[\w ]{1,30}?|someone|somebody|anyone)\s+"
            r"(?:also\s+|please\s+|maybe\s+|still\s+)*(?P<vp>.+)$|^(?:please|pls|kindly)\s+"
            r"(?P<vp2>.+)$|^(?:so\s+)?you(?:'ll|’ll|\s+will)\s+(?P<vp3>.+)\?$"
        ),
        offer=compiled(
            r"^(?:(?:do\s+you\s+)?want\s+me\s+to|(?:shall|should)\s+(?:i|we)(?:\s+also)?|"
            r"would\s+you\s+like\s+(?:me|us)\s+to|would\s+it\s+help\s+if\s+(?:i|we)|"
            r"how\s+about\s+(?:i|we)|(?:i|we)\s+could|(?:i'm|i\s+am|we're|we\s+are)\s+happy\s+to|"
            r"happy\s+to|(?:i|we)\s+offered\s+to)\s+(?P<vp>.+)$"
        ),
        lets=compiled(
            r"^(?:let's|let’s|let\s+us|lets|we)\s+(?P<vp>(?:meet|talk|speak|call|"
            r"catch\s+up|reconvene|sync|review|go\s+through|regroup|follow\s+up|"
            r"get\s+together|discuss|touch\s+base)\b.*)$"
        ),
        you_receive=compiled(
            r"^(?:and\s+)?you(?:'ll|’ll|\s+will)\s+(?:have|get|receive)\s+(?P<vp>(?!.*\bback\b).+)$"
        ),
        accept=compiled(
            r"^(?:yes|yeah|yep|yup|sure|ok|okay|great|perfect|good|fine|sounds\s+good|"
            r"that\s+works|works\s+for\s+(?:me|us)|deal|agreed|absolutely|of\s+course|"
            r"no\s+problem|will\s+do|on\s+it|thanks|thank\s+you|thx|brilliant|excellent|"
            r"wonderful|lovely|cool|👍|that\s+would\s+(?:help|be\s+great)|please\s+do|"
            r"understood|fair\s+enough|noted|the\s+\w+\s+it\s+is|let's\s+say|that's\s+fine|"
            r"monthly\s+works|weekly\s+works|fine\s+by\s+me|\w+'s\s+fine)(?![\w'])"
        ),
        decline=compiled(
            r"^(?:no\b|nope|nah|not\s+(?:yet|now|until|before|really|this\s+year|for\s+now|"
            r"needed)|maybe\s+later|no\s+need|no\s+thanks|we\s+don't|i\s+don't|sorry|"
            r"that's\s+not\s+necessary|not\s+necessary)"
        ),
        check=compiled(
            r"(?:does\s+that\s+(?:suit|work)|would\s+that\s+work|is\s+that\s+(?:ok|okay|fine|"
            r"alright)|\bok(?:ay)?\?$|all\s+right\?|agreed\?|sounds?\s+good\?|deal\?)"
        ),
        next_contact=compiled(
            r"^next\s*:?\s*(?P<what>call|meeting|visit|check[\s-]?in|catch[\s-]?up|touchpoint|"
            r"contact|review|session)?\b"
        ),
        verb=compiled(
            rf"^(?:(?:also|then|just|first|definitely|quickly|still|please|"
            rf"personally|now)\s+)*(?:{verb})\b"
        ),
        first_person=compiled(r"^(?:i|me|my)\b"),
        first_plural=compiled(r"^(?:we|us|our)\b"),
        second_person=compiled(r"^(?:you|your|u)\b"),
        third_person=compiled(r"^(?:he|she|they|their|his|her)\b"),
        their_group=compiled(r"^(?:your|their)\s"),
        our_group=compiled(r"^(?:our|my)\s"),
        pronoun_object=compiled(
            r"^(?:\w+\s+){0,2}?(?:it|that|those|them|this|one|the\s+latest\s+one|the\s+latest)"
            r"(?:\s+(?:up|over|out|through|back|to\s+\w+|for\s+you))?$|^(?:own|check|do)$"
        ),
        reporting=compiled(
            r"\b(?:said|mentioned|told|promised|agreed|confirmed|explained|"
            r"indicated)\b"
        ),
        stopwords=frozenset(
            "the and to of you we will i a is that for on it with be by this our your can "
            "send next week they he she are have at as".split()
        ),
        phrase=phrase,
        core=english_core,
        cadence=CADENCE_EN,
        contact_words=compiled(
            r"\b(?:touch\s+base|call|calls|check\s*-?\s*in|meet|meeting|catch\s+up|sync|status|"
            r"update|talk|speak|contact|rhythm|cadence|in\s+touch|email|hear|phone|visit)\b"
        ),
        channels=CHANNELS_EN,
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
