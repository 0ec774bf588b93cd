"""The web tests use the reminder tests' real SMTP server."""

from tests.notify.conftest import mail_env, smtp

__all__ = ["mail_env", "smtp"]
