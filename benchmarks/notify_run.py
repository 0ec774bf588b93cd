"""`make bench` (reminders part): how fast `followup notify` gets a team's reminders out.

    python benchmarks/notify_run.py [--users 200] [--backend sqlite|postgresql|both]

For each backend: a team of USERS, each with an address, one customer with an overdue
promise and a webhook, so a morning holds one digest and two webhook events per user.
A real SMTP server (aiosmtpd) and a real HTTP receiver on localhost take them. Printed: the
seconds one `followup notify` process takes for the morning (planning and delivering,
process start included), reminders per second, and the same for two processes started at
once on a second copy of the team (duplicates counted: there must be none). Timing uses
time.perf_counter; nothing asserts on time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "src"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import psycopg  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from followup.domain.model import Side  # noqa: E402
from followup.services import contact, directory  # noqa: E402
from followup.services.people import PersonFields, add_person  # noqa: E402
from followup.services.reminders import PreferenceChanges, add_webhook, preferences  # noqa: E402
from followup.services.workspace import Workspace  # noqa: E402
from followup.store.engine import make_engine  # noqa: E402
from followup.store.schema import upgrade  # noqa: E402
from tests.notify.servers import SmtpServer, WebhookReceiver  # noqa: E402

PG_SERVER = os.environ.get(
    "FOLLOWUP_BENCH_PG",
    os.environ.get("FOLLOWUP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
)
SETUP = datetime.fromisoformat("2026-11-16T07:00:00+00:00")
MORNING = datetime.fromisoformat("2026-11-23T07:30:00+00:00")  # Monday, 08:30 in Berlin


def database(backend: str, folder: Path, name: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / (name + '.db')}"
    url = make_url(PG_SERVER)
    with psycopg.connect(
        host=url.host, port=url.port or 5432, user=url.username, dbname=url.database,
        password=url.password, autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def team(url: str, users: int, hook: str) -> None:
    upgrade(make_engine(url))
    ws = Workspace.open(url)
    for number in range(users):
        name = f"member{number:03}"
        directory.add_user(ws, name, "Europe/Berlin", SETUP, f"{name}@example.test")
        preferences(ws, name, None, PreferenceChanges(), SETUP)
        add_person(
            ws, PersonFields(name=f"Customer {number}", country="DE", owner=name), SETUP, name
        )
        promise = contact.PromiseInput(Side.US, "send the offer", "2026-11-20")
        contact.add_commitment(ws, f"Customer {number}", promise, SETUP, name)
        add_webhook(ws, name, None, hook, None, None, SETUP)
    ws.engine.dispose()


def processes(url: str, smtp: SmtpServer, count: int) -> float:
    """Seconds for `count` `followup notify` processes started at once to finish; the
    servers stay in this process, the senders each in their own."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")},
           "FOLLOWUP_DB": url, **smtp.env()}  # fmt: skip
    command = [str(Path(sys.executable).parent / "followup"), "notify", "--at", MORNING.isoformat()]
    started = time.perf_counter()
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL) for _ in range(count)]
    for run in runs:
        run.wait()
    return time.perf_counter() - started


def startup() -> float:
    """Seconds for `followup --help`: the part of each figure that is process start."""
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "followup"), "--help"],
                   stdout=subprocess.DEVNULL, check=True)  # fmt: skip
    return time.perf_counter() - started


def measure(backend: str, users: int, folder: Path) -> None:
    receiver = WebhookReceiver().start()
    smtp = SmtpServer().start()
    try:
        first = database(backend, folder, "followup_bench_notify_1")
        second = database(backend, folder, "followup_bench_notify_2")
        for url in (first, second):
            team(url, users, receiver.url("/hook"))
        print(f"{backend}: {users} users; process start alone {startup():.2f} s")
        for url, count in ((first, 1), (second, 2)):
            smtp.received.clear()
            receiver.hits.clear()
            seconds = processes(url, smtp, count)
            mails = len(smtp.received)
            deliveries = Counter(hit.headers["X-Followup-Delivery"] for hit in receiver.hits)
            recipients = Counter(r for m in smtp.received for r in m.envelope_to)
            duplicates = sum(n - 1 for n in (*deliveries.values(), *recipients.values()))
            total = mails + len(receiver.hits)
            print(f"{backend}: {count} notify process(es) at once sent {total} reminders "
                  f"({mails} digests) in {seconds:.2f} s, {total / seconds:.0f}/s; "
                  f"duplicates {duplicates}")  # fmt: skip
    finally:
        smtp.stop()
        receiver.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory() as folder:
        for backend in backends:
            measure(backend, args.users, Path(folder))


if __name__ == "__main__":
    main()
