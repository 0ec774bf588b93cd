"""How long `followup db check` takes on a generated workspace, and how much memory it needs.

    python benchmarks/db_check.py --size M --backend sqlite

Loads the dataset (benchmarks/dataset.py) into a fresh database, then, in a fresh process,
runs the check the command runs (services.consistency.Check) and reports rows per second
and that process's peak resident memory before and after the check: a check that held a
table in memory would show it there.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.dataset import REFERENCE, SIZES, Dataset, load
from followup.services.consistency import Check
from followup.services.workspace import Workspace
from tests.conftest import PG_SERVER, PostgresServer


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the
    parent that forked it)."""
    status = Path("/proc/self/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def measure(url: str, size: str) -> None:
    dataset = Dataset(SIZES[size])
    started = time.perf_counter()
    load(url, dataset)
    print(f"  loaded {dataset.people:,} people in {time.perf_counter() - started:.1f} s")
    subprocess.run([sys.executable, __file__, "--url", url], check=True)


def check(url: str) -> None:
    ws = Workspace.open(url)
    before = peak_mb()
    started = time.perf_counter()
    run = Check(ws, REFERENCE)
    problems = sum(1 for _ in run.problems())
    seconds = time.perf_counter() - started
    people = run.checked["people"]
    print(
        f"  checked {dict(run.checked)} in {seconds:.1f} s ({people / seconds:,.0f} people/s), "
        f"{problems} problems; peak memory {before:.0f} MB before, {peak_mb():.0f} MB after"
    )
    ws.engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="M")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--url", help="only check this database (already loaded)")
    args = parser.parse_args()
    if args.url:
        check(args.url)
        return 0
    print(f"db check, size {args.size}, {args.backend}")
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            measure(f"sqlite:///{folder}/check.db", args.size)
        return 0
    server = PostgresServer(PG_SERVER)
    try:
        measure(server.create(), args.size)
    finally:
        server.drop_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
