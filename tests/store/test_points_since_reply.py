"""The agenda reads, for a silent person, only the follow-up points our touches used since
their last reply (the store filters; the agenda no longer folds whole histories). Both
backends."""

from __future__ import annotations

from followup.domain.model import FollowUpPoint
from followup.services.workspace import Workspace
from followup.store.intelligence import points_since_reply
from followup.store.tables import people
from tests.conftest import Cli


def person_id(ws: Workspace, name: str) -> int:
    with ws.engine.connect() as conn:
        found: int = conn.execute(people.select().where(people.c.name == name)).one().id
    return found


def log(cli: Cli, at: str, *args: str) -> None:
    """An attempt of ours that was not answered, unless `args` say otherwise (a touch
    that reached them counts as their reply)."""
    outcome = [] if "--direction" in args else ["--outcome", "no_answer"]
    cli("log", "Jane Roe", "--at", at, *args, *outcome, "--yes")


def test_only_our_pointed_touches_after_the_last_reply_count(
    cli: Cli, workspace: Workspace
) -> None:
    cli("person", "add", "Jane Roe", "--tz", "Europe/Berlin")
    cli("person", "add", "John Doe", "--tz", "Europe/Berlin")
    log(cli, "2026-10-01T10:00", "--kind", "email", "--point", "article")
    log(cli, "2026-10-05T10:00", "--kind", "email", "--direction", "in")  # the last reply
    log(cli, "2026-10-06T10:00", "--kind", "visit")  # a visit is its own point
    log(cli, "2026-10-07T10:00", "--kind", "call", "--point", "introduction")
    log(cli, "2026-10-08T10:00", "--kind", "call")  # no point used
    log(cli, "2026-10-09T10:00", "--kind", "message", "--direction", "in", "--point", "article")
    jane, john = person_id(workspace, "Jane Roe"), person_id(workspace, "John Doe")
    with workspace.engine.connect() as conn:
        found = points_since_reply(conn, [jane, john])
    # The inbound message of the 9th is a reply too: nothing pointed was sent after it.
    assert found == {}
    log(cli, "2026-10-10T10:00", "--kind", "visit")
    log(cli, "2026-10-11T10:00", "--kind", "email", "--point", "introduction")
    with workspace.engine.connect() as conn:
        found = points_since_reply(conn, [jane, john])
    assert found == {jane: {FollowUpPoint.VISIT, FollowUpPoint.INTRODUCTION}}


def test_a_person_who_never_replied_counts_every_pointed_touch(
    cli: Cli, workspace: Workspace
) -> None:
    cli("person", "add", "Jane Roe", "--tz", "Europe/Berlin")
    log(cli, "2026-10-01T10:00", "--kind", "email", "--point", "article")
    log(cli, "2026-10-02T10:00", "--kind", "email", "--point", "check_in")
    jane = person_id(workspace, "Jane Roe")
    with workspace.engine.connect() as conn:
        assert points_since_reply(conn, [jane]) == {
            jane: {FollowUpPoint.ARTICLE, FollowUpPoint.CHECK_IN}
        }
