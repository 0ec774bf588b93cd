"""`followup serve --workers 2`: separate processes share nothing but the database, so a
session made by one serves in the other, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from followup.domain.model import Role
from followup.services import team
from followup.services.workspace import Workspace
from tests.web.conftest import PASSWORD, csrf_in, free_socket

FOLLOWUP = str(Path(sys.executable).parent / "followup")


@pytest.fixture
def two_workers(db_url: str) -> Iterator[str]:
    ws = Workspace.open(db_url)
    team.add_member(ws, "mia", "UTC", datetime.now(UTC), None, Role.MEMBER, PASSWORD)
    ws.engine.dispose()
    with free_socket() as sock:
        port = sock.getsockname()[1]
    env = {**os.environ, "FOLLOWUP_DB": db_url}
    server = subprocess.Popen(
        [FOLLOWUP, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # a guard against a hang, not a speed check
        while True:
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            try:
                httpx.get(url + "/signin", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "followup serve did not come up"
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_session_is_good_in_every_worker(two_workers: str) -> None:
    with httpx.Client(base_url=two_workers, timeout=30) as client:
        token = csrf_in(client.get("/signin").text)
        data = {"name": "mia", "password": PASSWORD, "csrf_token": token}
        assert client.post("/signin", data=data).status_code == 303
        answers = []
        for _ in range(40):
            with httpx.Client(base_url=two_workers, timeout=30) as one_connection:
                one_connection.cookies = client.cookies
                answers.append(one_connection.get("/today", follow_redirects=False))
        assert all(a.status_code == 200 and "mia · member" in a.text for a in answers)
