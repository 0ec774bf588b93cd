"""The kill harness: run a real `followup` process (or a driver script through the services)
until its work is done, killing it with SIGKILL at seeded random points on the way, and
checking the database after every kill.

A schedule is a list of kill points, each "once the work has grown by N (rows written,
messages received ...) in this run, wait D seconds more, then kill"; some points have no N
at all (killed D seconds after starting: during start-up or while reading input). The
process is started again after every kill, as a user would re-run the command, and resumes
the work; the last run goes to completion. The seed is printed with every failure, and
FOLLOWUP_KILL_SEED replays a failing schedule; FOLLOWUP_KILLS sets the kills per operation
(default 10, as in CI; raise it for a long local run).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from followup.store.engine import make_engine
from followup.store.schema import upgrade
from tests.conftest import Cli

FOLLOWUP = str(Path(sys.executable).parent / "followup")
ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("FOLLOWUP_KILLS", "10"))
SEED = int(os.environ.get("FOLLOWUP_KILL_SEED", "20261123"))
WAIT = 300  # seconds: a guard against a hanging process, not a measurement
SURVIVED: list[str] = []  # one line per operation and database: printed after the tests
MAX_ROUNDS = 8  # rounds of new work one kill point may take before it is given up


@dataclass(frozen=True)
class KillPoint:
    further: int | None  # kill once progress() grew this much in this run (None: at once)
    delay: float  # seconds to wait after that before the SIGKILL


def schedule(seed: int, kills: int, total: int, max_delay: float = 0.05) -> list[KillPoint]:
    """`kills` points over work of size `total`: every fourth a delay from the start (killed
    while starting up or reading its input), the others a step of progress (on average a
    little less than its share of the work, so the schedule ends before the work does) and
    a short random delay after it."""
    rng = random.Random(seed)
    share = max(1, 2 * total // (kills + 2))
    return [
        KillPoint(None, rng.uniform(0.0, 1.0))
        if number % 4 == 3
        else KillPoint(rng.randint(1, share), rng.uniform(0.0, max_delay))
        for number in range(kills)
    ]


@dataclass
class Victim:
    """A command whose work can be measured while it runs. The command is given the round
    and the run: when a run finishes its work before the kill point, the next round gives
    it new work (another file, more interactions, the next day), so every kill lands; a
    re-run may differ from the one before too (notify's run a minute later)."""

    command: Callable[[int, int], Sequence[str]]  # (round, run in the round) -> argv
    env: dict[str, str]
    progress: Callable[[], int]
    cwd: Path = ROOT
    # Whether an exit (code, stderr) is a success: by default, exit 0.
    succeeded: Callable[[int, str], bool] = lambda code, _err: code == 0

    def start(self, tally: Tally) -> subprocess.Popen[bytes]:
        tally.runs += 1
        tally.runs_in_round += 1
        return subprocess.Popen(
            list(self.command(tally.round, tally.runs_in_round - 1)),
            env=self.env,
            cwd=self.cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def finish(self, process: subprocess.Popen[bytes], tally: Tally) -> None:
        """Wait for a run that is not killed; it must succeed."""
        try:
            _, err = process.communicate(timeout=WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        message = f"{tally}: exit {process.returncode}: {err.decode()[-2000:]}"
        assert self.succeeded(process.returncode, err.decode()), message


@dataclass
class Tally:
    """How it went: the kills that landed (and where), the rounds of work, the runs."""

    seed: int
    kills: int = 0
    round: int = 0
    runs: int = 0
    runs_in_round: int = 0
    points: list[str] = field(default_factory=list)

    @property
    def rounds(self) -> int:
        return self.round + 1

    def __str__(self) -> str:
        return (
            f"seed {self.seed}: {self.kills} kills in {self.rounds} rounds of work, "
            f"{self.runs} runs ({', '.join(self.points)})"
        )


def kill_repeatedly(
    victim: Victim, points: Sequence[KillPoint], after_kill: Callable[[Tally], None], seed: int
) -> Tally:
    """Run `victim` again and again, killed at each of `points` in turn, calling
    `after_kill` after every kill; then once more to completion. A run that completes its
    work before its kill point moves on to the next round of work, so every point lands."""
    tally = Tally(seed)
    for point in points:
        for _ in range(MAX_ROUNDS):
            process = victim.start(tally)
            if _wait_for(victim, process, point):
                time.sleep(point.delay)
                process.send_signal(signal.SIGKILL)
                process.wait()
            if process.returncode == -signal.SIGKILL:
                break
            victim.finish(process, tally)  # done before the point: next round of work
            tally.round, tally.runs_in_round = tally.round + 1, 0
        else:
            raise AssertionError(f"{tally}: {MAX_ROUNDS} rounds ended before the kill point")
        tally.kills += 1
        tally.points.append(f"{point.further or 'start'}+{point.delay * 1000:.0f}ms")
        after_kill(tally)
    victim.finish(victim.start(tally), tally)
    return tally


def _wait_for(victim: Victim, process: subprocess.Popen[bytes], point: KillPoint) -> bool:
    """Wait until the point is reached; False if the process finished first."""
    if point.further is None:
        return True
    target = victim.progress() + point.further
    deadline = time.monotonic() + WAIT
    while victim.progress() < target:
        if process.poll() is not None:
            return False
        assert time.monotonic() < deadline, f"no progress to {target}"
        time.sleep(0.005)
    return process.poll() is None


# -- what the kill tests share -------------------------------------------------------------


def consistent(cli: Cli, at: str | None = None) -> None:
    """`followup db check` finds nothing wrong."""
    result = cli("db", "check", "--json", *(["--at", at] if at else []), ok=False)
    assert result.exit_code == 0, result.stdout


def count(url: str, table: Any, *where: Any) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            query = select(func.count()).select_from(table).where(*where)
            return int(conn.execute(query).scalar_one())
    finally:
        engine.dispose()


def environment(url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    return {**env, "FOLLOWUP_DB": url, "FOLLOWUP_USER": "anna", **extra}


def second_database(fresh_db_url: str) -> Cli:
    """Another database of the same backend, with anna, for the uninterrupted run."""
    engine = make_engine(fresh_db_url)
    upgrade(engine)
    engine.dispose()
    reference = Cli(fresh_db_url)
    reference("user", "add", "anna", "--tz", "Europe/Berlin", "--role", "admin")
    return reference


def report(operation: str, tally: Tally, cli: Cli) -> None:
    backend = cli.db_url.split(":", 1)[0].split("+")[0]
    SURVIVED.append(f"{operation} on {backend}: {tally}")
    assert tally.kills >= 1, f"{operation}: no kill landed ({tally})"
