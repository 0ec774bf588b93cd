"""What the capture (meeting notes) and intake (contact files) endpoints take and answer."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from followup.api.schemas import Body, Days, Document, Moment, Short, TouchIn
from followup.domain.model import Channel, Side

Names = Annotated[list[Short], Field(max_length=50)]
Language = Annotated[str, Field(min_length=2, max_length=8, description="en or de")]
Notes = Annotated[str, Field(min_length=1, max_length=100_000)]


class ExtractIn(Body):
    text: Notes
    at: Moment | None = Field(None, description="when the meeting was (default: now)")
    tz: Annotated[str, Field(max_length=64)] | None = Field(
        None, description="the meeting's time zone (default: yours)"
    )
    us: Names = Field(default=[], description="names on our side")
    them: Names = Field(default=[], description="names on theirs")
    lang: Language | None = Field(None, description="default: detected")


class ProposedCommitment(Document):
    owner: Side
    who: str | None
    what: str
    due: str | None
    agreed: bool
    quote: str


class ProposedRhythm(Document):
    every_days: int
    channel: str | None


class Extraction(Document):
    """The contract of `followup extract --json`."""

    commitments: list[ProposedCommitment]
    cadence: ProposedRhythm | None


class ConfirmedCommitment(Body):
    """A proposal of /api/extract as the user accepted or edited it."""

    owner: Side
    what: Annotated[str, Field(min_length=1, max_length=2000)]
    due: Annotated[str, Field(min_length=1, max_length=64)] | None = Field(
        None,
        description="ISO date, or a phrase such as 'next Friday' counted from the meeting; "
        "none: a week after the meeting",
    )
    who: Short | None = None
    agreed: bool = False
    quote: Annotated[str, Field(max_length=2000)] = ""


class RhythmIn(Body):
    every_days: Days
    channel: Channel | None = None


class MeetingIn(TouchIn):
    notes: Notes
    lang: Language | None = None
    commitments: list[ConfirmedCommitment] = Field(default=[], max_length=50)
    rhythm: RhythmIn | None = Field(None, description="the rhythm agreed in the meeting")


class LoggedMeeting(Document):
    interaction_id: int
    person_id: int
    at: str | None
    commitments: list[dict[str, Any]]
    agreement: dict[str, Any] | None
    next_due_at: str | None
    dated_by_default: list[str] = Field(description="commitments due a week after by default")


class Recap(Document):
    subject: str
    body: str
    format: str
    language: str
    locale: str


class ImportProblem(Document):
    file: str
    record: int | None
    line: int | None
    error: str
    skipped: bool


class ImportedFile(Document):
    file: str
    format: str
    records: int
    created: int
    merged: int
    unchanged: int
    errors: int


class ImportReport(Document):
    """The contract of `followup import --json` (a dry run adds `records`)."""

    created: int
    merged: int
    unchanged: int
    errors: list[ImportProblem]
    conflicts: list[dict[str, Any]]
    files: list[ImportedFile]
    dry_run: bool
