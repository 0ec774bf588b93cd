"""Reading and understanding a large vCard file in a second process, while the first
stores what is ready: parsing and phone numbers take as long as the database does, and
the machine has a second core.

The file is cut into parts after an END:VCARD; a worker reads and understands each part
(records and lines counted from its start), and the parts come back in order, renumbered
as the whole file counts them. A worker dies with its parent (a killed import leaves no
process behind). Where no process can be started, the same work is done in-process.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import re
import signal
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache

from followup.domain.cards import Card, Problem
from followup.domain.intake import Contact, IntakeDefaults, understand
from followup.formats.vcard import read_part, split_cards
from followup.services.gazetteer import Gazetteer

PART = 2000  # cards a worker reads at a time
IN_FLIGHT = 3  # parts read ahead of the database, at most
_BREAK = re.compile(rb"\r*\n|\r")

Understood = tuple[Contact | None, str, list[Problem]]  # contact, fingerprint, problems
Item = Understood | Problem


@dataclass(frozen=True)
class Part:
    data: bytes
    fallback: str
    defaults: IntakeDefaults
    context: str


@cache
def _places() -> Gazetteer:
    return Gazetteer()


def understood(card: Card, defaults: IntakeDefaults, context: str) -> Understood:
    """One card understood, with the fingerprint the import ledger keys it by."""
    contact, problems = understand(card, defaults, _places())
    return contact, contact.fingerprint(context) if contact else "", problems


def understand_part(part: Part) -> tuple[list[Item], int, int]:
    """(the part's items, how many records it holds, how many lines)."""
    items: list[Item] = []
    records = 0
    for item in read_part(part.data, part.fallback):
        if isinstance(item, Problem):
            items.append(item)
        else:
            records = max(records, item.record)
            items.append(understood(item, part.defaults, part.context))
    return items, records, len(_BREAK.findall(part.data))


def in_parallel(
    data: bytes, fallback: str, defaults: IntakeDefaults, context: str, workers: int
) -> Iterator[Item]:
    """Every item of a prepared vCard file, in order, read by `workers` processes."""
    parts = [Part(p, fallback, defaults, context) for p in split_cards(data, PART)]
    try:
        pool = ProcessPoolExecutor(
            workers, multiprocessing.get_context("spawn"), initializer=_die_with_parent
        )
    except (OSError, NotImplementedError):  # no processes here: read in-process
        yield from _renumbered(understand_part(p) for p in parts)
        return
    with pool:
        yield from _renumbered(_ordered(pool, parts))


def _ordered(pool: ProcessPoolExecutor, parts: list[Part]) -> Iterator[tuple[list[Item], int, int]]:
    waiting: deque[tuple[Part, Future[tuple[list[Item], int, int]]]] = deque()
    queue = deque(parts)
    broken = False
    while queue or waiting:
        while queue and not broken and len(waiting) < IN_FLIGHT:
            part = queue.popleft()
            waiting.append((part, pool.submit(understand_part, part)))
        if not waiting:  # the pool broke: the rest in-process
            yield understand_part(queue.popleft())
            continue
        part, future = waiting.popleft()
        try:
            yield future.result()
        except BrokenProcessPool:  # a worker died (memory?): do its part here
            broken = True
            yield understand_part(part)


def _renumbered(results: Iterator[tuple[list[Item], int, int]]) -> Iterator[Item]:
    records = lines = 0
    for items, part_records, part_lines in results:
        for item in items:
            yield _shifted(item, records, lines)
        records, lines = records + part_records, lines + part_lines


def _shifted(item: Item, records: int, lines: int) -> Item:
    """`item` counted in the whole file. The objects were just unpickled and are nobody
    else's, so they are renumbered in place (dataclasses.replace costs a copy each)."""
    if not records and not lines:
        return item
    found: list[Problem | Contact] = [item] if isinstance(item, Problem) else [*item[2]]
    if not isinstance(item, Problem) and item[0] is not None:
        found.append(item[0])
    for thing in found:
        if thing.record:
            object.__setattr__(thing, "record", thing.record + records)
        object.__setattr__(thing, "line", thing.line + lines)
    return item


def _die_with_parent() -> None:
    """The importing process answers Ctrl-C; on Linux the worker gets SIGKILL when the
    importing process dies (PR_SET_PDEATHSIG)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)
