"""Sending mail over SMTP (plain, STARTTLS or SSL), with failures in plain words.

One connection serves a whole run. If connecting or logging in fails, every later message
of the run fails at once with the same reason instead of waiting for the same timeout again.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from types import TracebackType

from followup.notify.digest import Digest
from followup.notify.settings import SmtpSettings


class DeliveryFailed(Exception):
    """A reminder did not get through; `permanent` ones are not tried again."""

    def __init__(self, reason: str, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


def digest_message(
    digest: Digest, sender: str, recipient: str, key: str, sent_at: datetime
) -> EmailMessage:
    """The digest as a multipart/alternative mail; its Message-ID derives from the ledger
    key, so even a mail system that saw it twice would know it is one message."""
    message = EmailMessage()
    message["Subject"] = digest.subject
    message["From"] = f"followup <{sender}>"
    message["To"] = recipient
    message["Date"] = format_datetime(sent_at)
    domain = sender.rpartition("@")[2]
    message["Message-ID"] = f"<{key.replace('/', '.')}@{domain}>" if key else make_msgid()
    message["X-Followup-Reminder"] = key
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    message.set_content(digest.text)
    message.add_alternative(digest.html, subtype="html")
    return message


class Mailer:
    """A lazy SMTP connection for one run: `with Mailer(settings) as mailer: mailer.send(m)`."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._client: smtplib.SMTP | None = None
        self._broken: DeliveryFailed | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def send(self, message: EmailMessage) -> None:
        client = self._connected()
        try:
            client.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            refused = "; ".join(f"{rcpt}: {_reply(*r)}" for rcpt, r in exc.recipients.items())
            reason = f"the SMTP server refused the recipient ({refused})"
            raise DeliveryFailed(reason, permanent=True) from None
        except smtplib.SMTPResponseException as exc:
            self._drop()
            permanent = 500 <= exc.smtp_code < 600
            reason = f"{self._where()} answered {_reply(exc.smtp_code, exc.smtp_error)}"
            raise DeliveryFailed(reason, permanent) from None
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise DeliveryFailed(f"lost the connection to {self._where()}: {_plain(exc)}") from None

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.quit()
            except (smtplib.SMTPException, OSError):
                self._client.close()
            self._client = None

    def _where(self) -> str:
        return f"SMTP server {self.settings.where}"

    def _drop(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _connected(self) -> smtplib.SMTP:
        if self._broken is not None:
            raise self._broken
        if self._client is None:
            try:
                self._client = self._connect()
            except DeliveryFailed as exc:
                self._broken = exc
                raise
        return self._client

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        try:
            if s.security == "ssl":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=context
                )
            else:
                client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    client.starttls(context=context)
        except smtplib.SMTPNotSupportedError:
            raise DeliveryFailed(f"{self._where()} does not offer STARTTLS") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryFailed(f"cannot reach {self._where()}: {_plain(exc)}") from None
        if s.user and s.password is not None:
            try:
                client.login(s.user, s.password.get_secret_value())
            except smtplib.SMTPAuthenticationError as exc:
                client.close()
                reply = _reply(exc.smtp_code, exc.smtp_error)
                reason = f"{self._where()} refused the login of {s.user!r}: {reply}"
                raise DeliveryFailed(reason) from None
            except (smtplib.SMTPException, OSError) as exc:
                client.close()
                raise DeliveryFailed(f"cannot log in to {self._where()}: {_plain(exc)}") from None
        return client


def _reply(code: int, text: bytes | str) -> str:
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(message.split())}"


def _plain(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return f"unknown host ({exc.strerror})"
    return str(exc).strip() or type(exc).__name__
