"""Interactions logged per second through `followup.services.contact.log_interaction`, each
call its own transaction: from one writer, then from WRITERS processes at once.

The writers are processes, as a team's server runs them (`followup serve --workers N`): threads
of one Python process take turns on the interpreter, so they measure the interpreter, not
the database. Timing uses time.perf_counter only; nothing here asserts on time.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from benchmarks.dataset import Dataset
from followup.domain.model import Direction, InteractionKind, Outcome
from followup.services.contact import LogInput, log_interaction
from followup.services.workspace import Workspace

WRITERS = 4  # processes logging at once in the team-server figure (2 cores here)
ROUNDS = 3  # the team figure is the median of this many rounds

Call = tuple[str, LogInput, datetime, str]


@dataclass
class LogRates:
    one_writer: float  # interactions per second, one after another
    writers: float  # interactions per second, WRITERS processes at once

    @property
    def best(self) -> float:
        """What the database sustains: the better of logging one at a time and at once."""
        return max(self.one_writer, self.writers)


def log_rates(url: str, dataset: Dataset, count: int, rng: random.Random) -> LogRates:
    """`count` interactions on random people, one after another (the median rate of five
    batches), then WRITERS processes logging `count` between them (median of ROUNDS)."""
    ws = Workspace.open(url)
    try:
        calls = log_calls(dataset, count, rng)
        for person, entry, at, login in calls[:20]:  # warm-up
            log_interaction(ws, person, entry, at - timedelta(minutes=1), login)
        rates: list[float] = []
        batch = max(1, count // 5)
        for start in range(0, count, batch):
            chunk = calls[start : start + batch]
            started = time.perf_counter()
            for person, entry, at, login in chunk:
                log_interaction(ws, person, entry, at, login)
            rates.append(len(chunk) / (time.perf_counter() - started))
    finally:
        ws.engine.dispose()  # no connection of ours is inherited by the writers
    together = [
        _at_once(url, log_calls(dataset, count, rng, (r + 1) * 10 * count)) for r in range(ROUNDS)
    ]
    return LogRates(median(rates), median(together))


def log_calls(dataset: Dataset, count: int, rng: random.Random, offset: int = 0) -> list[Call]:
    """`count` touches of random people by random users, a second apart."""
    kinds = list(InteractionKind)
    # Logged as it happens: after everything the dataset's history holds (its people's
    # "today" runs up to a day past the reference in the zones east of it). A touch logged
    # before a person's latest one takes the slower path that folds their whole history.
    now = dataset.reference + timedelta(days=2, seconds=offset)
    calls = []
    for index in range(count):
        user = rng.choice(dataset.user_specs)
        direction = Direction.OUT if rng.random() < 0.7 else Direction.IN
        outcome = Outcome.NO_ANSWER if rng.random() < 0.1 else Outcome.REACHED
        entry = LogInput(
            kind=rng.choice(kinds),
            direction=direction,
            outcome=outcome if direction is Direction.OUT else Outcome.REPLIED,
            notes=f"Benchmark touch {index}: talked about the next step.",
            confirm=True,  # the guard still checks (and records a breach); nobody to ask
        )
        person = str(rng.randrange(1, dataset.people + 1))
        calls.append((person, entry, now + timedelta(seconds=index), user.name))
    return calls


def _at_once(url: str, calls: list[Call]) -> float:
    """Interactions per second with WRITERS processes each logging its share of `calls`,
    from the moment all are connected and warmed up to the moment the last one is done."""
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(WRITERS + 1, timeout=300)
    writers = [
        context.Process(target=_writer, args=(url, calls[lane::WRITERS], ready))
        for lane in range(WRITERS)
    ]
    for writer in writers:
        writer.start()
    ready.wait()  # every writer is connected and has logged its warm-up touch
    started = time.perf_counter()
    for writer in writers:
        writer.join()
    elapsed = time.perf_counter() - started
    if any(writer.exitcode for writer in writers):
        raise RuntimeError("a writer failed; its traceback is above")
    return len(calls) / elapsed


def _writer(url: str, lane: list[Call], ready: Any) -> None:
    ws = Workspace.open(url)
    try:
        person, entry, at, login = lane[0]
        log_interaction(ws, person, entry, at - timedelta(minutes=1), login)
        ready.wait()
        for person, entry, at, login in lane:
            log_interaction(ws, person, entry, at, login)
    finally:
        ws.engine.dispose()
