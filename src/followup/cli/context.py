"""What every command needs: settings, the workspace, the clock, and errors rendered once."""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NoReturn

import typer
from sqlalchemy.exc import SQLAlchemyError
from typer.core import TyperGroup

from followup.cli import render
from followup.domain.errors import FollowupError
from followup.services.directory import acting_user, require_user, viewer_timezone
from followup.services.workspace import Workspace
from followup.settings import Settings


class FollowupGroup(TyperGroup):
    """Renders every FollowupError (and database failure) in this one place:
    one line on stderr, exit code 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except FollowupError as exc:
            fail(exc.message)
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            fail(f"database error: {reason}")


# Every edit command takes it: the edit is refused, nothing written, if the record is no
# longer at that version (someone else changed it since it was read).
IF_VERSION = typer.Option(
    None,
    "--if-version",
    metavar="N",
    min=1,
    max=2**31 - 1,
    help="Refuse (writing nothing) if it changed since version N (the 'version' of --json).",
)


def fail(message: str) -> NoReturn:
    sys.stderr.write(f"error: {message}\n")
    raise typer.Exit(1)


def warn(messages: Iterable[str]) -> None:
    """One 'warning: ...' line on stderr each: stdout stays the command's output."""
    for message in messages:
        sys.stderr.write(f"warning: {message}\n")


@dataclass
class Session:
    settings: Settings
    acts_as_user: bool = True  # False for set-up commands (init, user, demo, db)
    _workspace: Workspace | None = field(default=None)

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            opened = Workspace.open(self.settings.db)
            if self.settings.user and self.acts_as_user:
                require_user(opened, self.settings.user)
            self._workspace = opened.acting_as(acting_user(opened, self.login))
            render.display.timezone = viewer_timezone(self._workspace, self.login)
            render.display.now = self.now()
        return self._workspace

    @property
    def login(self) -> str | None:
        """Who is working: FOLLOWUP_USER (or --user), else the operating system login."""
        if self.settings.user:
            return self.settings.user
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return None

    def now(self) -> datetime:
        return datetime.now(UTC)


def session(ctx: typer.Context) -> Session:
    obj = ctx.find_root().obj
    assert isinstance(obj, Session)
    return obj


def print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
