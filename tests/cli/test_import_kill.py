"""Killing an import mid-way (SIGKILL, nothing to clean up) leaves a consistent database:
whole batches only, each person with their emails and ledger entry; running the same
import again completes it with no duplicates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from followup.store.engine import make_engine
from followup.store.tables import import_records, people, person_emails, person_phones
from tests.cli.helpers import doc
from tests.conftest import Cli

CARDS = 6_000
BATCH = 500


def cards(path: Path) -> None:
    """Distinct people; every tenth has only a name, which only the ledger can recognise."""
    lines = []
    for i in range(CARDS):
        contact = (
            "" if i % 10 == 0 else f"EMAIL:p{i}@kill.example\r\nTEL:+49 151 {20000000 + i}\r\n"
        )
        lines.append(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i:05d}\r\n{contact}END:VCARD\r\n")
    path.write_text("".join(lines), encoding="utf-8")


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (people, person_emails, person_phones, import_records)
            }
    finally:
        engine.dispose()


def test_a_killed_import_is_consistent_and_a_rerun_completes_it(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "many.vcf"
    cards(path)
    env = {**os.environ, "FOLLOWUP_DB": cli.db_url, "FOLLOWUP_USER": "anna"}
    command = [str(Path(sys.executable).parent / "followup"), "import", str(path), "--json"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300  # a guard against hanging, not a measurement
    while counts(cli.db_url)["import_records"] < BATCH and time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    done = counts(cli.db_url)
    assert 0 < done["people"] < CARDS and done["people"] % BATCH == 0  # whole batches only
    assert done["import_records"] == done["people"]
    with_contacts = done["people"] - done["people"] // 10
    assert done["person_emails"] == done["person_phones"] == with_contacts

    report = doc(cli, "import", str(path))
    assert (report["created"], report["unchanged"]) == (CARDS - done["people"], done["people"])
    final = counts(cli.db_url)
    assert final["people"] == final["import_records"] == CARDS
    assert final["person_emails"] == CARDS - CARDS // 10
    names = [p["name"] for p in doc(cli, "person", "list")["people"]]
    assert len(names) == len(set(names)) == CARDS
