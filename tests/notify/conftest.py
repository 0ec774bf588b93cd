"""Fixtures for the reminder tests: real SMTP and HTTP servers on localhost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.notify.servers import SmtpServer, WebhookReceiver


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver().start()
    yield server
    server.stop()


@pytest.fixture
def mail_env(smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> SmtpServer:
    """The SMTP server, with FOLLOWUP_SMTP_* pointing at it for the CLI run in-process."""
    for name, value in smtp.env().items():
        monkeypatch.setenv(name, value)
    return smtp
