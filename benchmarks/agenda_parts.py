"""Where an agenda's time goes, on a database `benchmarks/run.py --keep` left behind.

    python benchmarks/agenda_parts.py --db URL [--size L] [--users 200]

Runs, for each user's morning (as run.py does), the steps `followup.services.agenda.explained`
is made of, one after another in one transaction, and prints each step's median time per
agenda beside the whole agenda's median through the real service: reading the due people,
their open promises, building their dossiers, what the rules add (internal updates; for those
gone dark their other ways in, introducers and content), the accounts due a check-in, the
service requests running out, the deals, and explaining every subject for the whole day
(phase by phase) and ranking the items of the moment. Timing uses
time.perf_counter only; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.dataset import REFERENCE, SIZES, Dataset, UserSpec  # noqa: E402
from benchmarks.stats import ms  # noqa: E402
from followup.domain.agenda import AgendaItem, Day  # noqa: E402
from followup.services import subjects  # noqa: E402
from followup.services.agenda import today  # noqa: E402
from followup.services.deal_agenda import deal_files  # noqa: E402
from followup.services.directory import current_user  # noqa: E402
from followup.services.prepared_agenda import PreparedDay  # noqa: E402
from followup.services.workspace import Workspace  # noqa: E402
from followup.store import agenda as queries  # noqa: E402


def parts_of_one(
    ws: Workspace, user_name: str, at: Any, timings: dict[str, list[float]]
) -> list[AgendaItem]:
    """One agenda, step by step, each step's time appended to `timings`; returns its items
    (all but the reminder channels' alerts, which are not the agenda's own work)."""

    def timed(name: str, step: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = step()
        timings[name].append(time.perf_counter() - started)
        return result

    with ws.transaction() as conn:
        user = current_user(conn, user_name, None)
        day = Day.of(user, at)
        rows = timed("due people (range scan)", lambda: queries.due_people(conn, user.id, day.end))
        ids = [row.id for row in rows]
        promises = timed("their open promises", lambda: queries.open_commitments_for(conn, ids))
        dossiers = timed(
            "their dossiers (Python)",
            lambda: [subjects.dossier_of_row(ws, row, promises[row.id]) for row in rows],
        )
        people = timed(
            "updates; gone dark: ways in", lambda: subjects.enriched(conn, dossiers, day.end)
        )
        checks = timed(
            "accounts due a check-in", lambda: subjects.checkins_due(ws, conn, user, day.end)
        )
        asks = timed("service requests", lambda: subjects.requests_due(ws, conn, user, day.end))
        deals = timed("deals and milestones", lambda: deal_files(ws, conn, user, day.end))
        items: list[AgendaItem] = timed(
            "items explained for the whole day, ranked",
            lambda: PreparedDay.of(user, day, [*people, *checks, *asks, *deals]).items_at(at),
        )
    return items


def step_medians(ws: Workspace, dataset: Dataset, users: list[UserSpec]) -> dict[str, float]:
    """Each step's median time per agenda (ms) over `users`' mornings, after a warm-up
    pass, with "sum of the steps" and "the whole agenda (service call)" beside them."""
    for user in users:  # warm-up: the same pages as the measured passes
        today(ws, dataset.agenda_moment(user), user.name, None, reuse=False)
    timings: dict[str, list[float]] = defaultdict(list)
    whole: list[float] = []
    for user in users:
        at = dataset.agenda_moment(user)
        parts_of_one(ws, user.name, at, timings)
        started = time.perf_counter()
        today(ws, at, user.name, None, reuse=False)
        whole.append(time.perf_counter() - started)
    medians = {name: ms(median(values)) for name, values in timings.items()}
    medians["sum of the steps"] = sum(medians.values())
    medians["the whole agenda explained (service call)"] = ms(median(whole))
    return medians


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a database benchmarks/run.py --keep loaded")
    parser.add_argument("--size", choices=sorted(SIZES), default="L")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args(argv)
    dataset = Dataset(SIZES[args.size], REFERENCE, seed=args.seed)
    ws = Workspace.open(args.db)
    try:
        medians = step_medians(ws, dataset, dataset.user_specs[: args.users])
    finally:
        ws.engine.dispose()
    print(f"{args.users} agendas on {args.db.split('://')[0]}, medians per agenda:")
    for name, value in medians.items():
        print(f"  {name:32} {value:7.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
