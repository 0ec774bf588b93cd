"""`make bench`: load the generated dataset into SQLite and PostgreSQL and time what matters.

    python benchmarks/run.py --size S|M|L [--backend sqlite|postgresql|both] [--keep]

For each backend: the load time and database size, the agenda per user (an in-process call of
`followup.services.agenda.today`, as `followup today` makes it) as p50/p95/max over every
user a few times at moments of their morning, served from the day a first call prepared (as
the morning digest does), and the same calls explained afresh; the items per agenda,
interactions logged per second through `followup.services.contact.log_interaction` (each
call its own transaction; one writer, then four processes at once: benchmarks/log_rate.py),
and the floor:
the same machine's time for one raw indexed fetch of 50 due rows, with the agenda's p50 as a
multiple of it; where an agenda's time goes, step by step (benchmarks/agenda_parts.py); then,
over HTTP (benchmarks/serving.py), `followup serve --workers 2` answering GET /api/today for
50 concurrent clients (requests/s, p50/p95/max) and each page's server time. The figures are
printed and written to benchmarks/out/results-<size>.json.
Timing uses time.perf_counter only; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from benchmarks.agenda_parts import step_medians  # noqa: E402
from benchmarks.dataset import REFERENCE, SIZES, Dataset, UserSpec, load  # noqa: E402
from benchmarks.log_rate import WRITERS, log_rates  # noqa: E402
from benchmarks.plans import agenda_plans, full_scans, summary  # noqa: E402
from benchmarks.serving import run_http  # noqa: E402
from benchmarks.stats import ms as _ms  # noqa: E402
from benchmarks.stats import percentile  # noqa: E402
from followup.domain.agenda import Day  # noqa: E402
from followup.domain.model import User  # noqa: E402
from followup.services.agenda import today  # noqa: E402
from followup.services.workspace import Workspace  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
PG_SERVER = os.environ.get(
    "FOLLOWUP_BENCH_PG",
    os.environ.get("FOLLOWUP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
)
FLOOR_SQL = (
    "SELECT * FROM people WHERE owner_id = {p} AND next_due_at < {p} ORDER BY next_due_at LIMIT 50"
)
# The targets of the issue, which apply at size L.
TARGETS = {
    "sqlite": {"agenda_p50_ms": 5.0, "agenda_p95_ms": 10.0},
    "postgresql": {"agenda_p95_ms": 15.0},
    "any": {"interactions_best_per_s": 1000.0, "load_s": 180.0},
}
console = Console(width=max(Console().width, 110))


@dataclass
class Result:
    backend: str
    load_s: float = 0.0
    load_phases: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    size_mb: float = 0.0
    agenda_calls: int = 0
    agenda_p50_ms: float = 0.0
    agenda_p95_ms: float = 0.0
    agenda_max_ms: float = 0.0
    agenda_explained: int = 0  # of the calls above, those that found no prepared day
    explained_p50_ms: float = 0.0  # the same calls explained afresh (nothing reused)
    explained_p95_ms: float = 0.0
    items_mean: float = 0.0
    items_per_user_min: int = 0
    items_per_user_median: float = 0.0
    items_per_user_max: int = 0
    interactions_logged: int = 0
    interactions_per_s: float = 0.0
    interactions_concurrent_per_s: float = 0.0
    interactions_best_per_s: float = 0.0  # what the target is checked on
    floor_p50_ms: float = 0.0
    floor_rows_mean: float = 0.0
    ratio: float = 0.0
    agenda_steps: dict[str, float] = field(default_factory=dict)
    plan: list[str] = field(default_factory=list)
    full_scans: list[str] = field(default_factory=list)
    targets: dict[str, bool] = field(default_factory=dict)
    http: dict[str, Any] = field(default_factory=dict)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--rounds", type=int, default=5, help="agenda calls per user")
    parser.add_argument("--logs", type=int, default=3000, help="interactions to log")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--pg", default=PG_SERVER, help="PostgreSQL server (any database)")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP figures")
    parser.add_argument("--http-requests", type=int, default=4000, help="agenda requests")
    parser.add_argument("--http-workers", type=int, default=2, help="followup serve --workers")
    args = parser.parse_args(argv)

    OUT.mkdir(parents=True, exist_ok=True)
    people = SIZES[args.size]
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    load_before = os.getloadavg()[0]
    console.print(
        f"[bold]followup benchmark[/bold]: size {args.size} ({people:,} people, 200 users), "
        f"reference {REFERENCE.isoformat()}, {os.cpu_count()} cores, "
        f"load average {load_before:.2f}"
    )
    results: list[Result] = []
    for backend in backends:
        dataset = Dataset(people, REFERENCE, seed=args.seed)
        url, drop = _fresh_database(backend, args.size, args.pg)
        try:
            result = run_backend(backend, url, dataset, args.rounds, args.logs)
            if not args.no_http:
                console.print(f"  HTTP: followup serve --workers {args.http_workers}, 50 clients")
                result.http = asdict(
                    run_http(url, dataset, 50, args.http_requests, args.http_workers)
                )
                result.targets.update(_http_targets(result.http))
        finally:
            if not args.keep:
                drop()
        results.append(result)
        _print_result(result, args.size)
        _print_http(result)
    _write(args, results, load_before)
    _print_summary(results, args.size)
    return 0


def run_backend(backend: str, url: str, dataset: Dataset, rounds: int, logs: int) -> Result:
    result = Result(backend)
    console.print(f"\n[bold]{backend}[/bold]: loading {dataset.people:,} people ...")

    def progress(message: str) -> None:
        console.print(f"  {message}", end="\r", highlight=False)

    report = load(url, dataset, progress=progress if console.is_terminal else None)
    result.load_s = report.seconds
    result.load_phases = report.phases
    result.rows = report.rows
    result.size_mb = _size_mb(backend, url)
    console.print(f"  loaded in {report.seconds:.1f} s ({_phases(report.phases)})", " " * 20)

    ws = Workspace.open(url)
    try:
        users = dataset.user_specs
        rng = random.Random(f"{dataset.seed}:bench")
        samples = [
            (user, dataset.agenda_moment(user, rng.randrange(-30, 90)))
            for _ in range(rounds)
            for user in rng.sample(users, len(users))
        ]
        busiest = _agenda(ws, users, samples, dataset, result)
        result.agenda_steps = step_medians(ws, dataset, users)
        _plans(ws, dataset, busiest, result)
        _floor(ws, backend, samples, result)
    finally:
        ws.engine.dispose()
    rates = log_rates(url, dataset, logs, rng)
    result.interactions_logged = logs
    result.interactions_per_s = rates.one_writer
    result.interactions_concurrent_per_s = rates.writers
    result.interactions_best_per_s = rates.best
    result.ratio = result.agenda_p50_ms / result.floor_p50_ms if result.floor_p50_ms else 0.0
    result.targets = _targets(result)
    return result


def _agenda(
    ws: Workspace,
    users: list[UserSpec],
    samples: list[tuple[UserSpec, datetime]],
    dataset: Dataset,
    result: Result,
) -> UserSpec:
    """Every (user, moment) of `samples` through the real service, after a warm-up pass
    that prepares each user's day as the morning digest does; then the same calls with
    nothing reused, each agenda explained afresh.

    Returns the user with the longest agenda.
    """
    for user in users:
        today(ws, dataset.agenda_moment(user), user.name, None)
    generations = _generations(ws)
    timings: list[float] = []
    items: list[int] = []
    per_user: dict[int, list[int]] = {}
    for user, at in samples:
        started = time.perf_counter()
        _, agenda = today(ws, at, user.name, None)
        timings.append(time.perf_counter() - started)
        items.append(len(agenda))
        per_user.setdefault(user.id, []).append(len(agenda))
    result.agenda_explained = _generations(ws) - generations
    explained: list[float] = []
    for user, at in samples:
        started = time.perf_counter()
        today(ws, at, user.name, None, reuse=False)
        explained.append(time.perf_counter() - started)
    result.explained_p50_ms = _ms(percentile(explained, 50))
    result.explained_p95_ms = _ms(percentile(explained, 95))
    result.agenda_calls = len(timings)
    result.agenda_p50_ms = _ms(percentile(timings, 50))
    result.agenda_p95_ms = _ms(percentile(timings, 95))
    result.agenda_max_ms = _ms(max(timings))
    result.items_mean = sum(items) / len(items)
    typical = sorted(median(counts) for counts in per_user.values())
    result.items_per_user_min = int(typical[0])
    result.items_per_user_median = median(typical)
    result.items_per_user_max = int(typical[-1])
    most = max(per_user, key=lambda user_id: median(per_user[user_id]))
    return next(user for user in users if user.id == most)


def _generations(ws: Workspace) -> int:
    """How many times any user's day was explained and kept (each claim counts one)."""
    with ws.engine.connect() as conn:
        return int(
            conn.exec_driver_sql(
                "SELECT COALESCE(SUM(generation), 0) FROM prepared_agendas"
            ).scalar()
            or 0
        )


