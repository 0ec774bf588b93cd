"""A deterministic, realistic followup workspace of any size, and fast bulk loaders.

`Dataset(people, reference)` describes 200 users (in many time zones), one account per five
people (countries spread over US, DE, GB, JP, IN, FR, CN, BR, CA, AE and more), and the
people themselves (stages, countries, time zones, owners) with ~5 interactions, ~2
commitments (ours and theirs, open and kept, some overdue) and, for ~30%, an agreed rhythm
each. Everything is drawn from seeded `random.Random` generators (one for the directory, one
for the accounts, one per block of people) and dated relative to `reference`, the
benchmark's "now": use noon UTC, which falls on the same calendar day in every time zone the
users live in. The same arguments always give the same rows, with the same ids.

Each person's stored `last_contact_at`, `last_attempt_at` and `next_due_at` are what the
services would store (see `followup.services.workspace.refresh_due`): the touches are the
latest contact and the latest outbound attempt among the person's interactions, and the due
time comes from `followup.domain.cadence.rhythm_for` and `next_due_at` with the shipped
culture book. tests/store/test_query_plans.py checks both against the services.

The workload per user is realistic whatever the database size: each user has 25-50 people
due by the end of the reference day (20-80 agenda items), the rest of their portfolio is up
to date (due tomorrow or later); of the due people about half are due today and the rest
overdue, a few for months. At size S, where a user has only ~50 people, at most 45% of a
portfolio is due, which gives fewer items.

Loading: `load(url, dataset)` creates the schema with Alembic (`followup.store.schema.upgrade`)
and streams the rows block by block (generated meanwhile by forked workers): SQLite through
`executemany` of plain INSERTs on one connection in one transaction, PostgreSQL through
`COPY ... FROM STDIN` (psycopg's `cursor.copy`). The secondary indexes are dropped for the
load and rebuilt from their own definitions afterwards; both databases are then ANALYZEd.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import random
import time as clock
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from followup.domain.attention import person_due
from followup.domain.cadence import rhythm_for
from followup.domain.culture import CultureBook, CultureProfile
from followup.domain.localtime import END_OF_DAY, at_local, local_date, zone
from followup.domain.model import (
    Agreement,
    Channel,
    Commitment,
    Person,
    Rhythm,
    Side,
    Stage,
    Touches,
)
from followup.domain.names import search_key
from followup.domain.relationship import Replies
from followup.domain.satisfaction import checkin_due
from followup.domain.service_levels import DEFAULT_RESPONSE_MINUTES, alert_at, deadline
from followup.services.workspace import shipped_cultures
from followup.store.engine import make_engine
from followup.store.schema import upgrade
from followup.store.tables import metadata

SIZES = {"S": 10_000, "M": 100_000, "L": 1_000_000}
REFERENCE = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
DEFAULT_SEED = 20261123
USERS = 200
PEOPLE_PER_ACCOUNT = 5

DAY = 86_400
HOUR = 3_600
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_ORDINAL = EPOCH.date().toordinal()

T = TypeVar("T")
Row = tuple[Any, ...]

COLUMNS: dict[str, tuple[str, ...]] = {
    "users": ("id", "name", "email", "timezone", "role", "created_at"),
    "accounts": (
        "id",
        "name",
        "country",
        "culture",
        "tier",
        "owner_id",
        "created_at",
        "last_feedback_at",
        "checkin_due_at",
    ),
    "people": (
        "id",
        "name",
        "search_name",
        "account_id",
        "owner_id",
        "country",
        "timezone",
        "language",
        "culture",
        "stage",
        "source",
        "address",
        "notes",
        "snoozed_until",
        "last_contact_at",
        "last_attempt_at",
        "next_due_at",
        "created_at",
        "updated_at",
        "last_reply_at",
        "unanswered_attempts",
        "silent_since",
    ),
    "agreements": (
        "person_id",
        "every_days",
        "min_gap_days",
        "channel",
        "agreed_by",
        "agreed_on",
        "created_at",
    ),
    "interactions": (
        "id",
        "person_id",
        "user_id",
        "kind",
        "direction",
        "outcome",
        "at",
        "notes",
        "created_at",
    ),
    "commitments": (
        "id",
        "person_id",
        "interaction_id",
        "side",
        "owed_by",
        "what",
        "due_at",
        "all_day",
        "status",
        "agreed",
        "point",
        "created_at",
        "closed_at",
    ),
}
COLUMNS.update(
    {
        "service_tiers": ("id", "name", "response_minutes", "checkin_days", "price", "is_default",
                          "created_at"),
        "content": ("id", "title", "kind", "url", "created_by", "created_at"),
        "content_topics": ("content_id", "topic", "label"),
        "feedback": ("id", "account_id", "person_id", "user_id", "score", "comment", "channel",
                     "at", "created_at"),
        "person_links": ("id", "person_id", "other_id", "kind", "created_at"),
        "person_interests": ("person_id", "topic", "label"),
        "content_sends": ("id", "content_id", "person_id", "user_id", "interaction_id", "at"),
        "service_requests": ("id", "account_id", "person_id", "owner_id", "what", "tier",
                             "response_minutes", "received_at", "due_at", "alert_at", "status",
                             "responded_at", "responded_by", "notes", "created_at"),
        "account_updates": ("id", "account_id", "colleague_id", "interaction_id", "notes", "at",
                            "passed_at"),
    }
)  # fmt: skip
# The tables a chunk fills, in an order that respects the foreign keys: the directory's
# (tiers, content, feedback) come in a chunk of their own right after the accounts.
PERSON_TABLES = ("people", "agreements", "interactions", "commitments")
CHUNK_TABLES = (
    "service_tiers", "content", "content_topics", "feedback", *PERSON_TABLES,
    "person_links", "person_interests", "content_sends", "service_requests", "account_updates",
)  # fmt: skip
# Tables whose ids the loaders write and PostgreSQL's sequences must then pass.
SERIAL_TABLES = (
    "users", "accounts", "people", "interactions", "commitments", "service_tiers", "content",
    "feedback", "person_links", "content_sends", "service_requests", "account_updates",
)  # fmt: skip


class Pick(Generic[T]):
    """A weighted choice: one random() and one list index (weights rounded to 1/1000)."""

    SLOTS = 1000

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        total = sum(weight for _, weight in pairs)
        bounds = [round(c / total * self.SLOTS) for c in accumulate(w for _, w in pairs)]
        self.table: list[T] = []
        for (item, _), bound in zip(pairs, bounds, strict=True):
            self.table.extend([item] * (bound - len(self.table)))
        assert len(self.table) == self.SLOTS

    def __call__(self, rng: random.Random) -> T:
        return self.table[int(rng.random() * self.SLOTS)]


@dataclass(frozen=True)
class Country:
    weight: float
    zones: tuple[str, ...]
    language: str
    names: str
    legal: tuple[str, ...]
    cities: tuple[str, ...]


COUNTRIES: dict[str, Country] = {
    "US": Country(
        22,
        ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"),
        "en",
        "en",
        ("Inc.", "LLC"),
        ("Boston", "Austin", "Denver", "Seattle", "Chicago"),
    ),
    "DE": Country(
        14, ("Europe/Berlin",), "de", "de", ("GmbH", "AG"), ("München", "Köln", "Hamburg")
    ),
    "GB": Country(
        9, ("Europe/London",), "en", "en", ("Ltd", "plc"), ("Leeds", "Bristol", "Glasgow")
    ),
    "FR": Country(7, ("Europe/Paris",), "fr", "fr", ("SA", "SAS"), ("Lyon", "Lille", "Nantes")),
    "JP": Country(
        8, ("Asia/Tokyo",), "ja", "ja", ("K.K.", "Co., Ltd."), ("Osaka", "Nagoya", "Fukuoka")
    ),
    "IN": Country(8, ("Asia/Kolkata",), "en", "in", ("Pvt Ltd",), ("Pune", "Chennai", "Bengaluru")),
    "CN": Country(
        7, ("Asia/Shanghai",), "zh", "zh", ("Co., Ltd.",), ("Shenzhen", "Suzhou", "Chengdu")
    ),
    "BR": Country(
        6, ("America/Sao_Paulo",), "pt", "pt", ("Ltda.", "S.A."), ("Campinas", "Curitiba")
    ),
    "CA": Country(
        5,
        ("America/Toronto", "America/Vancouver"),
        "en",
        "en",
        ("Inc.", "Ltd."),
        ("Ottawa", "Calgary"),
    ),
    "AE": Country(4, ("Asia/Dubai",), "en", "ar", ("LLC", "FZE"), ("Dubai", "Abu Dhabi")),
    "AT": Country(2, ("Europe/Vienna",), "de", "de", ("GmbH",), ("Graz", "Linz")),
    "SA": Country(2, ("Asia/Riyadh",), "ar", "ar", ("LLC",), ("Riyadh", "Jeddah")),
    "NL": Country(2, ("Europe/Amsterdam",), "nl", "nl", ("B.V.", "N.V."), ("Utrecht", "Delft")),
    "AU": Country(2, ("Australia/Sydney",), "en", "en", ("Pty Ltd",), ("Sydney", "Brisbane")),
    "SG": Country(1, ("Asia/Singapore",), "en", "zh", ("Pte Ltd",), ("Singapore",)),
    "MX": Country(
        1, ("America/Mexico_City",), "es", "es", ("S.A. de C.V.",), ("Monterrey", "Puebla")
    ),
}

USER_ZONES = Pick(
    [
        ("Europe/Berlin", 30),
        ("America/New_York", 25),
        ("America/Chicago", 8),
        ("America/Los_Angeles", 12),
        ("Europe/London", 12),
        ("Europe/Paris", 8),
        ("Asia/Tokyo", 10),
        ("Asia/Singapore", 6),
        ("Asia/Kolkata", 8),
        ("Asia/Dubai", 5),
        ("America/Sao_Paulo", 5),
        ("Asia/Shanghai", 6),
        ("America/Toronto", 5),
        ("Australia/Sydney", 4),
    ]
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST = {
    "en": _words(
        "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Susan "
        "Sarah Emily Daniel Olivia Chris Megan Kevin Laura"
    ),
    "de": _words(
        "Anna Hans Katrin Jürgen Stefan Sabine Thomas Monika Lukas Julia Andreas Petra Felix "
        "Lena Matthias Claudia Tobias Sophie Uwe Birgit"
    ),
    "fr": _words(
        "Camille Louis Chloé Hugo Léa Jules Manon Lucas Inès Antoine Élodie Mathieu Sophie "
        "Nicolas Claire Julien Amélie Pierre Margaux Thomas"
    ),
    "ja": _words(
        "Hiroshi Yuki Takeshi Naoko Kenji Aiko Satoshi Emi Daisuke Haruka Kazuki Mai Ryo "
        "Sakura Shota Yui Takumi Ayaka Kenta Misaki"
    ),
    "in": _words(
        "Priya Rahul Ananya Arjun Deepa Vikram Kavya Rohan Sneha Aditya Pooja Sanjay Neha "
        "Amit Divya Karthik Meera Suresh Lakshmi Nikhil"
    ),
    "zh": _words(
        "Wei Fang Jun Li Min Hui Lei Yan Jie Xin Tao Ying Qiang Mei Hao Jing Bo Lin Chen Yu"
    ),
    "pt": _words(
        "João Maria Ana Pedro Lucas Juliana Gabriel Fernanda Rafael Beatriz Bruno Camila "
        "Thiago Larissa Felipe Mariana Gustavo Letícia Rodrigo Aline"
    ),
    "ar": _words(
        "Ahmed Fatima Mohammed Aisha Omar Layla Khalid Noura Youssef Mariam Hassan Sara Ali "
        "Huda Faisal Rania Tariq Salma Karim Dana"
    ),
    "nl": _words(
        "Daan Emma Sem Julia Lars Sanne Bram Lotte Thijs Fleur Jesse Anouk Ruben Iris Niels "
        "Femke Joost Maaike Koen Eva"
    ),
    "es": _words(
        "José Lucía Carlos Sofía Miguel Valentina Alejandro Camila Diego Isabella Javier "
        "Mariana Luis Daniela Jorge Fernanda Ricardo Gabriela Eduardo Paula"
    ),
}
LAST = {
    "en": _words(
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thomas Moore "
        "Martin Clark Lewis Walker Hall Young King Wright"
    ),
    "de": _words(
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch "
        "Richter Klein Wolf Schröder Neumann Braun Zimmermann Krüger Hartmann"
    ),
    "fr": _words(
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
        "Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier"
    ),
    "ja": _words(
        "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida "
        "Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Mori"
    ),
    "in": _words(
        "Sharma Patel Iyer Gupta Reddy Nair Singh Kumar Rao Desai Mehta Joshi Menon Bose "
        "Pillai Kapoor Chopra Verma Malhotra Banerjee"
    ),
    "zh": _words(
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo"
    ),
    "pt": _words(
        "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro "
        "Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa"
    ),
    "ar": (
        "Al Mansouri",
        "Al Hashimi",
        "Al Nuaimi",
        "Haddad",
        "Al Qasimi",
        "Al Falasi",
        "Khoury",
        "Al Suwaidi",
        "Al Zaabi",
        "Nasser",
        "Al Shamsi",
        "Saleh",
        "Hamdan",
        "Al Marri",
        "Rahman",
        "Yousef",
    ),
    "nl": (
        "de Jong",
        "Jansen",
        "de Vries",
        "van den Berg",
        "van Dijk",
        "Bakker",
        "Visser",
        "Smit",
        "Meijer",
        "de Boer",
        "Mulder",
        "de Groot",
        "Bos",
        "Vos",
        "Dekker",
        "Brouwer",
    ),
    "es": _words(
        "García Hernández López Martínez González Rodríguez Pérez Sánchez Ramírez Cruz Flores "
        "Gómez Morales Vázquez Reyes Jiménez Torres Díaz Gutiérrez Ruiz"
    ),
}
# Names written in their own script, for a share of Japanese and Chinese contacts.
NATIVE = {
    "ja": ("田中 裕子", "佐藤 健", "鈴木 一郎", "高橋 直子", "渡辺 誠", "山本 彩", "中村 翔太"),
    "zh": ("王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊", "赵丽"),
}

STEMS = _words(
    "Nordwind Bluepeak Sakura Lotus Atlas Orion Vertex Helios Kestrel Meridian Pioneer Cedar "
    "Falcon Harbor Summit Aurora Granite Silverline Redwood Tidewater Evergreen Northstar "
    "Brightwave Ironbridge Keystone Lighthouse Maple Oakridge Riverstone Sunrise Crescent "
    "Zenith Polaris Sapphire Copperfield Westgate Eastwind Highland Clearwater Stonebridge"
)
INDUSTRIES = _words(
    "Logistics Systems Analytics Robotics Foods Energy Textiles Pharma Motors Software "
    "Industries Trading Medical Components Materials Engineering Retail Capital Labs Optics"
)
TIERS = Pick([(None, 40), ("standard", 35), ("premium", 18), ("enterprise", 7)])
# name: (response minutes, check-in days or None for the culture's)
SERVICE_TIERS: dict[str | None, tuple[int, int | None]] = {
    "standard": (2 * 24 * 60, None),
    "premium": (4 * 60, 90),
    "enterprise": (60, 30),
}
TOPICS = (
    "predictive maintenance", "retrofits", "energy efficiency", "vibration analysis",
    "cloud analytics", "security", "pricing", "integration", "training", "sustainability",
)  # fmt: skip
CONTENT_KINDS = ("article", "case_study", "release_note")
CONTENT_PIECES = 40
LINK_KINDS = Pick([("knows", 50), ("introduced_by", 30), ("reports_to", 20)])
REQUESTS = (
    "Replacement sensor for line 2",
    "Question about the firmware update",
    "Dashboard shows no data since Monday",
    "Please add two more users",
    "Invoice address has changed",
)
_ANSWERED = frozenset({"reached", "replied"})
_LIVE = frozenset({"meeting", "call", "visit"})
STAGES = Pick(
    [
        (Stage.LEAD, 30),
        (Stage.PROSPECT, 25),
        (Stage.CUSTOMER, 35),
        (Stage.PARTNER, 7),
        (Stage.COLLEAGUE, 3),
    ]
)
EVENTS = Pick(
    [
        ("Hannover Messe 2026", 3),
        ("Web Summit 2026", 3),
        ("CES 2026", 2),
        ("Interop Tokyo 2026", 2),
        ("GITEX Global 2026", 2),
        ("SaaStr Annual 2026", 2),
        ("VivaTech 2026", 2),
        ("MWC Barcelona 2026", 2),
        ("referral", 4),
        ("website", 6),
    ]
)
CHANNELS: Pick[Channel | None] = Pick(
    [
        (None, 30),
        (Channel.EMAIL, 35),
        (Channel.PHONE, 15),
        (Channel.IN_PERSON, 10),
        (Channel.MESSAGE, 10),
    ]
)
AGREED_EVERY = Pick([(7, 8), (14, 20), (21, 10), (30, 25), (45, 12), (60, 15), (90, 10)])
POINTS = Pick(
    [
        ("next_step", 30),
        ("mutual_deadline", 10),
        ("more_information", 15),
        ("status_update", 15),
        ("article", 5),
        ("visit", 5),
        ("introduction", 5),
        ("clarification", 8),
        ("check_in", 7),
    ]
)
COMMITMENT_COUNTS = Pick([(0, 15), (1, 25), (2, 25), (3, 20), (4, 15)])
NOTES = (
    "Discussed the pilot scope and timeline.",
    "Walked through pricing; they need budget approval first.",
    "Intro call; interested in the analytics module.",
    "They are comparing us with two other vendors.",
    "Demo went well; procurement is the next step.",
    "Asked how fast we can deliver after a yes.",
    "Quarterly check-in, all good on their side.",
    "Raised a support issue with the last delivery.",
    "Met at the booth; wants a follow-up in two weeks.",
    "Legal is reviewing the contract.",
    "Decision expected after their board meeting.",
    "Agreed next steps and a mutual deadline.",
    "Shared the case study they asked for.",
    "Their CFO joined; questions on payment terms.",
    "Visited their plant; met the engineering team.",
)
OUR_PROMISES = (
    "send the revised proposal",
    "share the case study",
    "confirm the delivery date",
    "prepare the pilot plan",
    "introduce our engineering lead",
    "send the pricing for the premium tier",
    "book the on-site visit",
    "answer the security questionnaire",
    "update them on the fix",
    "send the contract draft",
)
THEIR_PROMISES = (
    "confirm the budget",
    "send the parts list",
    "get legal approval",
    "share the purchase order",
    "decide on the pilot",
    "introduce the procurement lead",
    "send feedback on the proposal",
    "confirm the meeting date",
    "review the contract",
    "sign the order",
)

# Datetimes are generated as whole seconds since the epoch (UTC) and written in the text form
# SQLAlchemy's SQLite dialect stores ('2026-11-23 12:00:00.000000'), which PostgreSQL reads.
_CLOCK = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.000000" for s in range(DAY)]


def stamper(now: int) -> Callable[[int], str]:
    """Seconds since the epoch -> the stored naive-UTC text, for ten years before `now`."""
    first = now // DAY - 3660
    days = [
        date.fromordinal(EPOCH_ORDINAL + day).isoformat() + " "
        for day in range(first, now // DAY + 400)
    ]
    clock_text = _CLOCK

    def stamp(seconds: int) -> str:
        return days[seconds // DAY - first] + clock_text[seconds % DAY]

    return stamp


def moment(seconds: int) -> datetime:
    """Seconds since the epoch -> aware UTC datetime."""
    return datetime.fromtimestamp(seconds, UTC)


def seconds_of(value: datetime) -> int:
    return (value - EPOCH) // timedelta(seconds=1)


@dataclass(frozen=True)
class UserSpec:
    id: int
    name: str
    timezone: str


@dataclass
class Chunk:
    """The rows of a run of consecutive people (or of the directory), one list per table."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in CHUNK_TABLES})

    def rows(self, table: str) -> list[Row]:
        return self.tables[table]

    @property
    def people(self) -> list[Row]:
        return self.tables["people"]

    @property
    def agreements(self) -> list[Row]:
        return self.tables["agreements"]

    @property
    def interactions(self) -> list[Row]:
        return self.tables["interactions"]

    @property
    def commitments(self) -> list[Row]:
        return self.tables["commitments"]


