"""The capture use cases as a web adapter calls them (plain inputs, dataclass outputs), on
SQLite and PostgreSQL: a draft writes nothing; the edited decisions are saved in one go."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from followup.domain.errors import InvalidInput
from followup.domain.model import InteractionKind, Side
from followup.services import capture, directory, people
from followup.services.contact import LogInput
from followup.services.recap import recap
from followup.services.workspace import Workspace
from tests.cli.helpers import rows

NOW = datetime(2026, 11, 23, 16, tzinfo=UTC)
NOTES = (
    "Tanaka-san will send the signed NDA by Friday.\n"
    "I'll prepare the Japanese manual within two weeks.\n"
    "We agreed on a monthly call.\n"
)


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    directory.add_user(workspace, "anna", "Europe/Berlin", NOW)
    people.add_person(workspace, people.PersonFields(name="Aiko Tanaka", country="JP"), NOW, "anna")
    return workspace


def test_a_draft_writes_nothing_and_dates_in_the_persons_zone(ws: Workspace, db_url: str) -> None:
    before = rows(db_url)
    draft = capture.draft_meeting(ws, "Aiko Tanaka", NOTES, "2026-11-23T17:30", NOW, "anna")
    assert rows(db_url) == before
    assert (draft.person_name, draft.timezone, draft.language) == (
        "Aiko Tanaka",
        "Asia/Tokyo",
        "en",
    )
    assert [(p.owner, p.who, p.what, p.due) for p in draft.proposals] == [
        (Side.THEM, "Aiko Tanaka", "send signed NDA", "2026-11-27"),
        (Side.US, "anna", "prepare Japanese manual", "2026-12-08"),
    ]
    assert draft.cadence is not None and draft.cadence.every_days == 30
    # 17:30 in Berlin is already Tuesday in Tokyo: "within two weeks" counts from there.
    assert draft.at == datetime(2026, 11, 23, 16, 30, tzinfo=UTC)


def test_saving_the_decisions(ws: Workspace) -> None:
    draft = capture.draft_meeting(ws, "Aiko Tanaka", NOTES, "2026-11-23T10:00", NOW, "anna")
    nda, manual = draft.proposals
    edited = replace(manual, due=capture.resolve_due("next Friday", draft), what="send manual")
    entry = LogInput(kind=InteractionKind.CALL, at="2026-11-23T10:00", notes=NOTES)
    logged = capture.save_meeting(ws, draft, entry, [nda, edited], draft.cadence, NOW, "anna")
    assert [c["what"] for c in logged.commitments] == ["send signed NDA", "send manual"]
    assert (
        logged.commitments[1]["due"] == "2026-12-04T14:59:59+00:00"
    )  # Friday, end of day in Tokyo
    assert logged.agreement is not None and logged.agreement["every_days"] == 30
    email = recap(ws, logged.interaction_id, "text")
    assert "- Send manual — by Friday, December 4, 2026" in email.body
    assert email.locale == "en_US"


def test_a_bad_due_while_editing(ws: Workspace) -> None:
    draft = capture.draft_meeting(ws, "Aiko Tanaka", NOTES, None, NOW, "anna")
    with pytest.raises(InvalidInput, match="cannot tell which day 'whenever' is"):
        capture.resolve_due("whenever", draft)
    assert capture.resolve_due("2027-01-04", draft) == "2027-01-04"


def test_too_long_notes_are_refused_before_anything(ws: Workspace) -> None:
    with pytest.raises(InvalidInput, match="limited to 100,000 characters"):
        capture.draft_meeting(ws, "Aiko Tanaka", "x" * 100_001, None, NOW, "anna")
