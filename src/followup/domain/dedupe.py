"""Who a contact already is: the same email, the same phone, or a close name at the same
company means the same person.

A phone is shared more often than an email (a company's switchboard on every card), so
a phone only matches when the names agree too. A card with nothing but a name matches
the one person of exactly that name who is at no company. A card imported before in the same way
(its fingerprint is in the import ledger) is that person, whatever was edited since.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from followup.domain.intake import Contact
from followup.domain.names import search_key
from followup.domain.personal_names import comparable, family_first

SAME_NAME = 88  # rapidfuzz score (0-100): 'Jon Smith'/'John Smith' agree, 'Hans'/'Hanna' not


def name_score(a: str, b: str) -> float:
    """How alike two names are (0-100), whatever their order, honorifics and spacing."""
    x, y = comparable(a), comparable(b)
    if not x or not y:
        return 0.0
    score = fuzz.token_sort_ratio(x, y)
    if family_first(x + y):  # '山田太郎' and '山田 太郎' are one name
        score = max(score, fuzz.ratio(x.replace(" ", ""), y.replace(" ", "")))
    return float(score)


def same_name(a: str, b: str) -> bool:
    return name_score(a, b) >= SAME_NAME


def placeholder(name: str) -> bool:
    """A name that is only an email or a number (what a card without a name gets)."""
    return "@" in name or name.lstrip("+").replace(" ", "").isdigit()


def only_a_name(contact: Contact) -> bool:
    """A card with nothing but a name: it is the one person of that name at no company."""
    return not (contact.emails or contact.phones or contact.company)


@dataclass(frozen=True)
class Match:
    person_id: int
    by: str  # "ledger", "email", "phone" or "name"


@dataclass
class Matcher:
    """What is known of the people a contact may already be, kept up to date as an
    import goes on; the service loads from the database what each batch needs."""

    prints: dict[str, int] = field(default_factory=dict)
    emails: dict[str, int] = field(default_factory=dict)
    phones: dict[str, list[int]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    keys: dict[int, str] = field(default_factory=dict)
    at_account: dict[int, dict[int, str]] = field(default_factory=dict)  # id -> name key
    # People with no account, by search key: what a card with only a name can match.
    unplaced: dict[str, list[int]] = field(default_factory=dict)

    def know(self, person_id: int, name: str, account_id: int | None) -> None:
        key = comparable(name)
        if account_id is not None and not placeholder(name):
            self.at_account.setdefault(account_id, {})[person_id] = key
        self.names[person_id] = name
        self.keys[person_id] = key

    def know_contacts(self, person_id: int, emails: Iterable[str], phones: Iterable[str]) -> None:
        for email in emails:
            self.emails.setdefault(email, person_id)
        for phone in phones:
            owners = self.phones.setdefault(phone, [])
            if person_id not in owners:
                owners.append(person_id)

    def learn(self, person_id: int, contact: Contact, account_id: int | None, print_: str) -> None:
        """Remember what an imported (created or merged) contact made known."""
        self.prints[print_] = person_id
        if person_id not in self.names:
            self.know(person_id, contact.name, account_id)
            if account_id is None:
                self.know_unplaced(person_id, search_key(contact.name))
        self.know_contacts(person_id, contact.emails, contact.phones)

    def know_unplaced(self, person_id: int, key: str) -> None:
        owners = self.unplaced.setdefault(key, [])
        if person_id not in owners:
            owners.append(person_id)

    def rename(
        self, temporary: int, person_id: int, contact: Contact, print_: str, account_id: int | None
    ) -> None:
        """A new person got their id from the database: replace the temporary one."""
        self.prints[print_] = person_id
        for email in contact.emails:
            if self.emails.get(email) == temporary:
                self.emails[email] = person_id
        for phone in contact.phones:
            owners = self.phones.get(phone, [])
            self.phones[phone] = [person_id if o == temporary else o for o in owners]
        self.names[person_id] = self.names.pop(temporary, contact.name)
        key = self.keys.pop(temporary, "")
        self.keys[person_id] = key or comparable(contact.name)
        if account_id is None:
            members = self.unplaced.get(search_key(contact.name), [])
            if temporary in members:
                members[members.index(temporary)] = person_id
        elif (colleagues := self.at_account.get(account_id)) and temporary in colleagues:
            colleagues[person_id] = colleagues.pop(temporary)

    def match(self, contact: Contact, print_: str, account_id: int | None) -> Match | None:
        """The person `contact` already is, if any: ledger, email, phone, then name."""
        if (known := self.prints.get(print_)) is not None:
            return Match(known, "ledger")
        for email in contact.emails:
            if (owner := self.emails.get(email)) is not None:
                return Match(owner, "email")
        for phone in contact.phones:
            for owner in self.phones.get(phone, []):
                if self._agree(owner, contact.name):
                    return Match(owner, "phone")
        if account_id is not None:
            owner = self._namesake(contact.name, self.at_account.get(account_id, {}))
            if owner is not None:
                return Match(owner, "name")
        if only_a_name(contact):
            owners = self.unplaced.get(search_key(contact.name), [])
            if len(owners) == 1:
                return Match(owners[0], "name")
        return None

    def _agree(self, person_id: int, name: str) -> bool:
        known = self.names.get(person_id)
        if known is None or placeholder(known) or placeholder(name):
            return True
        return same_name(known, name)

    def _namesake(self, name: str, colleagues: dict[int, str]) -> int | None:
        if not colleagues or placeholder(name):
            return None
        key = comparable(name)
        if family_first(key):
            scores = {pid: name_score(name, self.names[pid]) for pid in colleagues}
            best = max(scores, key=scores.__getitem__)
            return best if scores[best] >= SAME_NAME else None
        found = process.extractOne(
            key, colleagues, scorer=fuzz.token_sort_ratio, score_cutoff=SAME_NAME
        )
        return int(found[2]) if found else None
