"""Bounds for the fuzz tests and a count of the cases they ran.

FOLLOWUP_FUZZ=ci (the default) runs each property on a few hundred inputs, FOLLOWUP_FUZZ=long
on many thousands (a long local run). The deadline is the guard against a hang: an input
that takes longer than a few seconds to parse is a failure, whatever it would give.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import timedelta

from hypothesis import HealthCheck, settings

from followup.domain.errors import FollowupError

PROFILE = os.environ.get("FOLLOWUP_FUZZ", "ci")
EXAMPLES = {"ci": 200, "long": 5000}[PROFILE]
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CASES: Counter[str] = Counter()  # cases run, by parser: printed at the end of the session


def survives(what: str, call: object, *args: object, **kwargs: object) -> object:
    """Run `call`: a result or a FollowupError (returned) is fine; any other exception
    fails the test, as it would reach the user as a traceback."""
    CASES[what] += 1
    assert callable(call)
    try:
        return call(*args, **kwargs)
    except FollowupError as exc:
        assert exc.message.strip() and "\n" not in exc.message.strip(), exc.message
        return exc
