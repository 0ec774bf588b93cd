"""The reports on a generated dataset: how long each takes, on SQLite and PostgreSQL.

    python benchmarks/reports.py --size S|M|L [--backend sqlite|postgresql|both] [--runs 5]
    python benchmarks/reports.py --db URL   # a database loaded earlier (with --keep-in DIR)

Loads the dataset (benchmarks/dataset.py) and one deal per two people
(benchmarks/deal_dataset.py), then times each report as `followup report NAME` makes it
(followup.services.reports, and satisfaction.report) for the whole team and for one user,
over the default period (the twelve months up to the dataset's reference moment). Printed
as the median and the slowest of `--runs` calls, and written to
benchmarks/out/reports-<size>.json. Timing uses time.perf_counter; nothing asserts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from functools import partial
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.dataset import SIZES, Dataset, load  # noqa: E402
from benchmarks.deal_dataset import add_deals  # noqa: E402
from followup.services import reports, satisfaction  # noqa: E402
from followup.services.workspace import Workspace  # noqa: E402
from tests.conftest import PG_SERVER, PostgresServer  # noqa: E402


def timings(ws: Workspace, dataset: Dataset, runs: int) -> dict[str, Any]:
    """{report: {"team": {median_ms, max_ms}, "one_user": {...}}}."""
    viewer = dataset.user_specs[0].name
    now = dataset.reference
    figures: dict[str, Any] = {}
    scopes = {"team": reports.ReportQuery(), "one_user": reports.ReportQuery(user=viewer)}
    for name, report in reports.REPORTS.items():
        figures[name] = {
            scope: _timed(partial(report, ws, query, now, viewer), runs)
            for scope, query in scopes.items()
        }
    whole = partial(satisfaction.report, ws, None, viewer)
    figures["satisfaction"] = {"team": _timed(whole, runs)}
    return figures


def _timed(call: Any, runs: int) -> dict[str, float]:
    spent = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        spent.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(median(spent), 1), "max_ms": round(max(spent), 1)}


def prepared(url: str, dataset: Dataset) -> None:
    load(url, dataset)
    ws = Workspace.open(url)
    try:
        add_deals(ws.engine, dataset.reference, dataset.people // 2)
    finally:
        ws.engine.dispose()


def measure(url: str, dataset: Dataset, runs: int) -> dict[str, Any]:
    ws = Workspace.open(url)
    try:
        return timings(ws, dataset, runs)
    finally:
        ws.engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="M")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", default=None, help="time an already loaded database")
    parser.add_argument(
        "--keep-in", default=None, help="keep the databases (SQLite in this folder)"
    )
    args = parser.parse_args(argv)
    dataset = Dataset(SIZES[args.size])
    results: dict[str, Any] = {}
    if args.db:
        results["given"] = measure(args.db, dataset, args.runs)
    else:
        backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
        for backend in backends:
            results[backend] = _fresh(backend, dataset, args)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / f"reports-{args.size}.json").write_text(json.dumps(results, indent=2) + "\n")
    for backend, figures in results.items():
        for name, scopes in figures.items():
            shown = ", ".join(
                f"{scope} median {t['median_ms']} ms (max {t['max_ms']})"
                for scope, t in scopes.items()
            )
            print(f"{backend} {args.size} {name}: {shown}")
    return 0


def _fresh(backend: str, dataset: Dataset, args: argparse.Namespace) -> dict[str, Any]:
    if backend == "sqlite":
        folder = Path(args.keep_in or ROOT / "benchmarks" / "out")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"reports-{args.size}.db"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
        prepared(url, dataset)
        try:
            return measure(url, dataset, args.runs)
        finally:
            if not args.keep_in:
                path.unlink(missing_ok=True)
    server = PostgresServer(PG_SERVER)
    try:
        url = server.create()
        prepared(url, dataset)
        return measure(url, dataset, args.runs)
    finally:
        if args.keep_in:
            print(f"kept {url}")
        else:
            server.drop_all()


if __name__ == "__main__":
    raise SystemExit(main())
