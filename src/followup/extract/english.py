"""English: the words of promises, requests, offers, answers and rhythms."""

from __future__ import annotations

import re
from functools import cache

from followup.extract import dates_en
from followup.extract.english_rules import MODAL, PRONOUNS, VERBS, english_core, phrase, verb_forms
from followup.extract.language import Language, compiled
from followup.extract.rhythm_words import CADENCE_EN, CHANNELS_EN

__all__ = ["VERBS", "english", "phrase"]


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
