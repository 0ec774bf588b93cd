"""HTTP figures for `make bench`: the agenda endpoint under 50 concurrent clients, and the
pages' server time, against `followup serve` on an already loaded bench database.

The server runs as its own processes (`followup serve --workers N`); the load comes from
this process over keep-alive connections (asyncio, raw HTTP/1.1), so the figures include
the whole HTTP path: parsing, authentication by token, the agenda, JSON, the socket.
Requests per second are completed requests over wall time; latencies are per request as
the client sees them. Page times are the app's own, from its Server-Timing header.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path

from benchmarks.dataset import Dataset, UserSpec
from benchmarks.stats import ms, percentile
from followup.services import access
from followup.services.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench password"
PAGES = ("/today?at={at}", "/people", "/people/{person}", "/accounts", "/settings")


@dataclass
class HttpResult:
    workers: int = 0
    clients: int = 0
    requests: int = 0
    rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    failures: int = 0
    pages_ms: dict[str, dict[str, float]] = field(default_factory=dict)


def run_http(
    url: str, dataset: Dataset, clients: int = 50, requests: int = 4000, workers: int = 2
) -> HttpResult:
    """Serve `url`, then time the agenda endpoint and the pages."""
    users = dataset.user_specs
    ws = Workspace.open(url)
    try:
        now = datetime.now(UTC)
        tokens = {u.name: access.add_token(ws, u.name, "bench", now)["token"] for u in users}
        access.set_password(ws, users[0].name, PASSWORD)
    finally:
        ws.engine.dispose()
    port = _free_port()
    server = _serve(url, port, workers)
    try:
        _wait_until_up(port, server)
        paths = [_agenda_request(u, dataset, tokens[u.name], port) for u in users]
        result = HttpResult(workers=workers, clients=clients)
        asyncio.run(_load(port, paths, min(200, requests), clients))  # warm-up
        latencies, failures, seconds = asyncio.run(_load(port, paths, requests, clients))
        result.requests = len(latencies)
        result.failures = failures
        result.rps = len(latencies) / seconds
        result.p50_ms, result.p95_ms = ms(percentile(latencies, 50)), ms(percentile(latencies, 95))
        result.max_ms = ms(max(latencies))
        result.pages_ms = _pages(port, users[0], dataset.agenda_moment(users[0]))
        return result
    finally:
        server.terminate()
        server.wait(timeout=30)


def _serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    followup = str(Path(sys.executable).parent / "followup")
    command = [followup, "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    env = {**os.environ, "FOLLOWUP_DB": url}
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if server.poll() is not None:
            raise RuntimeError(f"followup serve exited with {server.returncode}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/signin", timeout=2).close()
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise RuntimeError("followup serve did not come up in 60 s")


def quoted(moment: datetime) -> str:
    return urllib.parse.quote(moment.isoformat())


def _agenda_request(user: UserSpec, dataset: Dataset, token: str, port: int) -> bytes:
    at = quoted(dataset.agenda_moment(user))
    return (
        f"GET /api/today?at={at} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Authorization: Bearer {token}\r\nConnection: keep-alive\r\n\r\n"
    ).encode()


async def _load(
    port: int, paths: list[bytes], count: int, clients: int
) -> tuple[list[float], int, float]:
    """`count` requests over `clients` connections; (latencies, failures, wall seconds)."""
    latencies: list[float] = []
    failures = 0
    next_index = iter(range(count))

    async def client() -> None:
        nonlocal failures
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for index in next_index:
            started = time.perf_counter()
            writer.write(paths[index % len(paths)])
            status = await _response(reader)
            latencies.append(time.perf_counter() - started)
            failures += status != 200
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, failures, time.perf_counter() - started


async def _response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
    if length is None:
        raise RuntimeError("response without Content-Length")
    await reader.readexactly(int(length.group(1)))
    return status


def _pages(
    port: int, user: UserSpec, at: datetime, rounds: int = 30
) -> dict[str, dict[str, float]]:
    """Each page `rounds` times, signed in through the form: the server's own time."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    form = opener.open(base + "/signin").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    data = {"name": user.name, "password": PASSWORD, "csrf_token": token.group(1)}
    opener.open(base + "/signin", urllib.parse.urlencode(data).encode()).read()
    today = opener.open(base + "/today?at=" + quoted(at)).read().decode()
    person = re.search(r'href="/people/(\d+)"', today)
    found: dict[str, dict[str, float]] = {}
    for page in PAGES:
        path = page.format(person=person.group(1) if person else "1", at=quoted(at))
        times = []
        for _ in range(rounds + 3):
            with opener.open(base + path) as answer:
                answer.read()
                timing = answer.headers.get("server-timing", "")
            times.append(float(timing.split("dur=")[1]) / 1000)
        times = times[3:]  # warm-up
        found[page] = {"p50_ms": ms(percentile(times, 50)), "p95_ms": ms(percentile(times, 95))}
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
