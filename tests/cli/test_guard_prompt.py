"""At a terminal, the too-much guard asks before logging a contact that breaks the
agreement; run for real under a pseudo-terminal (no --yes, as a person would type it)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time

from tests.cli.helpers import doc
from tests.conftest import Cli

COMMAND = [sys.executable, "-c", "from followup.cli.main import run; run()"]
HANG_GUARD_SECONDS = 120  # only so that a broken prompt fails instead of hanging the suite


def at_a_terminal(cli: Cli, answer: bytes, *args: str) -> tuple[int, str]:
    """Run `followup ARGS` with a pseudo-terminal as stdin/stdout; answer the prompt."""
    env = {**os.environ, "FOLLOWUP_DB": cli.db_url, "FOLLOWUP_USER": cli.login, "COLUMNS": "200"}
    master, slave = pty.openpty()
    process = subprocess.Popen([*COMMAND, *args], stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    output, answered = b"", False
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
        if not answered and b"[y/N]" in output:
            os.write(master, answer)
            answered = True
    os.close(master)
    return process.wait(), output.decode(errors="replace").replace("\r\n", "\n")


def test_the_guard_asks_at_a_terminal_and_records_a_yes(cli: Cli) -> None:
    cli("person", "add", "Hans Braun", "--country", "DE", "--stage", "customer")
    cli("agree", "Hans Braun", "--every", "2w", "--min-gap", "7d")
    cli("log", "Hans Braun", "--kind", "call", "--at", "2026-11-20T10:00", "--outcome", "reached")
    args = ("log", "Hans Braun", "--kind", "email", "--at", "2026-11-23T08:00")
    code, shown = at_a_terminal(cli, b"n\n", *args)
    assert code == 1, shown
    assert "too soon for Hans Braun: agreed at most every 7 days" in shown
    assert "error: not logged: the agreement stands" in shown
    assert len(doc(cli, "timeline", "Hans Braun")["entries"]) == 1
    code, shown = at_a_terminal(cli, b"y\n", *args)
    assert code == 0, shown
    assert "Logged email" in shown
    events = [e["event"] for e in doc(cli, "timeline", "Hans Braun")["entries"]]
    assert events.count("guard_confirmed") == 1 and events.count("interaction") == 2
