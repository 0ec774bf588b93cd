"""The trust tests use the reminder tests' real SMTP server and webhook receiver."""

from tests.notify.conftest import receiver, smtp

__all__ = ["receiver", "smtp"]
