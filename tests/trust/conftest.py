"""The trust tests use the reminder tests' real SMTP server and webhook receiver and the web
tests' real HTTP server, and say at the end how many fuzz cases and kills they ran."""

import pytest

from tests.notify.conftest import receiver, smtp
from tests.web.conftest import served

__all__ = ["receiver", "served", "smtp"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How much the trust tests did: fuzz cases by parser, and the kills survived."""
    from tests.trust.fuzzing import CASES, PROFILE
    from tests.trust.kills import SURVIVED

    if CASES:
        counts = ", ".join(f"{what} {n:,}" for what, n in sorted(CASES.items()))
        terminalreporter.write_line(
            f"fuzz cases run ({PROFILE}): {sum(CASES.values()):,} ({counts})"
        )
    for line in SURVIVED:
        terminalreporter.write_line(f"kills survived, {line}")