def _plans(ws: Workspace, dataset: Dataset, user: UserSpec, result: Result) -> None:
    """How the database runs the agenda's queries at this size (for the longest agenda)."""
    _, plans = agenda_plans(ws, dataset.agenda_moment(user), user.name)
    result.plan = summary(plans)
    result.full_scans = [scan for accesses in plans.values() for scan in full_scans(accesses)]


def _floor(
    ws: Workspace, backend: str, samples: list[tuple[UserSpec, datetime]], result: Result
) -> None:
    """One raw indexed fetch of (at most) 50 due rows per sample, on the DBAPI connection."""
    raw = ws.engine.raw_connection()
    try:
        dbapi: Any = raw.driver_connection
        sql = FLOOR_SQL.format(p="?" if backend == "sqlite" else "%s")
        bound: Callable[[datetime], Any] = _sqlite_text if backend == "sqlite" else _naive
        queries = [
            (user.id, bound(Day.of(User(user.id, user.name, user.timezone), at).end))
            for user, at in samples
        ]
        cursor = dbapi.cursor()
        for params in queries[: len(queries) // 5]:  # warm-up
            cursor.execute(sql, params)
            cursor.fetchall()
        timings: list[float] = []
        fetched = 0
        for params in queries:
            started = time.perf_counter()
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            timings.append(time.perf_counter() - started)
            fetched += len(rows)
        cursor.close()
        dbapi.rollback()
    finally:
        raw.close()
    result.floor_p50_ms = _ms(percentile(timings, 50))
    result.floor_rows_mean = fetched / len(queries)


def _sqlite_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


HTTP_TARGETS = {"rps": 300.0, "p95_ms": 100.0}  # the agenda endpoint, 50 clients, at L


def _http_targets(http: dict[str, Any]) -> dict[str, bool]:
    return {
        "http_agenda_rps": http["rps"] >= HTTP_TARGETS["rps"],
        "http_agenda_p95_ms": http["p95_ms"] < HTTP_TARGETS["p95_ms"],
    }


def _print_http(result: Result) -> None:
    http = result.http
    if not http:
        return
    table = Table(title=f"{result.backend}: HTTP (followup serve --workers {http['workers']})",
                  title_justify="left")  # fmt: skip
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("target at L", justify="right")

    def met(name: str) -> str:
        return "met here" if result.targets[name] else "MISSED here"

    rows = [
        (f"GET /api/today, {http['clients']} clients: requests/s", f"{http['rps']:.0f}",
         f">= 300 ({met('http_agenda_rps')})"),
        ("  latency p50 (ms)", f"{http['p50_ms']:.1f}", ""),
        ("  latency p95 (ms)", f"{http['p95_ms']:.1f}", f"< 100 ({met('http_agenda_p95_ms')})"),
        ("  latency max (ms)", f"{http['max_ms']:.1f}", ""),
        ("  requests (non-200)", f"{http['requests']} ({http['failures']})", ""),
    ]  # fmt: skip
    rows += [
        (f"page {page}: server p50 / p95 (ms)", f"{t['p50_ms']:.1f} / {t['p95_ms']:.1f}", "")
        for page, t in http["pages_ms"].items()
    ]
    for row in rows:
        table.add_row(*row)
    console.print(table)


def _targets(result: Result) -> dict[str, bool]:
    wanted = {**TARGETS[result.backend], **TARGETS["any"]}
    checks = {}
    for name, limit in wanted.items():
        value = getattr(result, name)
        checks[name] = value >= limit if name == "interactions_best_per_s" else value < limit
    return checks


def _fresh_database(backend: str, size: str, server: str) -> tuple[str, Callable[[], None]]:
    """An empty database of our own and how to remove it."""
    if backend == "sqlite":
        path = OUT / f"bench-{size}.db"
        files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]

        def remove() -> None:
            for file in files:
                file.unlink(missing_ok=True)

        remove()
        return f"sqlite:///{path}", remove
    name = f"followup_bench_{size.lower()}"
    admin = make_url(server)

    def connect() -> psycopg.Connection[Any]:
        return psycopg.connect(
            host=admin.host,
            port=admin.port or 5432,
            user=admin.username,
            password=admin.password,
            dbname=admin.database,
            autocommit=True,
        )

    with connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    url = admin.set(drivername="postgresql+psycopg", database=name)
    return url.render_as_string(hide_password=False), drop


