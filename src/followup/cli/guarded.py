"""Asking before logging a contact that breaks the agreed rhythm (the too-much guard)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.markup import escape

from followup.cli import render as show
from followup.cli.context import fail
from followup.services.guard import NeedsConfirmation

T = TypeVar("T")


def interactive() -> bool:
    """Whether someone at a terminal can answer; scripts must pass --yes instead."""
    return sys.stdin.isatty()


def confirmed(run: Callable[[bool], T], yes: bool) -> T:
    """`run(False)`, and if that breaks an agreement: with --yes or a 'yes' at the
    terminal, `run(True)` (which records the breach); else one clear error."""
    try:
        return run(yes)
    except NeedsConfirmation as exc:
        if not interactive():
            raise
        for breach in exc.verdict.breaches:
            show.console.print(f"[yellow]![/yellow] {escape(breach)}")
        if not typer.confirm("Log it anyway (the breach is recorded)?", default=False):
            fail("not logged: the agreement stands")
        return run(True)


def report(guard: dict[str, Any]) -> None:
    """After logging: the breaches confirmed, and what colleagues did this week."""
    for breach in guard["breaches"]:
        show.console.print(f"[yellow]![/yellow] logged despite: {escape(breach)} (recorded)")
    for notice in guard["notices"]:
        show.console.print(f"[cyan]i[/cyan] {escape(notice)}")
