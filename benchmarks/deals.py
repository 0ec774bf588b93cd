"""`make bench` (deals): the agenda with deals in the workspace, plans laid out from a
template, and shared pages opened, on a generated dataset in SQLite (and PostgreSQL).

    python benchmarks/deals.py --size S|M|L [--backend sqlite|postgresql|both] [--deals N]

Printed: the agenda per user (followup.services.agenda.today, deals included) and its deal
part alone (followup.services.deal_agenda.deal_files and its items) as p50/p95 over the users; deals
added with the 12-step japan_consensus template per second (services.deals.add_deal, each
its own transaction); shared plans opened per second (services.sharing.open_shared). Also
written to benchmarks/out/deals-<size>.json. Timing uses time.perf_counter; nothing asserts.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from statistics import median, quantiles
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from benchmarks.dataset import SIZES, Dataset, load  # noqa: E402
from benchmarks.deal_dataset import add_deals  # noqa: E402
from followup.domain.agenda import Day  # noqa: E402
from followup.domain.deal_agenda import deal_items  # noqa: E402
from followup.domain.model import User  # noqa: E402
from followup.services import deals, sharing  # noqa: E402
from followup.services.agenda import today  # noqa: E402
from followup.services.deal_agenda import deal_files  # noqa: E402
from followup.services.workspace import Workspace  # noqa: E402
from followup.store.tables import accounts, people  # noqa: E402
from followup.store.tables import deals as deals_table  # noqa: E402
from tests.conftest import PG_SERVER, PostgresServer  # noqa: E402


def timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def spread(values: list[float]) -> dict[str, float]:
    p95 = quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]
    return {"p50_ms": round(median(values), 2), "p95_ms": round(p95, 2)}


def agenda_figures(ws: Workspace, dataset: Dataset) -> dict[str, Any]:
    whole, part = [], []
    for spec in dataset.user_specs:
        at = dataset.agenda_moment(spec)
        user = User(spec.id, spec.name, spec.timezone)
        whole.append(timed(lambda: today(ws, at, spec.name, None)))  # noqa: B023
        with ws.transaction() as conn:
            day = Day.of(user, at)
            part.append(timed(lambda: deal_items(deal_files(ws, conn, user, day.end), day)))  # noqa: B023
    return {"agenda": spread(whole), "deal_part": spread(part)}


def layout_rate(ws: Workspace, dataset: Dataset, count: int) -> float:
    """Deals added with a 12-step template laid out backwards, per second."""
    now = dataset.reference
    with ws.engine.connect() as conn:
        rows = conn.execute(
            select(people.c.id, accounts.c.name)
            .join(accounts, accounts.c.id == people.c.account_id)
            .limit(count)
        ).all()
    started = time.perf_counter()
    for person_id, account in rows:
        entry = deals.DealInput(
            account, f"Bench {person_id}", [(str(person_id), "champion")],
            decision_by=(now + timedelta(days=200)).date().isoformat(), template="japan_consensus",
        )  # fmt: skip
        deals.add_deal(ws, entry, now, dataset.user_specs[0].name)
    return len(rows) / (time.perf_counter() - started)


def share_rate(ws: Workspace, dataset: Dataset, count: int) -> float:
    with ws.engine.connect() as conn:
        newest = conn.execute(select(func.max(deals_table.c.id))).scalar_one()  # a template deal
    user = dataset.user_specs[0].name
    link = sharing.share_plan(ws, str(newest), dataset.reference, user, "http://x")
    token = str(link["url"]).rsplit("/", 1)[1]
    started = time.perf_counter()
    for _ in range(count):
        sharing.open_shared(ws, token, dataset.reference)
    return count / (time.perf_counter() - started)


def run(url: str, size: str, count: int) -> dict[str, Any]:
    dataset = Dataset(SIZES[size])
    load(url, dataset)
    ws = Workspace.open(url)
    try:
        added = add_deals(ws.engine, dataset.reference, count)
        figures = agenda_figures(ws, dataset)
        figures["deals"] = added
        figures["template_deals_per_s"] = round(layout_rate(ws, dataset, 100), 1)
        figures["shared_pages_per_s"] = round(share_rate(ws, dataset, 300), 1)
        return figures
    finally:
        ws.engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--deals", type=int, default=None, help="default: one per two people")
    args = parser.parse_args(argv)
    count = args.deals or SIZES[args.size] // 2
    results: dict[str, Any] = {}
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory() as folder:
        for backend in backends:
            if backend == "sqlite":
                url = f"sqlite:///{Path(folder) / 'deals.db'}"
                results[backend] = run(url, args.size, count)
            else:
                server = PostgresServer(PG_SERVER)
                try:
                    results[backend] = run(server.create(), args.size, count)
                finally:
                    server.drop_all()
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / f"deals-{args.size}.json").write_text(json.dumps(results, indent=2) + "\n")
    for backend, figures in results.items():
        print(
            f"{backend}: {figures['deals']:,} deals; agenda p50 {figures['agenda']['p50_ms']} ms "
            f"(p95 {figures['agenda']['p95_ms']}), its deal part p50 "
            f"{figures['deal_part']['p50_ms']} ms (p95 {figures['deal_part']['p95_ms']}); "
            f"{figures['template_deals_per_s']} template deals/s; "
            f"{figures['shared_pages_per_s']} shared pages/s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
