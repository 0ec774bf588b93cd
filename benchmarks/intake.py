"""`make bench` (intake): 100,000 generated vCards imported into SQLite, as a rate.

    python benchmarks/intake.py [--cards 100000] [--runs 3] [--backend sqlite|postgresql]

Each run imports the same deterministic file (vCard 3.0 business cards: name, company and
department, title, email, mobile, address with country, a note on some) into a fresh,
migrated database through `followup.services.intake.import_files`, the service behind
`followup import`, then imports it again (everything found in the ledger). Printed: the
median of the runs for the first import and the re-import, in seconds and cards per
second, against the issue's target (100,000 cards in under 30 s on SQLite). Timing uses
time.perf_counter; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from followup.domain.model import Role  # noqa: E402
from followup.services.directory import add_user  # noqa: E402
from followup.services.intake import ImportOptions, ImportReport, import_files  # noqa: E402
from followup.services.intake_files import Source  # noqa: E402
from followup.services.workspace import Workspace  # noqa: E402
from followup.store.engine import make_engine  # noqa: E402
from followup.store.schema import upgrade  # noqa: E402

TARGET_S = 30.0
GIVEN = (
    "Anna Hans Jürgen Lena Klaus Ute Sofia Luca Marco Giulia Pierre Camille Élodie Yuki Kenji "
    "Haruto Sakura Wei Li Ming Priya Arjun Ananya Omar Fatima Layla Ahmed John Mary James "
    "Patricia Robert Jennifer Michael Linda David Elizabeth Carlos María José Lucía Ingrid "
    "Lars Freya Olga Ivan Dmitri Aisha Chen Mei Tomás Siobhan Liam Noah Emma Olivia Ava"
).split()
FAMILY = (
    "Schmidt Müller Schneider Fischer Weber Meyer Wagner Becker Rossi Russo Ferrari Bianchi "
    "Martin Bernard Dubois Tanaka Suzuki Takahashi Watanabe Wang Zhang Liu Sharma Patel Gupta "
    "Haddad Khoury Nasser Smith Johnson Williams Brown Jones Miller Davis García Rodríguez "
    "López Hansen Johansson Nielsen Ivanov Petrov O'Brien Murphy Kelly Costa Silva Santos"
).split()
COUNTRIES = (  # name, mobile prefix, digits after it
    ("Germany", "+49 151", 8), ("United States of America", "+1 212", 7), ("Japan", "+81 90", 8),
    ("France", "+33 6", 8), ("India", "+91 98", 8), ("United Arab Emirates", "+971 50", 7),
    ("Italy", "+39 347", 7), ("Spain", "+34 600", 6), ("Sweden", "+46 70", 7),
    ("Ireland", "+353 87", 7),
)  # fmt: skip
TITLES = ("Head of Procurement", "CTO", "Account Manager", "Buyer", "Managing Director")


def cards(count: int, seed: int = 2026) -> bytes:
    """`count` distinct business cards as one vCard 3.0 file."""
    rnd = random.Random(seed)
    companies = [f"{rnd.choice(FAMILY)} {rnd.choice(('GmbH', 'Ltd', 'Inc.', 'S.A.', 'KK'))} {n}"
                 for n in range(max(1, count // 20))]  # fmt: skip
    out = []
    for i in range(count):
        given, family = rnd.choice(GIVEN), rnd.choice(FAMILY)
        country, prefix, digits = rnd.choice(COUNTRIES)
        company = rnd.choice(companies)
        note = f"NOTE:Met at booth {i % 97}\\, wants a demo.\r\n" if i % 3 == 0 else ""
        out.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"FN:{given} {family}\r\nN:{family};{given};;;\r\n"
            f"ORG:{company};Sales\r\nTITLE:{rnd.choice(TITLES)}\r\n"
            f"EMAIL;TYPE=INTERNET:{given.lower()}.{i}@{company.split()[0].lower()}.example\r\n"
            f"TEL;TYPE=CELL:{prefix} {10**digits // 2 + i}\r\n"
            f"ADR;TYPE=WORK:;;Main Street {i % 300};City {i % 50};;{10000 + i % 9000};{country}\r\n"
            f"{note}END:VCARD\r\n"
        )
    return "".join(out).encode("utf-8")


def workspace(backend: str, folder: Path, run: int) -> tuple[Workspace, Callable[[], None]]:
    """A fresh, migrated database with one user, and how to remove it."""
    if backend == "sqlite":
        url, drop = f"sqlite:///{folder / f'intake-{run}.db'}", lambda: None
    else:
        from benchmarks.run import PG_SERVER, _fresh_database  # the main benchmark's helper

        url, drop = _fresh_database("postgresql", f"intake_{run}", PG_SERVER)
    upgrade(make_engine(url))
    ws = Workspace.open(url)
    add_user(ws, "anna", "Europe/Berlin", datetime.now(UTC), role=Role.ADMIN)
    return ws, drop


@dataclass
class Timing:
    wall: float
    cpu: float  # the importing process
    workers_cpu: float  # the processes that read and understood the cards
    report: ImportReport


def timed(ws: Workspace, data: bytes) -> Timing:
    """One import of `data`: wall time and the CPU time spent, which the machine's other
    load does not inflate (a shared machine's wall time is only an upper bound)."""
    own, children = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    report = import_files(
        ws, [Source("cards.vcf", data)], ImportOptions(), datetime.now(UTC), "anna"
    )
    wall = time.perf_counter() - start
    return Timing(
        wall,
        _cpu(resource.RUSAGE_SELF) - own,
        _cpu(resource.RUSAGE_CHILDREN) - children,
        report,
    )


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    data = cards(args.cards)
    first: list[Timing] = []
    again: list[Timing] = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            ws, drop = workspace(args.backend, Path(folder), run)
            first.append(timed(ws, data))
            again.append(timed(ws, data))
            ws.engine.dispose()
            drop()
            report, report_again = first[-1].report, again[-1].report
            print(
                f"run {run + 1}: {first[-1].wall:.1f} s (created {report.total('created')}, "
                f"merged {report.total('merged')}); again {again[-1].wall:.1f} s "
                f"(unchanged {report_again.total('unchanged')})"
            )
    print(f"\nimport of {args.cards:,} vCards into {args.backend} (median of {args.runs} runs):")
    for label, timings in (("first import", first), ("re-import   ", again)):
        wall = median(t.wall for t in timings)
        cpu = median(t.cpu for t in timings)
        workers = median(t.workers_cpu for t in timings)
        print(
            f"  {label} {wall:6.1f} s  {args.cards / wall:8,.0f} cards/s   "
            f"CPU {cpu:.1f} s importing + {workers:.1f} s in workers"
        )
    print(f"  machine load (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.backend == "sqlite" and args.cards == 100_000:
        verdict = "meets" if median(t.wall for t in first) < TARGET_S else "misses"
        print(f"  target: 100,000 in under {TARGET_S:.0f} s on SQLite — {verdict} it")


if __name__ == "__main__":
    main()
