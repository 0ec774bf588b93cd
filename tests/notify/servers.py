"""Real servers on localhost for the reminder tests: an SMTP server (aiosmtpd) that parses
and keeps what it receives, and an HTTP server that keeps every webhook request."""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    envelope_to: list[str]
    message: EmailMessage

    @property
    def plain(self) -> str:
        part = self.message.get_body(("plain",))
        assert part is not None
        return str(part.get_content())

    @property
    def html(self) -> str:
        part = self.message.get_body(("html",))
        assert part is not None
        return str(part.get_content())


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_RCPT(
        self, server: Any, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.server.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.server.lock:
            self.server.received.append(Received(list(envelope.rcpt_tos), parsed))
            self.server.peers.add(session.peer)
        self.server.arrived.set()
        while self.server.hold(self.server):  # keep the client waiting for its 250
            await asyncio.sleep(0.02)
        return "250 Message accepted"


@dataclass
class SmtpServer:
    """aiosmtpd on a free port; `refuse` addresses get a 550; with `login` it demands AUTH."""

    login: tuple[str, str] | None = None
    tls_files: tuple[Path, Path] | None = None
    implicit_tls: bool = False
    port: int = field(default_factory=free_port)
    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    peers: set[Any] = field(default_factory=set)
    hold: Callable[[SmtpServer], bool] = lambda _server: False
    lock: threading.Lock = field(default_factory=threading.Lock)
    arrived: threading.Event = field(default_factory=threading.Event)
    controller: Controller | None = None

    def start(self) -> SmtpServer:
        options: dict[str, Any] = {}
        if self.login is not None:
            options.update(authenticator=self._authenticate, auth_required=True)
        if self.tls_files is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*self.tls_files)
            if self.implicit_tls:
                # aiosmtpd cannot tell it is wrapped in TLS, so it would withhold AUTH.
                options.update(ssl_context=context, auth_require_tls=False)
            else:
                options.update(tls_context=context, require_starttls=True)
        self.controller = Controller(
            _Handler(self), hostname="127.0.0.1", port=self.port, **options
        )
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def _authenticate(
        self, server: Any, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        assert self.login is not None
        good = (
            isinstance(data, LoginPassword)
            and (
                data.login.decode(),
                data.password.decode(),
            )
            == self.login
        )
        return AuthResult(success=good, handled=False)

    def messages_to(self, address: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if address in r.envelope_to]

    def env(self, **extra: str) -> dict[str, str]:
        """The FOLLOWUP_SMTP_* settings that point followup here."""
        return {
            "FOLLOWUP_SMTP_HOST": "127.0.0.1",
            "FOLLOWUP_SMTP_PORT": str(self.port),
            "FOLLOWUP_SMTP_SECURITY": "none",
            "FOLLOWUP_SMTP_FROM": "followup@example.test",
            "FOLLOWUP_SMTP_TIMEOUT": "10",
            **extra,
        }


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    """A real HTTP server: answers each path with `answers[path]` (a status code, or
    'sleep' to make the caller time out) and keeps every request it gets."""

    answers: dict[str, int | str] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    port: int = field(default_factory=free_port)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> WebhookReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                body = self.rfile.read(length)
                with receiver.lock:
                    receiver.hits.append(Hit(self.path, dict(self.headers.items()), body))
                    answer = receiver.answers.get(self.path, 200)
                if answer == "sleep":
                    time.sleep(3)
                    answer = 200
                self.send_response(int(answer))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def to(self, path: str) -> list[Hit]:
        with self.lock:
            return [hit for hit in self.hits if hit.path == path]


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost and 127.0.0.1 made with openssl, and its key."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key
