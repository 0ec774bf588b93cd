"""A script that logs many interactions through the service `followup log` calls, each with
a promise on either side and a unique marker in its notes: the kill tests' driver.

    python -m tests.trust.log_driver URL COUNT

Like a user re-running a script after a crash, it first looks which markers are in the
database and logs only the others, so a killed run followed by a re-run logs each once.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from followup.domain.model import Direction, InteractionKind, Outcome, Side
from followup.services.contact import LogInput, inline_promise, log_interaction
from followup.services.workspace import Workspace
from followup.store.tables import interactions

PEOPLE = 12
START = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
MARK = "kill-log-"


def marker(number: int) -> str:
    return f"{MARK}{number:05d}"


def entry(number: int) -> tuple[str, LogInput]:
    """The number-th interaction: whom, and what (a varied, fixed, distinct moment)."""
    at = START + timedelta(hours=5 * number)
    outcome = (None, Outcome.REACHED, Outcome.NO_ANSWER, Outcome.REPLIED)[number % 4]
    direction = Direction.IN if outcome is Outcome.REPLIED else Direction.OUT
    kind = InteractionKind.EMAIL if direction is Direction.IN else InteractionKind.CALL
    due = (at + timedelta(days=3 + number % 9)).date().isoformat()
    promises = [inline_promise(Side.US, f"send item {number} by {due}")]
    if number % 3 == 0:
        promises.append(inline_promise(Side.THEM, f"confirm item {number} by {due}"))
    log = LogInput(kind, direction, outcome, at.isoformat(), marker(number), promises, confirm=True)
    return f"Kill Person {number % PEOPLE:02d}", log


def logged(ws: Workspace) -> set[str]:
    query = select(interactions.c.notes).where(interactions.c.notes.like(f"{MARK}%"))
    with ws.engine.connect() as conn:
        return {str(notes) for notes in conn.execute(query).scalars()}


def main(url: str, count: int) -> None:
    ws = Workspace.open(url)
    done = logged(ws)
    for number in range(count):
        if marker(number) not in done:
            person, log = entry(number)
            log_interaction(ws, person, log, NOW, "anna")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
