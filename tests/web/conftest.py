"""A real HTTP server (uvicorn, in a thread, on a free port) over each test database, a
team of three with passwords and tokens, and HTTP clients signed in as each of them."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from followup.api.app import create_app
from followup.domain.model import Role
from followup.services import access, team
from followup.services.workspace import Workspace
from followup.settings import Settings
from followup.web.shared_plan import shared_app
from tests.cli.deal_helpers import german_account, japanese_deal
from tests.cli.helpers import doc, rows
from tests.conftest import Cli, missing
from tests.notify.conftest import mail_env, smtp  # noqa: F401 (fixtures for the reminder pages)
from tests.web.server import serving as serving_app

PASSWORD = "correct horse battery"


@dataclass
class Served:
    """A running server on one database."""

    url: str
    db_url: str
    tokens: dict[str, str] = field(default_factory=dict)

    def api(self, user: str | None = "anna") -> httpx.Client:
        """An API client with `user`'s bearer token (None: no credentials)."""
        headers = {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)

    def browser_session(self, user: str) -> BrowserSession:
        """An HTTP client signed in through the sign-in form, as a browser is."""
        return self.browser_session_with(user, PASSWORD)

    def browser_session_with(self, user: str, password: str) -> BrowserSession:
        client = httpx.Client(base_url=self.url, timeout=30, follow_redirects=False)
        form = client.get("/signin")
        token = csrf_in(form.text)
        answer = client.post(
            "/signin", data={"name": user, "password": password, "csrf_token": token}
        )
        assert answer.status_code == 303, answer.text
        page = client.get("/today")
        return BrowserSession(client, csrf_in(page.text))


@dataclass
class BrowserSession:
    client: httpx.Client
    csrf: str

    def post(self, path: str, data: dict[str, str] | None = None, **kw: object) -> httpx.Response:
        return self.client.post(path, data={"csrf_token": self.csrf, **(data or {})}, **kw)  # type: ignore[arg-type]


def csrf_in(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture
def served(db_url: str) -> Iterator[Served]:
    """The app served over HTTP on `db_url`, with anna (admin), mia (member), vic (viewer)."""
    ws = Workspace.open(db_url)
    now = datetime.now(UTC)
    tokens = {}
    for name, role, tz in [
        ("anna", Role.ADMIN, "Europe/Berlin"),
        ("mia", Role.MEMBER, "America/New_York"),
        ("vic", Role.VIEWER, "Asia/Tokyo"),
    ]:
        team.add_member(ws, name, tz, now, f"{name}@team.example", role, PASSWORD)
        tokens[name] = access.add_token(ws, name, "tests", now)["token"]
    ws.engine.dispose()
    with serving(db_url) as url:
        yield Served(url, db_url, tokens)


@pytest.fixture
def demo_served(db_url: str) -> Iterator[Served]:
    """The demo workspace served: anna (admin) and mike (member), omar made a viewer."""
    Cli(db_url)("demo")
    ws = Workspace.open(db_url)
    now = datetime.now(UTC)
    team.edit_user(ws, "omar", team.UserChanges(role=Role.VIEWER))
    tokens = {}
    for name in ("anna", "mike", "kenji", "omar"):
        access.set_password(ws, name, PASSWORD)
        tokens[name] = access.add_token(ws, name, "tests", now)["token"]
    ws.engine.dispose()
    with serving(db_url) as url:
        yield Served(url, db_url, tokens)


class serving:
    """uvicorn serving the app on a free port in a thread, until the block ends."""

    def __init__(self, db_url: str) -> None:
        self.app = create_app(Settings(db=db_url))
        self.sock = free_socket()
        config = uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 60  # a guard against a hang, not a speed check
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.02)
        host, port = self.sock.getsockname()
        return f"http://{host}:{port}"

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
        self.app.state.followup.workspace.engine.dispose()


ACCESS_TABLES = {"api_tokens", "web_sessions", "sign_in_failures"}


def workspace_rows(db_url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the workspace's own tables (not the access bookkeeping: a token's last
    use or a new session is not a change of the workspace)."""
    return {k: v for k, v in rows(db_url).items() if k not in ACCESS_TABLES}


SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test, so a fixture can see whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} not installed (apt-get install chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context and page; a screenshot in tests/screenshots/ if the test fails."""
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::")[-1])
        tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    context.close()


SECRET_NOTE = "Internal: they would pay up to 15M."
STEP_NOTE = "Internal: Sato is sceptical, go through Keiko."


@dataclass
class Shared:
    base: str  # the server's base URL
    url: str  # the shared page of deal 1
    token: str
    cli: Cli
    ws: Workspace


@pytest.fixture
def shared(cli: Cli, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shared]:
    """Deal 1 (Japanese, with a plan and internal notes) shared; deal 2 (German) not."""
    year = datetime.now(UTC).year + 1
    japanese_deal(cli, "--decision-by", f"{year}-04-30", "--template", "japan_consensus")
    cli("plan", "add", "1", "Site visit <b>&</b> “demo”", "--due", f"{year}-02-01",
        "--notes", STEP_NOTE)  # fmt: skip
    german_account(cli)
    cli("deal", "add", "Braun Maschinenbau GmbH", "Retrofit Braun", "--contact", "Hans Braun",
        "--value", "480000", "--currency", "EUR")  # fmt: skip
    cli("deal", "add", "Tanaka Seiki KK", "Other Tanaka deal", "--contact", "Hiroshi Sato")
    with serving_app(shared_app(workspace)) as base:
        monkeypatch.setenv("FOLLOWUP_BASE_URL", base)
        link = doc(cli, "plan", "share", "1")
        url = str(link["url"])
        assert url.startswith(f"{base}/shared/")
        yield Shared(base, url, url.rsplit("/", 1)[1], cli, workspace)