def _size_mb(backend: str, url: str) -> float:
    if backend == "sqlite":
        path = Path(str(make_url(url).database))
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        total = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
        return total / 2**20
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        found = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        assert found is not None
        return float(found[0]) / 2**20


def _phases(phases: dict[str, float]) -> str:
    return ", ".join(f"{name} {seconds:.1f} s" for name, seconds in phases.items())


def _print_result(result: Result, size: str) -> None:
    table = Table(title=f"{result.backend}, size {size}", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("target at L", justify="right")
    wanted = {**TARGETS[result.backend], **TARGETS["any"]}

    def target(name: str) -> str:
        if name not in wanted:
            return ""
        sign = ">=" if name == "interactions_best_per_s" else "<"
        met = "met" if result.targets[name] else "MISSED"
        return f"{sign} {wanted[name]:g} ({met} here)"

    rows = [
        ("load time (s)", f"{result.load_s:.1f}", target("load_s")),
        ("database size (MB)", f"{result.size_mb:.0f}", ""),
        ("agenda p50 (ms)", f"{result.agenda_p50_ms:.2f}", target("agenda_p50_ms")),
        ("agenda p95 (ms)", f"{result.agenda_p95_ms:.2f}", target("agenda_p95_ms")),
        ("agenda max (ms)", f"{result.agenda_max_ms:.2f}", ""),
        (
            "agenda calls (of which explained)",
            f"{result.agenda_calls} ({result.agenda_explained})",
            "",
        ),
        ("explained afresh p50 (ms)", f"{result.explained_p50_ms:.2f}", ""),
        ("explained afresh p95 (ms)", f"{result.explained_p95_ms:.2f}", ""),
        ("items per agenda (mean)", f"{result.items_mean:.1f}", ""),
        (
            "items per user (min / median / max)",
            f"{result.items_per_user_min} / {result.items_per_user_median:g} / "
            f"{result.items_per_user_max}",
            "",
        ),
        ("interactions logged per s, one writer", f"{result.interactions_per_s:.0f}", ""),
        (
            f"interactions logged per s, {WRITERS} writer processes at once",
            f"{result.interactions_concurrent_per_s:.0f}",
            "",
        ),
        (
            "interactions logged per s, the better of the two",
            f"{result.interactions_best_per_s:.0f}",
            target("interactions_best_per_s"),
        ),
        ("floor: 50 due rows, p50 (ms)", f"{result.floor_p50_ms:.3f}", ""),
        ("agenda p50 / floor p50", f"{result.ratio:.1f}x", ""),
        ("full scans in the agenda's plans", ", ".join(result.full_scans) or "none", ""),
    ]
    for row in rows:
        table.add_row(*row)
    console.print(table)
    console.print("  where an agenda's time goes (medians, one morning per user):", highlight=False)
    for name, value in result.agenda_steps.items():
        console.print(f"    {name:34} {value:7.2f} ms", highlight=False)
    console.print("  the agenda's table accesses (longest agenda):", highlight=False)
    for line in result.plan:
        console.print(f"    {line}", highlight=False)


def _print_summary(results: list[Result], size: str) -> None:
    table = Table(title=f"summary, size {size}", title_justify="left")
    for name in (
        "backend",
        "load s",
        "size MB",
        "agenda p50 ms",
        "p95 ms",
        "items/agenda",
        "logs/s",
        f"logs/s x{WRITERS}",
        "floor p50 ms",
        "ratio",
        "http req/s",
        "http p95 ms",
    ):
        table.add_column(name, justify="right")
    for r in results:
        table.add_row(
            r.backend,
            f"{r.load_s:.1f}",
            f"{r.size_mb:.0f}",
            f"{r.agenda_p50_ms:.2f}",
            f"{r.agenda_p95_ms:.2f}",
            f"{r.items_mean:.1f}",
            f"{r.interactions_per_s:.0f}",
            f"{r.interactions_concurrent_per_s:.0f}",
            f"{r.floor_p50_ms:.3f}",
            f"{r.ratio:.1f}x",
            f"{r.http['rps']:.0f}" if r.http else "-",
            f"{r.http['p95_ms']:.1f}" if r.http else "-",
        )
    console.print()
    console.print(table)
    path = OUT / f"results-{size}.json"
    console.print(f"results written to {path.relative_to(ROOT)}")


def _write(args: argparse.Namespace, results: list[Result], load_before: float) -> None:
    document = {
        "size": args.size,
        "people": SIZES[args.size],
        "users": 200,
        "seed": args.seed,
        "reference": REFERENCE.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            # Other work on the machine skews every figure: the 1-minute load average
            # before and after the run.
            "load_average_before": load_before,
            "load_average_after": os.getloadavg()[0],
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(),
        },
        "targets_at_L": TARGETS,
        "results": {r.backend: asdict(r) for r in results},
    }
    (OUT / f"results-{args.size}.json").write_text(json.dumps(document, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
