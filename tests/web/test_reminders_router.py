"""The routes `followup serve` mounts, through a real HTTP server (uvicorn on a free port),
and the scheduler loop it will run; on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from icalendar import Calendar

from followup.services.notify import RunReport, notify_once
from followup.services.scheduler import run_scheduler
from followup.services.workspace import Workspace
from followup.settings import Settings, load_settings
from followup.web.reminders import router
from tests.cli.helpers import Clock, doc
from tests.conftest import Cli
from tests.notify.servers import SmtpServer, free_port

NOW = "2026-11-23T07:00:00+00:00"
MONDAY = datetime.fromisoformat("2026-11-23T07:30:00+00:00")  # 08:30 in Berlin


class Served:
    def __init__(self, base: str, ws: Workspace, settings: Settings) -> None:
        self.base, self.ws, self.settings = base, ws, settings
        self.now = MONDAY

    def get(self, path: str, **headers: str) -> httpx.Response:
        return httpx.get(self.base + path, headers=headers, timeout=10)


@pytest.fixture
def anna(cli: Cli, monkeypatch: pytest.MonkeyPatch, mail_env: SmtpServer) -> Cli:
    Clock(monkeypatch, NOW)
    cli("prefs", "--email", "anna@example.test", "--empty-digest")
    cli("person", "add", "Hans Braun", "--country", "DE")
    cli("commit", "add", "Hans Braun", "send the offer", "--owner", "us", "--due", "2026-11-27")
    return cli


@pytest.fixture
def served(anna: Cli, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    monkeypatch.setenv("FOLLOWUP_HEALTH_TOKEN", "a-token-for-the-monitor")
    settings = load_settings(anna.db_url)
    ws = Workspace.open(anna.db_url)
    app = FastAPI()
    app.state.workspace, app.state.settings = ws, settings
    app.include_router(router)
    port = free_port()
    served = Served(f"http://127.0.0.1:{port}", ws, settings)
    app.state.clock = lambda: served.now
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    yield served
    server.should_exit = True
    thread.join(30)
    ws.engine.dispose()


def test_the_calendar_feed_behind_its_secret(anna: Cli, served: Served) -> None:
    feed = doc(anna, "calendar", "feed")
    response = served.get(feed["path"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    [todo] = Calendar.from_ical(response.content).walk("VTODO")
    assert str(todo["SUMMARY"]) == "send the offer — for Hans Braun"
    exported = Calendar.from_ical(anna("calendar", "export").stdout)
    assert [str(t["UID"]) for t in exported.walk("VTODO")] == [str(todo["UID"])]
    for wrong in ("/calendar/not-the-secret.ics", "/calendar/" + "x" * 300 + ".ics"):
        assert served.get(wrong).status_code == 404
    anna("calendar", "feed", "--rotate")
    assert served.get(feed["path"]).status_code == 404  # the old URL stops working


def test_health_says_stale_ok_or_failing(
    anna: Cli, served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = served.get("/health")
    assert stale.status_code == 503 and stale.json()["status"] == "stale"
    assert stale.json()["scheduler"]["last_run_at"] is None
    notify_once(served.ws, served.settings.notify, MONDAY)
    served.now = MONDAY + timedelta(minutes=1)
    healthy = served.get("/health")
    assert healthy.status_code == 200, healthy.json()
    assert healthy.json()["status"] == "ok" and "users" not in healthy.json()
    detailed = served.get("/health", authorization="Bearer a-token-for-the-monitor").json()
    [me] = detailed["users"]
    assert me["user"] == "anna" and me["email_digest"]["last_sent_at"] is not None
    assert "users" not in served.get("/health", authorization="Bearer wrong").json()
    # SMTP goes away: tomorrow's digest fails, and the health endpoint says so.
    broken = served.settings.notify.model_copy(
        update={"smtp": served.settings.notify.smtp.model_copy(update={"port": free_port()})}  # type: ignore[union-attr]
    )
    notify_once(served.ws, broken, MONDAY + timedelta(days=1))
    served.now = MONDAY + timedelta(days=1, minutes=1)
    failing = served.get("/health")
    assert failing.status_code == 503 and failing.json()["status"] == "failing"
    assert failing.json()["reminders"]["failing_channels"] == 1


def test_the_scheduler_sends_on_its_period_and_stops(anna: Cli, mail_env: SmtpServer) -> None:
    settings = load_settings(anna.db_url).notify.model_copy(update={"every": 1.0})
    ws = Workspace.open(anna.db_url)
    stop, runs = threading.Event(), []
    moment = MONDAY

    def ran(report: RunReport) -> None:
        runs.append(report)
        if len(runs) == 2:
            stop.set()

    thread = threading.Thread(target=run_scheduler, args=(ws, settings, stop, lambda: moment, ran))
    thread.start()
    thread.join(60)
    assert not thread.is_alive()
    ws.engine.dispose()
    assert [r.sent for r in runs] == [1, 0]  # the second tick finds it already sent
    assert len(mail_env.messages_to("anna@example.test")) == 1


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_the_scheduler_outlives_a_failing_run(anna: Cli, mail_env: SmtpServer) -> None:
    settings = load_settings(anna.db_url).notify.model_copy(update={"every": 1.0})
    ws = Workspace.open(anna.db_url)
    stop, calls = threading.Event(), []

    def clock() -> datetime:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the clock broke")  # stands for any failure inside a run
        stop.set()
        return datetime.fromisoformat("2026-11-23T07:30:00+00:00")

    logger = logging.getLogger("followup.notify")
    handler = Collect()
    logger.addHandler(handler)
    thread = threading.Thread(target=run_scheduler, args=(ws, settings, stop, clock))
    thread.start()
    thread.join(60)
    ws.engine.dispose()
    logger.removeHandler(handler)
    assert len(calls) == 2
    assert "reminder run failed; trying again in 1 s" in handler.lines
    assert len(mail_env.received) == 1