class Dataset:
    """The deterministic dataset: users, accounts, then people in blocks of BLOCK.

    Every block is drawn from its own seeded generator, and the number of interactions and
    commitments of every person is planned up front, so blocks can be generated in any order
    or in parallel and still give the same rows with the same ids.
    """

    def __init__(
        self,
        people: int,
        reference: datetime = REFERENCE,
        users: int = USERS,
        seed: int = DEFAULT_SEED,
        cultures: CultureBook | None = None,
    ) -> None:
        if people < 1 or users < 1:
            raise ValueError("a dataset needs at least one user and one person")
        self.people = people
        self.users = users
        self.reference = reference.astimezone(UTC)
        self.seed = seed
        self.cultures = cultures or shipped_cultures()
        self.now = seconds_of(self.reference)
        self.stamp = stamper(self.now)
        rng = random.Random(f"{seed}:directory")
        self.user_specs, self.user_rows, weights = self._users(rng)
        self.owners = Pick(list(zip(range(1, users + 1), weights, strict=True)))
        # Each user's share of people is proportional to their weight; the chance that one
        # of their people is due is set so that 25-50 of them are (at most 45%).
        total = sum(weights)
        self.due_chance = [0.0]
        for weight in weights:
            portfolio = people * weight / total
            self.due_chance.append(min(0.45, rng.uniform(25, 50) / max(portfolio, 1.0)))
        self.account_count = max(1, people // PEOPLE_PER_ACCOUNT)
        self.blocks = (people + BLOCK - 1) // BLOCK
        self._account_rows: list[Row] = []
        self._feedback_rows: list[Row] = []
        self._accounts: list[tuple[str, str | None, int, str | None]] = []
        self._plan: tuple[bytearray, bytearray, bytearray] | None = None
        self._first_ids: list[tuple[int, int]] = []
        self._profiles: dict[tuple[str | None, str | None, str | None], CultureProfile] = {}
        self._rhythms: dict[tuple[Any, ...], Rhythm | None] = {}
        self._local: dict[tuple[str, int, int], int] = {}
        self._today: dict[str, int] = {}
        # ZoneInfo keeps only a few zones strongly cached: hold every zone used here, so that
        # the domain's zone() calls find them instead of reading the tz file again.
        self._zones = [zone(name) for c in COUNTRIES.values() for name in c.zones]
        self._zones += [zone(spec.timezone) for spec in self.user_specs]

    # -- users, accounts and the plan ---------------------------------------------------------

    def _users(self, rng: random.Random) -> tuple[list[UserSpec], list[Row], list[float]]:
        specs: list[UserSpec] = []
        rows: list[Row] = []
        weights: list[float] = []
        seen: set[str] = set()
        groups = ("en", "de", "fr", "ja", "in", "zh", "pt", "ar", "nl", "es")
        created = self.stamp(self.now - 800 * DAY)
        for user_id in range(1, self.users + 1):
            group = groups[user_id % len(groups)]
            name = f"{rng.choice(FIRST[group])} {rng.choice(LAST[group])}"
            # SQLite's lower() folds ASCII only, and users are looked up by lower(name):
            # keep capitals that are not ASCII out of user names ("Élodie" is not found).
            while search_key(name) in seen or any(c.isupper() and not c.isascii() for c in name):
                name = f"{rng.choice(FIRST[group])} {rng.choice(LAST[group])} {user_id}"
            seen.add(search_key(name))
            tz = USER_ZONES(rng)
            email = ".".join(search_key(name).split()) + "@followup.example"
            role = "admin" if user_id == 1 else "member"
            specs.append(UserSpec(user_id, name, tz))
            rows.append((user_id, name, email, tz, role, created))
            weights.append(0.5 + rng.random())
        return specs, rows, weights

    def prepare(self) -> None:
        """Draw the accounts and plan every person's counts (done once, before the blocks)."""
        if self._plan is not None:
            return
        self._draw_accounts()
        rng = random.Random(f"{self.seed}:counts")
        r = rng.random
        touches, attempts, commits = bytearray(self.people), bytearray(self.people), bytearray()
        counts = COMMITMENT_COUNTS.table
        for index in range(self.people):
            count = 0 if r() < 0.03 else 1 + int(r() * 9)
            touches[index] = count
            attempts[index] = 1 if count and r() < 0.12 else 0
        commits.extend(counts[int(r() * Pick.SLOTS)] for _ in range(self.people))
        self._plan = (touches, attempts, commits)
        interaction = commitment = 1
        for block in range(self.blocks):
            self._first_ids.append((interaction, commitment))
            span = slice(block * BLOCK, min(self.people, (block + 1) * BLOCK))
            interaction += sum(touches[span]) + sum(attempts[span])
            commitment += sum(commits[span])

    def account_rows(self) -> list[Row]:
        """All accounts."""
        self.prepare()
        return self._account_rows

    def _draw_accounts(self) -> None:
        rng = random.Random(f"{self.seed}:accounts")
        cultures = sorted(key for key in self.cultures.profiles if key != "default")
        seen: set[str] = set()
        for account_id in range(1, self.account_count + 1):
            code = _COUNTRY_PICK(rng)
            country = COUNTRIES[code]
            legal = rng.choice(country.legal)
            name = f"{rng.choice(STEMS)} {rng.choice(INDUSTRIES)} {legal}"
            if name in seen:
                city = rng.choice(country.cities)
                name = f"{rng.choice(STEMS)} {rng.choice(INDUSTRIES)} {city} {legal}"
            if name in seen:
                name = f"{rng.choice(STEMS)} {rng.choice(INDUSTRIES)} {account_id} {legal}"
            seen.add(name)
            # A few accounts follow another culture than their country's (a subsidiary).
            culture = rng.choice(cultures) if rng.random() < 0.03 else None
            owner = self.owners(rng)
            created = self.now - rng.randrange(100 * DAY, 1500 * DAY)
            tier = TIERS(rng)
            profile = self.cultures.resolve(culture, code)
            last, due = self._feedback(rng, account_id, owner, created, tier, profile)
            self._account_rows.append(
                (account_id, name, code, culture, tier, owner, self.stamp(created),
                 None if last is None else self.stamp(last), self.stamp(due))
            )  # fmt: skip
            self._accounts.append((code, culture, owner, tier))

    def _feedback(
        self,
        rng: random.Random,
        account_id: int,
        owner: int,
        created: int,
        tier: str | None,
        profile: CultureProfile,
    ) -> tuple[int | None, int]:
        """An account's feedback history (up to date for ~95% of accounts) and, as
        followup.services.checkins stores it, its next check-in."""
        interval = SERVICE_TIERS[tier][1] if tier in SERVICE_TIERS else None
        interval = interval or profile.checkin_days
        if rng.random() < 0.95:
            latest, count = self.now - rng.randrange(0, interval * DAY), rng.randrange(1, 4)
        else:
            latest = self.now - interval * DAY - rng.randrange(DAY, 60 * DAY)
            count = rng.randrange(0, 3)
        earlier = (latest - k * interval * DAY for k in range(count))
        moments = [m for m in earlier if m > created]
        for at in sorted(moments):
            self._feedback_rows.append(
                (len(self._feedback_rows) + 1, account_id, None, owner, 4 + rng.randrange(7),
                 None, profile.feedback_channel.value, self.stamp(at), self.stamp(at))
            )  # fmt: skip
        last = max(moments) if moments else None
        since = datetime.fromtimestamp(last if last is not None else created, UTC)
        return last, seconds_of(checkin_due(since, interval))

    def directory(self) -> Chunk:
        """Tiers, the content library and the accounts' feedback: loaded after the accounts."""
        self.prepare()
        chunk = Chunk()
        created = self.stamp(self.now - 800 * DAY)
        for tier_id, (name, (minutes, checkin)) in enumerate(SERVICE_TIERS.items(), 1):
            chunk.rows("service_tiers").append(
                (tier_id, name, minutes, checkin, None, name == "standard", created)
            )
        rng = random.Random(f"{self.seed}:content")
        for content_id in range(1, CONTENT_PIECES + 1):
            kind = CONTENT_KINDS[content_id % len(CONTENT_KINDS)]
            topics = sorted(set(rng.sample(TOPICS, 1 + (content_id % 2))))
            title = f"{kind.replace('_', ' ').title()} {content_id}: {topics[0]}"
            chunk.rows("content").append((content_id, title, kind, None, 1, created))
            chunk.rows("content_topics").extend((content_id, t, t) for t in topics)
        chunk.rows("feedback").extend(self._feedback_rows)
        return chunk

    def _relations(
        self,
        rng: random.Random,
        person_id: int,
        stage: Stage,
        account_id: int | None,
        owner: int,
        last_touch: tuple[int, int] | None,
        chunk: Chunk,
    ) -> None:
        """Who they know, what interests them, what was sent to them, their requests, and
        (for colleagues) internal updates; ids derive from the person's (one row each)."""
        r = rng.random
        now, stamp = self.now, self.stamp
        first = (person_id - 1) // BLOCK * BLOCK + 1
        if person_id > first and r() < 0.3:
            other = person_id - 1 - int(r() * min(50, person_id - first))
            kind = LINK_KINDS(rng)
            chunk.rows("person_links").append((person_id, person_id, other, kind, stamp(now)))
        if r() < 0.3:
            for topic in sorted(set(rng.sample(TOPICS, 1 + int(r() * 2)))):
                chunk.rows("person_interests").append((person_id, topic, topic))
        if r() < 0.35:  # a third of people were sent a piece (realistic for a sales team)
            at = stamp(now - int(r() * 90 * DAY))
            piece = 1 + int(r() * CONTENT_PIECES)
            chunk.rows("content_sends").append((person_id, piece, person_id, owner, None, at))
        if account_id is not None and stage is not Stage.COLLEAGUE and r() < 0.06:
            chunk.rows("service_requests").append(self._request(rng, person_id, account_id))
        if stage is Stage.COLLEAGUE and last_touch is not None and r() < 0.5:
            about = 1 + int(r() * self.account_count)
            passed = None if r() < 0.5 else stamp(now)
            chunk.rows("account_updates").append(
                (person_id, about, person_id, last_touch[0], "Build passed the tests.",
                 stamp(last_touch[1]), passed)
            )  # fmt: skip

    def _request(self, rng: random.Random, person_id: int, account_id: int) -> Row:
        """A customer request: one in five still open (some of those late), the rest
        answered, a few of them late."""
        r = rng.random
        _, _, owner, tier = self._accounts[account_id - 1]
        minutes = SERVICE_TIERS[tier][0] if tier in SERVICE_TIERS else DEFAULT_RESPONSE_MINUTES
        is_open = r() < 0.2
        if is_open:
            received = self.now - int(r() * minutes * 60 * 1.5)
            responded = None
        else:
            received = self.now - int((1 + r() * 60) * DAY)
            responded = received + int(r() * minutes * 60 * 1.2)
        start = datetime.fromtimestamp(received, UTC)
        due = seconds_of(deadline(start, minutes))
        alert = seconds_of(alert_at(start, minutes))
        stamp = self.stamp
        return (
            person_id, account_id, person_id, owner, REQUESTS[int(r() * len(REQUESTS))], tier,
            minutes, stamp(received), stamp(due), stamp(alert), "open" if is_open else "done",
            None if responded is None else stamp(responded),
            None if responded is None else owner, None, stamp(received),
        )  # fmt: skip

    # -- people -------------------------------------------------------------------------------

    def chunks(self) -> Iterator[Chunk]:
        """All people with their agreements, interactions and commitments, block by block."""
        for block in range(self.blocks):
            yield self.block(block)

    def block(self, block: int) -> Chunk:
        """The people BLOCK * block + 1 ... (at most BLOCK of them) and all their rows."""
        self.prepare()
        assert self._plan is not None
        touches, attempts, commits = self._plan
        rng = random.Random(f"{self.seed}:people:{block}")
        interaction, commitment = self._first_ids[block]
        chunk = Chunk()
        collecting = gc.isenabled()
        gc.disable()  # millions of small tuples and no cycles: the collector only costs here
        try:
            for index in range(block * BLOCK, min(self.people, (block + 1) * BLOCK)):
                self._person(
                    rng,
                    index + 1,
                    touches[index],
                    attempts[index],
                    commits[index],
                    interaction,
                    commitment,
                    chunk,
                )
                interaction += touches[index] + attempts[index]
                commitment += commits[index]
        finally:
            if collecting:
                gc.enable()
        return chunk

    def _profile(
        self, culture: str | None, country: str | None, account_country: str | None
    ) -> CultureProfile:
        key = (culture, country, account_country)
        profile = self._profiles.get(key)
        if profile is None:
            profile = self._profiles[key] = self.cultures.resolve(*key)
        return profile

    def _rhythm(
        self, stage: Stage, profile: CultureProfile, agreement: Agreement | None
    ) -> Rhythm | None:
        """The domain's rhythm_for, remembered: it depends on nothing else than these."""
        key = (
            stage,
            profile.key,
            None
            if agreement is None
            else (agreement.every_days, agreement.min_gap_days, agreement.channel),
        )
        if key not in self._rhythms:
            sample = Person(0, "-", 0, "UTC", self.reference, stage)
            self._rhythms[key] = rhythm_for(sample, agreement, profile)
        return self._rhythms[key]

    def _local_moment(self, tz: str, ordinal: int, clock_time: int) -> int:
        """The instant of `clock_time` (seconds after midnight) on day `ordinal` in `tz`."""
        key = (tz, ordinal, clock_time)
        found = self._local.get(key)
        if found is None:
            wall = time(clock_time // 3600, clock_time // 60 % 60, clock_time % 60)
            found = seconds_of(at_local(date.fromordinal(ordinal), wall, zone(tz)))
            self._local[key] = found
        return found

    def _local_today(self, tz: str) -> int:
        found = self._today.get(tz)
        if found is None:
            found = self._today[tz] = local_date(self.reference, zone(tz)).toordinal()
        return found

    def _person(
        self,
        rng: random.Random,
        person_id: int,
        count: int,
        attempt: int,
        promises: int,
        interaction_id: int,
        commitment_id: int,
        chunk: Chunk,
    ) -> None:
        r = rng.random
        now = self.now
        stamp = self.stamp
        slots = Pick.SLOTS
        # Who they are.
        account_id: int | None = None
        account_country: str | None = None
        account_culture: str | None = None
        if r() < 0.88:
            account_id = 1 + int(self.account_count * r() ** 1.5)
            account_country, account_culture, account_owner, _ = self._accounts[account_id - 1]
            owner = account_owner if r() < 0.8 else self.owners.table[int(r() * slots)]
            code = account_country if r() < 0.9 else _COUNTRY_PICK.table[int(r() * slots)]
        else:
            owner = self.owners.table[int(r() * slots)]
            code = _COUNTRY_PICK.table[int(r() * slots)]
        country: str | None = code if r() > 0.02 else None
        if country is None:
            tz = self.user_specs[owner - 1].timezone
            language = None
            group = "en"
        else:
            spec = COUNTRIES[country]
            tz = spec.zones[int(r() * len(spec.zones))]
            language = spec.language
            group = spec.names
        if group in NATIVE and r() < 0.1:
            name = NATIVE[group][int(r() * len(NATIVE[group]))]
        else:
            firsts, lasts = FIRST[group], LAST[group]
            name = f"{firsts[int(r() * len(firsts))]} {lasts[int(r() * len(lasts))]}"
        key = _SEARCH_KEYS.get(name)
        if key is None:
            key = _SEARCH_KEYS[name] = search_key(name)
        stage = STAGES.table[int(r() * slots)]
        source = None
        if (stage is Stage.LEAD or stage is Stage.PROSPECT) and r() < 0.6:
            source = EVENTS.table[int(r() * slots)]
        profile = self._profile(account_culture, country, account_country)

        agreement: Agreement | None = None
        if r() < 0.3 and stage is not Stage.COLLEAGUE:
            every = AGREED_EVERY.table[int(r() * slots)]
            gap = None if r() < 0.4 else 2 + int(r() * (every // 2 - 1))
            agreement = Agreement(person_id, every, gap, CHANNELS(rng), name)
        rhythm = self._rhythm(stage, profile, agreement)
        every_days = rhythm.every_days if rhythm else 30

        # When they were last reached: due by the end of the reference day, or not yet.
        due = r() < self.due_chance[owner]
        if due:
            x = r()
            if x < 0.45:
                overdue = 0
            elif x < 0.8:
                overdue = 1 + int(r() * 7)
            elif x < 0.95:
                overdue = 8 + int(r() * 23)
            else:
                overdue = 31 + int(r() * 90)
            last = now - overdue * DAY - int(r() * 10 * HOUR) - every_days * DAY
        else:
            last = now - int(r() * (every_days - 1)) * DAY - int(r() * 12 * HOUR)

        # Their interactions: the last contact at `last`, earlier ones about a rhythm apart,
        # and (`attempt`) sometimes an unanswered call since.
        user_id = owner if r() < 0.9 else self.owners.table[int(r() * slots)]
        last_contact: int | None = None
        last_attempt: int | None = None
        last_reply: int | None = None
        unanswered = 0
        silent: int | None = None
        contacts: list[tuple[int, int]] = []
        if count:
            moments = [last]
            at = last
            for _ in range(count - 1):
                at -= int(every_days * DAY * (0.5 + 0.8 * r())) + int(r() * 8 * HOUR)
                moments.append(at)
            moments.reverse()
            if attempt:
                moments.append(last + int(r() * (now - last)))
            created = moments[0] - int(r() * 60 * DAY) - HOUR
            rows = chunk.interactions
            outcome: str | None
            note: str | None
            for position, at in enumerate(moments, 1):
                if position > count:  # the unanswered call after the last contact
                    kind, direction, outcome = "call", "out", "no_answer"
                    note = "Left a voicemail."
                elif position == count:  # the last contact
                    kind, direction, outcome = CONTACTS.table[int(r() * slots)]
                    note = LAST_NOTES.table[int(r() * slots)]
                else:
                    kind, direction, outcome = TOUCHES.table[int(r() * slots)]
                    note = NOTES_PICK.table[int(r() * slots)]
                stamped = stamp(at)
                rows.append(
                    (interaction_id, person_id, user_id, kind, direction, outcome, stamped, note,
                     stamped)
                )  # fmt: skip
                if outcome != "no_answer":
                    last_contact = at
                    contacts.append((at, interaction_id))
                if direction == "out":
                    last_attempt = at
                # As the services fold replies (followup.domain.relationship.is_reply).
                if direction == "in" or outcome in _ANSWERED or (outcome is None and kind in _LIVE):
                    last_reply, unanswered, silent = at, 0, None
                else:
                    unanswered += 1
                    silent = silent if silent is not None else at
                interaction_id += 1
        else:
            created = last

        # Their commitments: overdue ones make a reason to be due, open ones lie ahead,
        # the rest were kept (or dropped) in the past.
        today = self._local_today(tz)
        owner_name = self.user_specs[owner - 1].name
        open_commitments: list[Commitment] = []
        rows = chunk.commitments
        for index in range(promises):
            if r() < 0.55:
                side = Side.US
                what = OUR_PROMISES[int(r() * len(OUR_PROMISES))]
                owed_by: str | None = owner_name
            else:
                side = Side.THEM
                what = THEIR_PROMISES[int(r() * len(THEIR_PROMISES))]
                owed_by = name if r() < 0.7 else None
            all_day = r() < 0.85
            wall = END_OF_DAY_SECONDS if all_day else (9 + int(r() * 9)) * HOUR
            closed: int | None = None
            said: tuple[int, int] | None = None
            if due and index == 0 and (rhythm is None or r() < 0.35):
                status = "open"
                due_at = self._local_moment(tz, today - int(r() * 11), wall)
                for contact in contacts:
                    if contact[0] <= due_at:
                        said = contact
            elif r() < 0.3:
                status = "open"
                due_at = self._local_moment(tz, today + 2 + int(r() * 44), wall)
                said = contacts[-1] if contacts else None
            else:
                status = "done" if r() < 0.9 else "dropped"
                said = contacts[int(r() * len(contacts))] if contacts else None
                start = said[0] if said else created
                day = EPOCH_ORDINAL + start // DAY + 2 + int(r() * 20)
                due_at = self._local_moment(tz, day, wall)
                closed = start + int(r() * max(min(due_at, now) - start, 0))
            made = said[0] if said else min(created + int(r() * (now - created)), due_at)
            rows.append(
                (
                    commitment_id,
                    person_id,
                    said[1] if said else None,
                    side.value,
                    owed_by,
                    what,
                    stamp(due_at),
                    1 if all_day else 0,
                    status,
                    1 if r() < 0.4 else 0,
                    POINTS.table[int(r() * slots)],
                    stamp(made),
                    None if closed is None else stamp(closed),
                )
            )
            commitment_id += 1
            if status == "open":
                open_commitments.append(
                    Commitment(person_id, side, what, datetime.fromtimestamp(due_at, UTC))
                )

        # Now and then someone asked for a pause.
        snoozed: int | None = None
        if r() < 0.015:
            owner_tz = self.user_specs[owner - 1].timezone
            day = self._local_today(owner_tz) + 3 + int(r() * 28)
            snoozed = self._local_moment(owner_tz, day, 0)

        # What the services would store.
        person = Person(
            person_id,
            name,
            owner,
            tz,
            datetime.fromtimestamp(created, UTC),
            stage,
            account_id,
            country=country,
            language=language,
            source=source,
            snoozed_until=None if snoozed is None else datetime.fromtimestamp(snoozed, UTC),
        )
        touches = Touches(
            None if last_contact is None else datetime.fromtimestamp(last_contact, UTC),
            None if last_attempt is None else datetime.fromtimestamp(last_attempt, UTC),
        )
        replies = Replies(
            None if last_reply is None else datetime.fromtimestamp(last_reply, UTC),
            unanswered,
            None if silent is None else datetime.fromtimestamp(silent, UTC),
        )
        next_due = person_due(person, rhythm, touches, open_commitments, replies, profile)
        updated = moments[-1] if count else created
        last_touch = (interaction_id - 1, moments[-1]) if count else None
        self._relations(rng, person_id, stage, account_id, owner, last_touch, chunk)
        chunk.people.append(
            (
                person_id,
                name,
                key,
                account_id,
                owner,
                country,
                tz,
                language,
                None,
                stage.value,
                source,
                None,
                None,
                None if snoozed is None else stamp(snoozed),
                None if last_contact is None else stamp(last_contact),
                None if last_attempt is None else stamp(last_attempt),
                None if next_due is None else stamp(seconds_of(next_due)),
                stamp(created),
                stamp(updated),
                None if last_reply is None else stamp(last_reply),
                unanswered,
                None if silent is None else stamp(silent),
            )
        )
        if agreement is not None:
            agreed_on = stamp(contacts[-1][0] if contacts else created)
            chunk.agreements.append(
                (
                    person_id,
                    agreement.every_days,
                    agreement.min_gap_days,
                    agreement.channel.value if agreement.channel else None,
                    agreement.agreed_by,
                    agreed_on,
                    agreed_on,
                )
            )

    # -- what the benchmark asks --------------------------------------------------------------

    def agenda_moment(self, user: UserSpec, minutes: int = 0) -> datetime:
        """09:00 on the reference day where `user` lives, plus `minutes`: their morning look."""
        tz = zone(user.timezone)
        day = local_date(self.reference, tz)
        return at_local(day, time(9), tz) + timedelta(minutes=minutes)


BLOCK = 10_000
END_OF_DAY_SECONDS = END_OF_DAY.hour * 3600 + END_OF_DAY.minute * 60 + END_OF_DAY.second
_COUNTRY_PICK = Pick([(code, c.weight) for code, c in COUNTRIES.items()])
_SEARCH_KEYS: dict[str, str] = {}


def _touch_kinds(contact_only: bool) -> Pick[tuple[str, str, str | None]]:
    """(kind, direction, outcome) of a touch, weighted; unanswered calls unless contact_only."""
    pairs: list[tuple[tuple[str, str, str | None], float]] = []
    for kind, weight in (
        ("meeting", 25),
        ("call", 25),
        ("email", 30),
        ("message", 12),
        ("visit", 8),
    ):
        live = kind in ("call", "meeting", "visit")
        pairs.append(((kind, "in", "reached" if live else "replied"), weight * 0.3))
        out = weight * 0.7
        if kind == "call" and not contact_only:
            pairs.append(((kind, "out", "no_answer"), out * 0.3))
            out *= 0.7
        pairs.append(((kind, "out", "reached" if live else "replied"), out * 0.65))
        pairs.append(((kind, "out", None), out * 0.35))
    return Pick(pairs)


CONTACTS = _touch_kinds(contact_only=True)
TOUCHES = _touch_kinds(contact_only=False)
LAST_NOTES: Pick[str | None] = Pick([(None, 20), *((note, 80 / len(NOTES)) for note in NOTES)])
NOTES_PICK: Pick[str | None] = Pick([(None, 50), *((note, 50 / len(NOTES)) for note in NOTES)])


# -- loading ----------------------------------------------------------------------------------


@dataclass
class LoadReport:
    """How a load went: seconds in all, rows per table, and where the time went."""

    seconds: float
    rows: dict[str, int]
    phases: dict[str, float]


def load(
    url: str,
    dataset: Dataset,
    progress: Callable[[str], None] | None = None,
    background: bool = True,
    workers: int | None = None,
) -> LoadReport:
    """Create the schema at `url` (an empty database) and bulk-load `dataset` into it.

    With `background`, forked processes (`workers`, by default one per core) generate the
    blocks of people while this one writes them; the rows are the same either way.
    """
    started = clock.perf_counter()
    engine = make_engine(url)
    try:
        upgrade(engine)
        backend = make_url(url).get_backend_name()
        source = _Source(dataset, background, workers)
        if backend == "sqlite":
            report = _load_sqlite(engine, dataset, source, progress)
        elif backend == "postgresql":
            report = _load_postgresql(engine, dataset, source, progress)
        else:
            raise ValueError(f"no bulk loader for {backend}")
    finally:
        engine.dispose()
    report.seconds = clock.perf_counter() - started
    return report


class _Source:
    """The accounts, then the blocks of people in order, generated here or by forked workers."""

    def __init__(self, dataset: Dataset, background: bool, workers: int | None) -> None:
        self.dataset = dataset
        parallel = background and "fork" in mp.get_all_start_methods()
        wanted = workers or os.cpu_count() or 1
        self.workers = min(wanted, dataset.blocks) if parallel else 0
        self.waited = 0.0

    def __iter__(self) -> Iterator[list[Row] | Chunk]:
        dataset = self.dataset
        dataset.prepare()
        yield dataset.account_rows()
        yield dataset.directory()
        if self.workers < 1:
            for block in range(dataset.blocks):
                mark = clock.perf_counter()
                chunk = dataset.block(block)
                self.waited += clock.perf_counter() - mark
                yield chunk
            return
        global _SHARED
        _SHARED = dataset  # what the forked workers inherit
        with mp.get_context("fork").Pool(self.workers, initializer=gc.freeze) as pool:
            pending: deque[Any] = deque()
            ahead = 2 * self.workers
            following = 0
            while following < dataset.blocks or pending:
                while following < dataset.blocks and len(pending) < ahead:
                    pending.append(pool.apply_async(_block, (following,)))
                    following += 1
                mark = clock.perf_counter()
                chunk = pending.popleft().get()
                self.waited += clock.perf_counter() - mark
                yield chunk


_SHARED: Dataset | None = None


def _block(block: int) -> Chunk:
    assert _SHARED is not None
    return _SHARED.block(block)


def _insert_sql(table: str) -> str:
    columns = COLUMNS[table]
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


# The tables whose secondary indexes are dropped for the load and rebuilt (from their own
# definitions, read back from the database) once the rows are in: one sort beats millions of
# random inserts into the b-trees.
BULK_TABLES = (
    "accounts", "people", "agreements", "interactions", "commitments", "feedback",
    "person_links", "person_interests", "content_sends", "service_requests", "account_updates",
)  # fmt: skip


@contextmanager
def _no_collector() -> Iterator[None]:
    """Millions of short-lived tuples and no cycles: the cyclic collector only costs here."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _load_sqlite(
    engine: Engine,
    dataset: Dataset,
    source: _Source,
    progress: Callable[[str], None] | None,
) -> LoadReport:
    rows = dict.fromkeys(COLUMNS, 0)
    phases: dict[str, float] = {}
    raw = engine.raw_connection()
    try:
        con = raw.driver_connection
        assert con is not None
        if con.in_transaction:
            con.commit()
        # Only during the load: with no journal to fall back on, a crash would leave a broken
        # file, and the benchmark would simply build it again.
        con.execute("PRAGMA foreign_keys=OFF")
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.execute("PRAGMA cache_size=-4000000")
        con.execute("PRAGMA temp_store=MEMORY")
        mark = clock.perf_counter()
        con.execute("BEGIN")
        names = ", ".join(f"'{table}'" for table in BULK_TABLES)
        indexes = con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({names}) ORDER BY name"
        ).fetchall()
        for name, _ in indexes:
            con.execute(f'DROP INDEX "{name}"')
        sql = {table: _insert_sql(table) for table in COLUMNS}
        con.executemany(sql["users"], dataset.user_rows)
        rows["users"] = len(dataset.user_rows)
        with _no_collector():
            for item in source:
                if isinstance(item, list):
                    con.executemany(sql["accounts"], item)
                    rows["accounts"] += len(item)
                    continue
                for table in CHUNK_TABLES:
                    if item.rows(table):
                        con.executemany(sql[table], item.rows(table))
                        rows[table] += len(item.rows(table))
                if progress:
                    progress(f"{rows['people']:,} people")
        phases["insert"] = clock.perf_counter() - mark
        phases["of which waiting for rows"] = source.waited
        mark = clock.perf_counter()
        for _, definition in indexes:
            con.execute(definition)
        con.commit()
        phases["index"] = clock.perf_counter() - mark
        mark = clock.perf_counter()
        con.execute("ANALYZE")
        con.commit()
        phases["analyze"] = clock.perf_counter() - mark
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("PRAGMA foreign_keys=ON")
    finally:
        raw.close()
    return LoadReport(0.0, rows, phases)


def _load_postgresql(
    engine: Engine,
    dataset: Dataset,
    source: _Source,
    progress: Callable[[str], None] | None,
) -> LoadReport:
    rows = dict.fromkeys(COLUMNS, 0)
    phases: dict[str, float] = {}
    raw = engine.raw_connection()
    try:
        con = raw.driver_connection
        assert con is not None
        con.rollback()
        mark = clock.perf_counter()
        with con.cursor() as cur:
            found = cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if bool((found.fetchone() or (False,))[0]):
                # The rows are consistent by construction: skip the per-row foreign key
                # triggers during the load (the constraints stay declared and in force).
                cur.execute("SET LOCAL session_replication_role = replica")
            cur.execute("SET LOCAL synchronous_commit = off")
            cur.execute("SET LOCAL maintenance_work_mem = '1GB'")
            # Truncating in this transaction lets COPY write frozen, all-visible rows:
            # no hint-bit writes or vacuum needed before the first index-only scan.
            cur.execute(f"TRUNCATE {', '.join(t.name for t in metadata.sorted_tables)}")
            indexes = cur.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid "
                "JOIN pg_class t ON t.oid = x.indrelid "
                "JOIN pg_namespace n ON n.oid = t.relnamespace "
                "WHERE n.nspname = current_schema() AND NOT x.indisunique "
                "AND t.relname = ANY(%s) ORDER BY i.relname",
                [list(BULK_TABLES)],
            ).fetchall()
            for name, _ in indexes:
                cur.execute(f'DROP INDEX "{name}"')
            _copy(cur, "users", dataset.user_rows)
            rows["users"] = len(dataset.user_rows)
            with _no_collector():
                for item in source:
                    if isinstance(item, list):
                        _copy(cur, "accounts", item)
                        rows["accounts"] += len(item)
                        continue
                    for table in CHUNK_TABLES:
                        _copy(cur, table, item.rows(table))
                        rows[table] += len(item.rows(table))
                    if progress:
                        progress(f"{rows['people']:,} people")
            for table in SERIAL_TABLES:
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                )
            phases["insert"] = clock.perf_counter() - mark
            phases["of which waiting for rows"] = source.waited
            mark = clock.perf_counter()
            for _, definition in indexes:
                cur.execute(definition)
        con.commit()
        phases["index"] = clock.perf_counter() - mark
        mark = clock.perf_counter()
        con.autocommit = True
        con.execute("VACUUM (ANALYZE)")
        con.autocommit = False
        phases["analyze"] = clock.perf_counter() - mark
    finally:
        raw.close()
    return LoadReport(0.0, rows, phases)


def _copy(cur: Any, table: str, rows: list[Row]) -> None:
    if not rows:
        return
    with cur.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN (FREEZE)") as copy:
        write = copy.write_row
        for row in rows:
            write(row)
