"""Fixtures: a real SQLite file and a real PostgreSQL database per test run.

PostgreSQL tests create a database of their own (dropped at the end), so a crashed run
leaves nothing that breaks the next. Without a server they skip, saying why, unless
FOLLOWUP_REQUIRE_ALL=1 (as in CI), where a missing server fails the run.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from followup.cli.main import app
from followup.services.workspace import Workspace
from followup.store.engine import make_engine
from followup.store.schema import upgrade
from followup.store.tables import metadata

PG_SERVER = os.environ.get("FOLLOWUP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_ALL = os.environ.get("FOLLOWUP_REQUIRE_ALL") == "1"
BACKENDS = ["sqlite", "postgresql"]


def missing(reason: str) -> None:
    """Skip, or fail in CI where nothing may be skipped."""
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (FOLLOWUP_REQUIRE_ALL=1 forbids skipping)")
    pytest.skip(reason)


class PostgresServer:
    """Creates and drops throw-away databases on the test server."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.created: list[str] = []

    def _admin(self) -> psycopg.Connection[tuple[object, ...]]:
        u = self.url
        return psycopg.connect(
            host=u.host,
            port=u.port or 5432,
            user=u.username,
            password=u.password,
            dbname=u.database,
            autocommit=True,
            connect_timeout=3,
        )

    def create(self) -> str:
        name = f"followup_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self._admin() as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer(PG_SERVER)
    try:
        server._admin().close()
    except psycopg.OperationalError as exc:
        missing(f"PostgreSQL not reachable at {PG_SERVER}: {str(exc).strip()[:120]}")
    yield server
    server.drop_all()


@pytest.fixture
def fresh_db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database (no schema) of the backend named by the test's `backend` param."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    return request.getfixturevalue("postgres").create()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once, copied for every test."""
    path = tmp_path_factory.mktemp("template") / "followup.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres: PostgresServer) -> str:
    """A PostgreSQL database migrated to head once; tests empty it before use."""
    url = postgres.create()
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database at the current schema with no rows, on SQLite and on PostgreSQL."""
    if backend == "sqlite":
        path = tmp_path / "followup.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_template")
    engine = make_engine(url)
    names = ", ".join(f'"{t.name}"' for t in reversed(metadata.sorted_tables))
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()
    yield url


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace.open(db_url)
    yield ws
    ws.engine.dispose()


@dataclass
class Cli:
    """Runs the real `followup` command in-process against one database."""

    db_url: str
    login: str = "anna"

    def __call__(self, *args: str, input: str | None = None, ok: bool = True) -> CliResult:
        env = {"FOLLOWUP_DB": self.db_url, "FOLLOWUP_USER": self.login}
        result = CliRunner().invoke(app, list(args), env=env, input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        outcome = CliResult(result.exit_code, result.stdout, result.stderr)
        if ok and result.exit_code != 0:
            raise AssertionError(f"followup {' '.join(args)} failed: {outcome}")
        return outcome

    def json(self, *args: str) -> object:
        import json

        return json.loads(self(*args, "--json").stdout)


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(db_url: str) -> Cli:
    """The CLI on a database with one user, anna, in Europe/Berlin."""
    runner = Cli(db_url)
    runner("user", "add", "anna", "--tz", "Europe/Berlin", "--role", "admin")
    return runner


@pytest.fixture(autouse=True)
def no_personal_config(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Tests never read the developer's own config file or reminder settings."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    for name in list(os.environ):
        if name.startswith(
            ("FOLLOWUP_SMTP_", "FOLLOWUP_WEBHOOK", "FOLLOWUP_NOTIFY", "FOLLOWUP_HEALTH")
        ):
            monkeypatch.delenv(name)
    monkeypatch.delenv("FOLLOWUP_CONFIG", raising=False)
    monkeypatch.delenv("FOLLOWUP_PUBLIC_URL", raising=False)
